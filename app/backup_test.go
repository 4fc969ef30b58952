package app

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"outpost/domain/backup"
	"outpost/domain/fault"
	"outpost/domain/ticket"
	"outpost/domain/view"
)

// saveAs is a desktop whose save dialog picks one path without asking about an existing file.
type saveAs struct{ path string }

func (saveAs) OpenURL(context.Context, string) error { return nil }
func (saveAs) Print(context.Context) error           { return nil }
func (s saveAs) SaveFileDialog(context.Context, SaveRequest) (string, bool, error) {
	return s.path, false, nil
}

// TestBackupsFacade: back up now lists the backup with its size and time; the folder can be
// moved; a restore by name brings the desk back to the backup and opens it again; a damaged
// backup is refused with its code and the desk goes on as it was.
func TestBackupsFacade(t *testing.T) {
	a := openApp(t, false)
	tickets, backups := NewTickets(a), NewBackups(a)
	if _, err := tickets.Create(ticket.Draft{Type: ticket.Incident, Title: "kept", Impact: 2, Urgency: 2}); err != nil {
		t.Fatal(err)
	}
	st, err := backups.Status()
	if err != nil || len(st.Backups) != 0 || !st.Scheduled || st.Folder != filepath.Join(filepath.Dir(a.opts.ProfilePath), "backups") {
		t.Fatalf("Status = %+v, %v", st, err)
	}
	e, err := backups.Now()
	if err != nil || e.Size == 0 {
		t.Fatalf("Now = %+v, %v", e, err)
	}
	st, _ = backups.Status()
	if len(st.Backups) != 1 || st.Backups[0].Name != e.Name || st.Backups[0].Size != e.Size {
		t.Fatalf("Status after a backup = %+v", st)
	}
	if _, err := tickets.Create(ticket.Draft{Type: ticket.Incident, Title: "after the backup", Impact: 2, Urgency: 2}); err != nil {
		t.Fatal(err)
	}

	// A damaged backup in the folder is refused; the desk keeps both tickets.
	bad := filepath.Join(st.Folder, "desk-20261201-000000.000"+backup.Ext)
	if err := os.WriteFile(bad, []byte("SQLite format 3\x00 but not really"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, err = backups.Restore("desk-20261201-000000.000" + backup.Ext)
	if got, ok := FormatError(err).(Error); !ok || got.Code != backup.CodeDamaged {
		t.Fatalf("Restore(damaged) = %+v", FormatError(err))
	}
	if n := count(t, a); n != 2 {
		t.Fatalf("after a refused restore the desk holds %d tickets, want 2", n)
	}
	if _, err := backups.Restore("../p.outpost"); fault.Code(err) != fault.CodeNotFound {
		t.Fatalf("Restore(outside the folder) = %v", err)
	}

	if _, err := backups.Restore(e.Name); err != nil {
		t.Fatal(err)
	}
	if n := count(t, a); n != 1 {
		t.Fatalf("after the restore the desk holds %d tickets, want 1", n)
	}
	// The reopened desk works.
	if _, err := tickets.Create(ticket.Draft{Type: ticket.Incident, Title: "after the restore", Impact: 2, Urgency: 2}); err != nil {
		t.Fatal(err)
	}

	other := filepath.Join(t.TempDir(), "elsewhere")
	if _, err := backups.Configure("relative/path", true); fault.Fields(err)["folder"] == "" {
		t.Fatalf("Configure(relative) = %v", err)
	}
	st, err = backups.Configure(other, false)
	if err != nil || st.Folder != other || st.Scheduled || len(st.Backups) != 0 {
		t.Fatalf("Configure = %+v, %v", st, err)
	}
	a.scheduledBackup() // off: nothing
	if st, _ = backups.Status(); len(st.Backups) != 0 {
		t.Fatalf("a scheduled backup ran while off: %+v", st)
	}
	if _, err := backups.Configure(other, true); err != nil {
		t.Fatal(err)
	}
	a.scheduledBackup()
	a.scheduledBackup() // one a day
	if st, _ = backups.Status(); len(st.Backups) != 1 {
		t.Fatalf("scheduled backups: %+v", st)
	}
}

func count(t *testing.T, a *App) int64 {
	t.Helper()
	var n int64
	if err := a.current().DB.Raw(`SELECT COUNT(*) FROM tickets`).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// TestExportsFacade: a saved view exports all its rows through the save dialog; an existing
// file is not overwritten unasked; a ticket exports with its conversation.
func TestExportsFacade(t *testing.T) {
	a := openApp(t, false)
	if _, err := NewSession(a).LoadDemo(true); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	out := filepath.Join(dir, "incidents.csv")
	a.opts.Desktop = saveAs{path: out}
	v, err := NewViews(a).Create(view.Spec{Name: "Incidents", Query: ticket.Query{View: "all", Filters: []ticket.Filter{{Field: "type", Values: []string{"incident"}}}}})
	if err != nil {
		t.Fatal(err)
	}
	page, err := NewTickets(a).Queue(v.Query, true)
	if err != nil {
		t.Fatal(err)
	}
	exports := NewExports(a)
	saved, err := exports.View(v.ID, "csv")
	if err != nil || saved.Path != out || saved.Exists {
		t.Fatalf("View = %+v, %v", saved, err)
	}
	body, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff")))).ReadAll()
	if err != nil || int64(len(recs)-1) != page.Total {
		t.Fatalf("the file has %d rows (%v), the view %d", len(recs)-1, err, page.Total)
	}
	if saved, err := exports.View(v.ID, "csv"); err != nil || !saved.Exists {
		t.Fatalf("export over an existing file = %+v, %v", saved, err)
	}
	if _, err := exports.View(v.ID, "xlsx"); err == nil {
		t.Fatal("exported as xlsx")
	}
	a.opts.Desktop = saveAs{path: filepath.Join(dir, "ticket.json")}
	saved, err = exports.Ticket(page.Rows[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	body, _ = os.ReadFile(saved.Path)
	if !strings.Contains(string(body), `"timeline"`) || !strings.Contains(string(body), page.Rows[0].Number) {
		t.Fatalf("ticket export: %.200s", body)
	}
	left, _ := filepath.Glob(filepath.Join(dir, ".outpost-export-*"))
	if len(left) != 0 {
		t.Fatalf("temp files left: %v", left)
	}
}
