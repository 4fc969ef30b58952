package app

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"outpost/domain/asset"
	"outpost/domain/desk"
	"outpost/domain/export"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/sla"
	"outpost/domain/ticket"
	"outpost/domain/view"
)

// Exports is bound to the frontend: a queue (its current filters and sort, every page), a
// saved view, or one ticket with its conversation, written to a file the person chooses in
// the native save dialog. What is exported is what the person may see in the queue.
type Exports struct{ app *App }

// NewExports returns the exports facade of a.
func NewExports(a *App) *Exports { return &Exports{app: a} }

// Queue exports every row of the queue q (its paging ignored) as format "csv" or "json";
// name names the file (the view's name).
func (x *Exports) Queue(q ticket.Query, name, format string) (*Saved, error) {
	ctx, d, actor, f, err := x.begin(format)
	if err != nil {
		return nil, err
	}
	if name == "" {
		name = "tickets"
	}
	return x.save(ctx, "Export "+name, fileName(name, d, string(f)), func(w io.Writer) error {
		_, err := export.WriteQueue(ctx, w, f, d.Tickets, actor, q, export.Meta{Name: name, ExportedAt: d.Now().UTC().Format("2006-01-02T15:04:05Z")})
		return err
	})
}

// View exports every row of a saved view the person may see.
func (x *Exports) View(id, format string) (*Saved, error) {
	ctx := context.Background()
	d, actor, err := x.app.who(ctx)
	if err != nil {
		return nil, err
	}
	v, err := d.Views.Get(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	if v.Subject == view.SubjectAssets {
		return x.Assets(v.AssetQuery, v.Name, format)
	}
	return x.Queue(v.Query, v.Name, format)
}

// Assets exports every asset of the list q the person may see (its filters and sort, every
// page) as format "csv" or "json"; name names the file.
func (x *Exports) Assets(q asset.Query, name, format string) (*Saved, error) {
	ctx, d, actor, f, err := x.begin(format)
	if err != nil {
		return nil, err
	}
	if name == "" {
		name = "assets"
	}
	return x.save(ctx, "Export "+name, fileName(name, d, string(f)), func(w io.Writer) error {
		_, err := export.WriteAssets(ctx, w, f, d.Assets, actor, q, export.AssetMeta{Name: name, ExportedAt: d.Now().UTC().Format("2006-01-02T15:04:05Z")})
		return err
	})
}

// SLAReport exports the SLA report of the period req (compliance by priority, group and
// month; response and resolution times) as format "csv" or "json".
func (x *Exports) SLAReport(req sla.ReportRequest, format string) (*Saved, error) {
	ctx, d, actor, f, err := x.begin(format)
	if err != nil {
		return nil, err
	}
	r, err := d.SLA.Report(ctx, actor, req, x.app.clock.Now())
	if err != nil {
		return nil, err
	}
	return x.save(ctx, "Export the SLA report", fileName("sla-report", d, string(f)), func(w io.Writer) error {
		return export.WriteSLA(w, f, r)
	})
}

// AssetReport exports every row of an asset report ("licences", "warranties" or "not_seen")
// with q's window and over-use filter (its paging ignored) as format "csv" or "json".
func (x *Exports) AssetReport(report string, q asset.LicenceQuery, format string) (*Saved, error) {
	ctx, d, actor, f, err := x.begin(format)
	if err != nil {
		return nil, err
	}
	// Refused before the dialog opens: a requester, or a report that does not exist.
	if err := actor.Require(people.Agent, "export an asset report"); err != nil {
		return nil, err
	}
	switch report {
	case export.ReportLicences, export.ReportWarranties, export.ReportNotSeen:
	default:
		return nil, fault.Field("report", "no asset report called %q", report)
	}
	return x.save(ctx, "Export the "+strings.ReplaceAll(report, "_", " ")+" report", fileName("assets-"+report, d, string(f)), func(w io.Writer) error {
		_, err := export.WriteAssetReport(ctx, w, f, d.Assets, actor, report, q,
			export.AssetReportMeta{ExportedAt: d.Now().UTC().Format("2006-01-02T15:04:05Z")})
		return err
	})
}

// Ticket exports one ticket with its conversation, files and audit trail as JSON.
func (x *Exports) Ticket(id string) (*Saved, error) {
	ctx := context.Background()
	d, actor, err := x.app.who(ctx)
	if err != nil {
		return nil, err
	}
	t, err := d.Tickets.Get(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return x.save(ctx, "Export "+t.Number, fileName(t.Number, d, "json"), func(w io.Writer) error {
		return export.WriteTicket(ctx, w, d.Tickets, actor, id, d.Now())
	})
}

// begin reads who exports and the format they asked for ("csv" or "json").
func (x *Exports) begin(format string) (context.Context, *desk.Desk, people.Actor, export.Format, error) {
	ctx := context.Background()
	d, actor, err := x.app.who(ctx)
	if err != nil {
		return ctx, nil, people.Actor{}, "", err
	}
	f, err := export.Parse(format)
	return ctx, d, actor, f, err
}

var unsafeName = regexp.MustCompile(`[^\p{L}\p{N}._-]+`)

// fileName is the name the save dialog proposes: the view's name and today's date.
func fileName(name string, d *desk.Desk, ext string) string {
	base := strings.Trim(unsafeName.ReplaceAllString(name, "-"), "-.")
	if base == "" {
		base = "export"
	}
	return "outpost-" + strings.ToLower(base) + "-" + d.Now().UTC().Format("2006-01-02") + "." + ext
}

// save asks where to save (the native dialog) and writes there through a temp file in the
// same folder, so a failure leaves no half file. An existing file is replaced only when the
// dialog asked first; otherwise Exists comes back and nothing is written.
func (x *Exports) save(ctx context.Context, title, name string, write func(io.Writer) error) (*Saved, error) {
	path, confirmed, err := x.app.desktop().SaveFileDialog(ctx, SaveRequest{Title: title, DefaultDirectory: downloadsDir(), DefaultFilename: name})
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
	tmp, err := os.CreateTemp(filepath.Dir(path), ".outpost-export-*")
	if err != nil {
		return nil, fmt.Errorf("export to %s: %w", path, err)
	}
	werr := write(tmp)
	if cerr := tmp.Close(); werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		_ = os.Remove(tmp.Name())
		return nil, fmt.Errorf("export to %s: %w", path, werr)
	}
	return &Saved{Path: path}, nil
}
