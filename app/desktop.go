package app

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"outpost/domain/fault"
)

// Desktop is what the app asks of the desktop outside its page: the system browser, the
// native save dialog and the system print dialog. The real one is Wails' runtime; tests and the e2e dev build inject
// their own, since neither can be driven without a person at a real desktop.
type Desktop interface {
	// OpenURL opens an already checked URL in the system browser.
	OpenURL(ctx context.Context, url string) error
	// SaveFileDialog asks where to save a file: the chosen path ("" when canceled), and
	// whether the dialog itself already asked before choosing an existing file.
	SaveFileDialog(ctx context.Context, r SaveRequest) (path string, confirmedOverwrite bool, err error)
	// Print opens the system print dialog on the window as it is (its print stylesheet
	// decides what shows); the dialog offers printing to a PDF file.
	Print(ctx context.Context) error
}

// SaveRequest is what the save dialog starts with.
type SaveRequest struct {
	Title            string
	DefaultDirectory string
	DefaultFilename  string
}

// wailsDesktop is the real desktop: the system browser and GTK's (or Windows') save dialog,
// both of which ask before replacing an existing file (Wails v2.16 sets GTK's
// do_overwrite_confirmation; IFileSaveDialog has FOS_OVERWRITEPROMPT by default).
type wailsDesktop struct{ app *App }

func (w wailsDesktop) OpenURL(_ context.Context, u string) error {
	wruntime.BrowserOpenURL(w.app.ctx, u)
	return nil
}

func (w wailsDesktop) SaveFileDialog(_ context.Context, r SaveRequest) (string, bool, error) {
	path, err := wruntime.SaveFileDialog(w.app.ctx, wruntime.SaveDialogOptions{
		Title: r.Title, DefaultDirectory: r.DefaultDirectory, DefaultFilename: r.DefaultFilename, CanCreateDirectories: true,
	})
	if err != nil {
		return "", false, fmt.Errorf("save dialog: %w", err)
	}
	return path, true, nil
}

// Print goes through Wails rather than the page's window.print(): on Linux (WebKitGTK) and
// Windows (WebView2) Wails runs window.print(), which opens the system dialog, but macOS'
// WKWebView ignores window.print(), and Wails runs a native print operation there instead.
func (w wailsDesktop) Print(context.Context) error {
	if w.app.ctx == nil || w.app.ctx.Value("frontend") == nil {
		return fault.Field("print", "printing needs the desktop window")
	}
	wruntime.WindowPrint(w.app.ctx)
	return nil
}

func (a *App) desktop() Desktop {
	if a.opts.Desktop != nil {
		return a.opts.Desktop
	}
	return wailsDesktop{app: a}
}

// Links is bound to the frontend: it opens a link from rendered user content in the system
// browser, never in the app's own window.
type Links struct{ app *App }

// NewLinks returns the links facade of a.
func NewLinks(a *App) *Links { return &Links{app: a} }

// Open opens rawURL in the system browser after checking it is an http(s) address with a
// host or a mailto address; anything else (javascript:, file:, data:, the app's own scheme) is
// refused.
func (l *Links) Open(rawURL string) error {
	ctx := context.Background()
	if _, _, err := l.app.who(ctx); err != nil {
		return err
	}
	u, err := CheckLink(rawURL)
	if err != nil {
		return err
	}
	if err := l.app.desktop().OpenURL(ctx, u); err != nil {
		return fmt.Errorf("open %s: %w", u, err)
	}
	return nil
}

// CheckLink returns the URL a link may open in the system browser, or a validation error on
// "url".
func CheckLink(raw string) (string, error) {
	if raw == "" || strings.IndexFunc(raw, func(r rune) bool { return r <= ' ' || r == 0x7f }) >= 0 {
		return "", fault.Field("url", "this link cannot be opened: it is empty or has spaces or control characters")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fault.Field("url", "this link cannot be opened: %v", err)
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" || u.Hostname() == "" {
			return "", fault.Field("url", "this link has no host")
		}
	case "mailto":
		if u.Opaque == "" {
			return "", fault.Field("url", "this mail link has no address")
		}
	default:
		return "", fault.Field("url", "only web (http, https) and mail links open outside Outpost")
	}
	return u.String(), nil
}

// Saved is where a saved attachment went. Exists means the chosen file is already there and
// nothing was written: the person is asked, and ReplaceWithAttachment writes it on a yes.
type Saved struct {
	Path     string `json:"path"`
	Canceled bool   `json:"canceled"`
	Exists   bool   `json:"exists"`
}

// downloadsDir is where the save dialog starts: ~/Downloads when it exists, else home.
func downloadsDir() string {
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	dl := filepath.Join(home, "Downloads")
	if st, err := os.Stat(dl); err == nil && st.IsDir() {
		return dl
	}
	return home
}

// writeNew writes data to path only if no file is there; ok is false when one is.
func writeNew(path string, data []byte) (ok bool, err error) {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if os.IsExist(err) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("save %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		_ = f.Close()
		_ = os.Remove(path)
		return false, fmt.Errorf("save %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		_ = os.Remove(path)
		return false, fmt.Errorf("save %s: %w", path, err)
	}
	return true, nil
}

// replace writes data over path through a temp file in the same folder, so a failure leaves
// the old file whole.
func replace(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".outpost-save-*")
	if err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("save %s: %w", path, werr)
	}
	return nil
}
