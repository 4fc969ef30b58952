// Command outpost is the desktop app: an offline-first IT service desk on a local profile.
package main

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	"github.com/wailsapp/wails/v2/pkg/options/windows"
	wruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"outpost/app"
)

//go:embed all:frontend/dist
var assets embed.FS

// icon is the Linux window's icon: the app icon at 256 px (build/appicon.png, 1024 px, is
// for the installers). GTK keeps the decoded bitmap and sends it to the X server through
// shared memory; at 1024 px that was 4 MB of each.
//
//go:embed build/linux/windowicon.png
var icon []byte

// csp keeps every script, style and image local: user text rendered by mistake as HTML still
// cannot load or run anything from elsewhere.
const csp = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
	"font-src 'self' data:; connect-src 'self' ws://localhost:* wails:; object-src 'none'; frame-src 'none'; base-uri 'none'; form-action 'none'"

func main() {
	started := time.Now()
	path, err := app.ProfilePath(flagValue(os.Args[1:], "profile"))
	if err != nil {
		fmt.Fprintln(os.Stderr, "outpost:", err)
		os.Exit(2)
	}
	// --verify-audit and --export-audit FILE run on the profile and exit, with no window.
	if verify, export := hasFlag(os.Args[1:], "verify-audit"), flagValue(os.Args[1:], "export-audit"); verify || export != "" {
		if err := app.AuditCommand(context.Background(), path, verify, export, os.Stdout); err != nil {
			if !errors.Is(err, app.ErrAuditBroken) {
				fmt.Fprintln(os.Stderr, "outpost:", err)
			}
			os.Exit(1)
		}
		return
	}
	// --backup FILE writes a consistent copy of the profile (the app may be running);
	// --restore FILE replaces the profile with a backup (the app must be closed).
	if file := flagValue(os.Args[1:], "backup"); file != "" {
		if err := app.BackupCommand(context.Background(), path, file, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "outpost:", err)
			os.Exit(1)
		}
		return
	}
	// --inventory records this machine in the profile; with --out FILE it writes the inventory
	// to a file instead (for another desk to import) and touches no profile.
	if hasFlag(os.Args[1:], "inventory") {
		if err := app.InventoryCommand(context.Background(), path, flagValue(os.Args[1:], "out"), os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "outpost:", err)
			os.Exit(1)
		}
		return
	}
	if file := flagValue(os.Args[1:], "restore"); file != "" {
		if err := app.RestoreCommand(context.Background(), path, file, os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, "outpost:", err)
			os.Exit(1)
		}
		return
	}
	// --import FILE --mapping FILE [--skip-refused] imports a file as the mapping says, with no
	// window, and prints the report. The mapping's "format" picks the importer: servicenow-uci
	// is the ServiceNow incident log; csv (the default) maps a CSV's columns to a kind's fields.
	if file := flagValue(os.Args[1:], "import"); file != "" {
		mapping := flagValue(os.Args[1:], "mapping")
		if mapping == "" {
			fmt.Fprintln(os.Stderr, "outpost: --import needs --mapping FILE (docs/import.md, docs/mappings/)")
			os.Exit(2)
		}
		format, err := app.ImportFormat(mapping)
		if err == nil {
			if format == "servicenow-uci" {
				err = app.ServiceNowImportCommand(context.Background(), path, file, mapping, os.Stdout)
			} else {
				err = app.ImportCommand(context.Background(), path, file, mapping, hasFlag(os.Args[1:], "skip-refused"), os.Stdout)
			}
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "outpost:", err)
			os.Exit(1)
		}
		return
	}
	a := app.New(app.Options{ProfilePath: path, TestHooks: os.Getenv("OUTPOST_TEST_HOOKS") == "1", Started: started, Desktop: testDesktop()})
	a.Preopen()
	session, tickets, sla, syncf, links, dir, auditf := app.NewSession(a), app.NewTickets(a), app.NewSLA(a), app.NewSync(a), app.NewLinks(a), app.NewDirectory(a), app.NewAudit(a)
	views, templates, notifyf := app.NewViews(a), app.NewTemplates(a), app.NewNotify(a)
	backups, exports := app.NewBackups(a), app.NewExports(a)
	assetsf, knowledgef, importsf := app.NewAssets(a), app.NewKnowledge(a), app.NewImports(a)
	approvalsf := app.NewApprovals(a)
	catalogf := app.NewCatalog(a)
	satisfactionf := app.NewSatisfaction(a)

	err = wails.Run(&options.App{
		Title:            "Outpost",
		Width:            1360,
		Height:           860,
		MinWidth:         960,
		MinHeight:        600,
		BackgroundColour: &options.RGBA{R: 248, G: 249, B: 251, A: 1},
		AssetServer: &assetserver.Options{
			Assets:     assets,
			Middleware: func(next http.Handler) http.Handler { return securityHeaders(a.BootMiddleware(next)) },
		},
		OnStartup: func(ctx context.Context) {
			a.Startup(ctx)
			quitOnSignal(ctx)
		},
		OnShutdown:     a.Shutdown,
		Bind:           []any{session, tickets, sla, syncf, links, dir, auditf, views, templates, notifyf, backups, exports, assetsf, knowledgef, importsf, approvalsf, catalogf, satisfactionf},
		ErrorFormatter: app.FormatError,
		Linux:          &linux.Options{Icon: icon, ProgramName: "outpost", WebviewGpuPolicy: linux.WebviewGpuPolicyNever},
		Windows:        &windows.Options{Theme: windows.SystemDefault},
	})
	if err != nil {
		slog.Error("outpost", "err", err)
		os.Exit(1)
	}
}

func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", csp)
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		next.ServeHTTP(w, r)
	})
}

// quitOnSignal closes the window (and so the profile, cleanly) on SIGINT or SIGTERM.
func quitOnSignal(ctx context.Context) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGINT, syscall.SIGTERM)
	go func() {
		<-ch
		wruntime.Quit(ctx)
	}()
}

// hasFlag reports whether args hold --name (a flag without a value).
func hasFlag(args []string, name string) bool {
	for _, a := range args {
		if strings.TrimLeft(a, "-") == name {
			return true
		}
	}
	return false
}

// flagValue reads --name=value or --name value from args. Wails' dev build parses the same
// arguments with its own flag set, so a strict parser here would refuse its flags.
func flagValue(args []string, name string) string {
	for i, a := range args {
		a = strings.TrimLeft(a, "-")
		if v, ok := strings.CutPrefix(a, name+"="); ok {
			return v
		}
		if a == name && i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}
