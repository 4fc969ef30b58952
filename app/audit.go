package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"outpost/domain/audit"
	"outpost/domain/desk"
	"outpost/domain/people"
)

// Audit is bound to the frontend: it verifies the audit trail's hash chain and exports the
// trail. Both are for managers and admins.
type Audit struct{ app *App }

// NewAudit returns the audit facade of a.
func NewAudit(a *App) *Audit { return &Audit{app: a} }

// Verify walks the whole chain and reports how many entries it holds and its first broken
// link, if any.
func (x *Audit) Verify() (*audit.Result, error) {
	ctx := context.Background()
	d, actor, err := x.app.who(ctx)
	if err != nil {
		return nil, err
	}
	if err := actor.Require(people.Manager, "verify the audit trail"); err != nil {
		return nil, err
	}
	res, err := audit.Verify(ctx, d.DB)
	return &res, err
}

// Export asks where to save the trail (the native dialog) and writes every entry there, as
// CSV or JSON by format ("csv" or "json"). An existing file is replaced only when the dialog
// asked first; otherwise Exists comes back and nothing is written.
func (x *Audit) Export(format string) (*Saved, error) {
	ctx := context.Background()
	d, actor, err := x.app.who(ctx)
	if err != nil {
		return nil, err
	}
	if err := actor.Require(people.Manager, "export the audit trail"); err != nil {
		return nil, err
	}
	f := audit.Format(format)
	if f != audit.CSV && f != audit.JSON {
		return nil, fmt.Errorf("export the audit trail: unknown format %q", format)
	}
	name := "outpost-audit-" + d.Now().UTC().Format("2006-01-02") + "." + string(f)
	path, confirmed, err := x.app.desktop().SaveFileDialog(ctx, SaveRequest{
		Title: "Export the audit trail", DefaultDirectory: downloadsDir(), DefaultFilename: name,
	})
	if err != nil {
		return nil, err
	}
	if path == "" {
		return &Saved{Canceled: true}, nil
	}
	if !confirmed {
		if _, err := os.Stat(path); err == nil {
			return &Saved{Path: path, Exists: true}, nil
		}
	}
	if _, err := exportTo(ctx, d, path, f); err != nil {
		return nil, err
	}
	return &Saved{Path: path}, nil
}

// exportTo writes the trail to path through a temp file in the same folder, so a failure
// leaves no half file, and returns how many entries it wrote.
func exportTo(ctx context.Context, d *desk.Desk, path string, f audit.Format) (int64, error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".outpost-audit-*")
	if err != nil {
		return 0, fmt.Errorf("export to %s: %w", path, err)
	}
	n, werr := audit.Export(ctx, d.DB, tmp, f)
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
		return 0, fmt.Errorf("export to %s: %w", path, werr)
	}
	return n, nil
}

// AuditCommand runs the command-line audit actions on the profile at profile without a
// window: with verify, it prints the verification and reports a broken chain as an error;
// with export set (a .csv or .json path), it writes the trail there. A profile that does not
// exist is an error, not a new profile.
func AuditCommand(ctx context.Context, profile string, verify bool, export string, out io.Writer) error {
	if _, err := os.Stat(profile); err != nil {
		return fmt.Errorf("open profile: %w", err)
	}
	var f audit.Format
	if export != "" {
		if f = audit.FormatOf(export); f == "" {
			return fmt.Errorf("export to %s: the file name must end in .csv or .json", export)
		}
	}
	d, err := desk.Open(ctx, profile, time.Now)
	if err != nil {
		return err
	}
	defer d.Close()
	if export != "" {
		n, err := exportTo(ctx, d, export, f)
		if err != nil {
			return err
		}
		fmt.Fprintf(out, "exported %d audit entries to %s\n", n, export)
	}
	if verify {
		res, err := audit.Verify(ctx, d.DB)
		if err != nil {
			return err
		}
		fmt.Fprintln(out, res)
		if !res.Intact {
			return ErrAuditBroken
		}
	}
	return nil
}

// ErrAuditBroken is AuditCommand's error when the chain is broken (already printed).
var ErrAuditBroken = errors.New("the audit trail is broken")
