package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/importer"
	"outpost/domain/people"
)

// FileOpener is the desktop's native open dialog. It is its own interface beside Desktop so
// that the desktops which never open a file need not say so.
type FileOpener interface {
	// OpenFileDialog asks for a file to read: its path, "" when canceled.
	OpenFileDialog(ctx context.Context, title string, patterns string) (string, error)
}

// OpenFileDialog is GTK's (or Windows') open dialog.
func (w wailsDesktop) OpenFileDialog(_ context.Context, title, patterns string) (string, error) {
	path, err := wruntime.OpenFileDialog(w.app.ctx, wruntime.OpenDialogOptions{
		Title: title, DefaultDirectory: downloadsDir(),
		Filters: []wruntime.FileFilter{{DisplayName: "CSV files", Pattern: patterns}},
	})
	if err != nil {
		return "", fmt.Errorf("open dialog: %w", err)
	}
	return path, nil
}

// Imports is bound to the frontend: Settings → Import, for managers and admins. It reads the
// chosen file for a preview and a guessed mapping, then imports it with the person's mapping.
type Imports struct {
	app *App
	mu  sync.Mutex
	now importer.Progress
}

// NewImports returns the imports facade of a.
func NewImports(a *App) *Imports { return &Imports{app: a} }

func (x *Imports) manager(ctx context.Context) (*desk.Desk, people.Actor, error) {
	d, actor, err := x.app.who(ctx)
	if err != nil {
		return nil, actor, err
	}
	return d, actor, actor.Require(people.Manager, "import records")
}

// Choose asks for the file to import in the native dialog: its path, "" when canceled.
func (x *Imports) Choose() (string, error) {
	ctx := context.Background()
	if _, _, err := x.manager(ctx); err != nil {
		return "", err
	}
	o, ok := x.app.desktop().(FileOpener)
	if !ok {
		return "", fault.Field("file", "choosing a file needs the desktop window")
	}
	return o.OpenFileDialog(ctx, "Import a CSV file", "*.csv;*.txt;*.tsv")
}

// Preview reads the file at path under the mapping m (a mapping with no columns is guessed
// from the header): its first rows, its row count, and the mapping with the value maps and
// date formats guessed, and whom each person or group value names here.
func (x *Imports) Preview(path string, m importer.Mapping) (*importer.Preview, error) {
	ctx := context.Background()
	d, _, err := x.manager(ctx)
	if err != nil {
		return nil, err
	}
	f, err := openImport(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return importer.PeekAt(d.DB.WithContext(ctx), d.People.SystemID, f, m, importer.DefaultLimits)
}

// Fields lists the fields a column of a file of kind may map to.
func (x *Imports) Fields(kind string) ([]importer.Field, error) {
	if _, _, err := x.manager(context.Background()); err != nil {
		return nil, err
	}
	return importer.Fields(importer.Kind(kind)), nil
}

// Run imports the file at path with the mapping m. Rows refused by the checks are in the
// report (with nothing written unless skip); a file that cannot be read is an error. Its
// progress is emitted as "import:progress" and read by Progress.
func (x *Imports) Run(path string, m importer.Mapping, skip bool) (*importer.Report, error) {
	ctx := context.Background()
	d, actor, err := x.manager(ctx)
	if err != nil {
		return nil, err
	}
	f, err := openImport(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	size := int64(0)
	if st, err := f.Stat(); err == nil {
		size = st.Size()
	}
	x.progress(importer.Progress{Total: size})
	rep, err := runImport(ctx, d, actor, f, m, importer.Options{SkipRefused: skip, Size: size, Progress: x.progress})
	if importer.CodeOf(err) == importer.CodeRefused {
		return rep, nil // the report says which rows, and that nothing was written
	}
	if err != nil {
		return nil, err
	}
	if rep.Written {
		x.app.emit("ticket:changed", "")
		x.app.emit("asset:changed")
	}
	return rep, nil
}

// Progress is how far the running (or last) import got.
func (x *Imports) Progress() importer.Progress {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.now
}

func (x *Imports) progress(p importer.Progress) {
	x.mu.Lock()
	x.now = p
	x.mu.Unlock()
	x.app.emit("import:progress", p)
}

func openImport(path string) (*os.File, error) {
	if path == "" {
		return nil, fault.Field("file", "choose a file to import")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, fault.Field("file", "cannot read %s: %v", path, err)
	}
	return f, nil
}

// runImport is the one place an import's format is chosen: the mapping's "format" ("csv"
// when empty) picks the importer that reads the file.
func runImport(ctx context.Context, d *desk.Desk, actor people.Actor, r io.Reader, m importer.Mapping, o importer.Options) (*importer.Report, error) {
	switch m.Format {
	case "", importer.FormatCSV:
		return importer.Run(ctx, d, actor, r, m, o)
	default:
		return nil, &importer.Error{Code: importer.CodeMapping, Field: "format", Message: fmt.Sprintf("unknown import format %q: this build reads csv", m.Format)}
	}
}

// ErrImportRefused is ImportCommand's error when rows were refused (the report was printed).
var ErrImportRefused = errors.New("rows refused")

// ImportCommand imports file into the profile at profile with the mapping in the JSON file
// mapping, as the profile's owner, and prints the report to out. Refused rows print with
// their line, column and reason; the error is then ErrImportRefused (a non-zero exit).
func ImportCommand(ctx context.Context, profile, file, mappingFile string, skip bool, out io.Writer) error {
	raw, err := os.ReadFile(mappingFile)
	if err != nil {
		return fmt.Errorf("read the mapping: %w", err)
	}
	var m importer.Mapping
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil {
		return fmt.Errorf("read the mapping %s: %w", mappingFile, err)
	}
	if _, err := os.Stat(profile); err != nil {
		return fmt.Errorf("open profile: %w", err)
	}
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("read the file: %w", err)
	}
	defer f.Close()
	d, err := desk.Open(ctx, profile, time.Now)
	if err != nil {
		return err
	}
	defer d.Close()
	owner, err := d.Owner(ctx)
	if err != nil {
		return err
	}
	rep, err := runImport(ctx, d, owner, f, m, importer.Options{SkipRefused: skip})
	if rep != nil {
		printReport(out, file, rep)
	}
	if importer.CodeOf(err) == importer.CodeRefused {
		return fmt.Errorf("%w: %v", ErrImportRefused, err)
	}
	return err
}

func printReport(out io.Writer, file string, rep *importer.Report) {
	fmt.Fprintf(out, "read %d rows of %ss from %s (%s, delimiter %q)\n", rep.Rows, rep.Kind, file, rep.Encoding, rep.Delimiter)
	for _, r := range rep.Refused {
		col := r.Column
		if col == "" {
			col = "-"
		}
		fmt.Fprintf(out, "refused line %d, column %s: %s: %s\n", r.Line, col, r.Code, r.Message)
	}
	if n := rep.RefusedRows - len(rep.Refused); n > 0 {
		fmt.Fprintf(out, "and %d more refused rows\n", n)
	}
	switch {
	case rep.Written:
		fmt.Fprintf(out, "imported %d, refused %d\n", rep.Imported, rep.RefusedRows)
	case rep.RefusedRows > 0:
		fmt.Fprintf(out, "imported nothing: %d rows refused (use --skip-refused to import the other %d)\n", rep.RefusedRows, rep.Accepted)
	default:
		fmt.Fprintln(out, "imported nothing: the file has no rows")
	}
}
