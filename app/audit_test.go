package app

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"outpost/domain/audit"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

func TestAuditFacade(t *testing.T) {
	t.Setenv("HOME", t.TempDir())
	fake := &fakeDesktop{}
	a := openAppOn(t, fake)
	tickets, facade := NewTickets(a), NewAudit(a)
	for _, title := range []string{"Router", "Printer", "VPN"} {
		if _, err := tickets.Create(ticket.Draft{Type: ticket.Incident, Title: title, Impact: 2, Urgency: 2}); err != nil {
			t.Fatal(err)
		}
	}
	res, err := facade.Verify()
	if err != nil || !res.Intact || res.Entries != 3 {
		t.Fatalf("verify: got %+v, %v; want intact over 3 entries", res, err)
	}

	dest := filepath.Join(t.TempDir(), "trail.json")
	fake.answer = dest
	saved, err := facade.Export("json")
	if err != nil || saved.Path != dest || saved.Exists {
		t.Fatalf("export: got %+v, %v", saved, err)
	}
	if r := fake.asked[len(fake.asked)-1]; !strings.HasSuffix(r.DefaultFilename, ".json") {
		t.Errorf("the dialog was offered %q, want a .json name", r.DefaultFilename)
	}
	var lines []audit.Line
	if b, err := os.ReadFile(dest); err != nil || json.Unmarshal(b, &lines) != nil || len(lines) != 3 || lines[0].Number == "" {
		t.Fatalf("exported %d lines (%v): %+v", len(lines), err, lines)
	}
	// The dialog did not ask about the existing file: it is left alone.
	if saved, err := facade.Export("json"); err != nil || !saved.Exists {
		t.Errorf("export over an existing file: got %+v, %v; want Exists", saved, err)
	}
	fake.confirmed = true
	if saved, err := facade.Export("json"); err != nil || saved.Exists {
		t.Errorf("export over a file the dialog asked about: got %+v, %v", saved, err)
	}
	fake.answer = ""
	if saved, err := facade.Export("csv"); err != nil || !saved.Canceled {
		t.Errorf("canceled export: got %+v, %v", saved, err)
	}

	// A tampered trail is reported, with the entry.
	d := a.current()
	if err := d.DB.Exec(`UPDATE audit_entries SET new_value = 'INC0000001' WHERE seq = 2`).Error; err != nil {
		t.Fatal(err)
	}
	if res, err := facade.Verify(); err != nil || res.Intact || res.Broken.Seq != 2 || res.Broken.Problem != audit.Changed {
		t.Errorf("after tampering: got %+v, %v; want entry 2 changed", res, err)
	}

	// Agents may neither verify nor export.
	owner, err := d.Owner(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	agent, err := d.People.CreateUser(context.Background(), owner, people.User{Name: "Abe Agent", Email: "abe@example.com", Role: people.Agent})
	if err != nil {
		t.Fatal(err)
	}
	a.mu.Lock()
	a.actor = people.Actor{ID: agent.ID, Role: people.Agent}
	a.mu.Unlock()
	if _, err := facade.Verify(); !errors.Is(err, fault.ErrForbidden) {
		t.Errorf("agent verify: got %v, want forbidden", err)
	}
	if _, err := facade.Export("csv"); !errors.Is(err, fault.ErrForbidden) {
		t.Errorf("agent export: got %v, want forbidden", err)
	}
}

// TestAuditCommand runs what `outpost --verify-audit` and `--export-audit` run, on a real
// profile file.
func TestAuditCommand(t *testing.T) {
	ctx := context.Background()
	a := openAppOn(t, &fakeDesktop{})
	if _, err := NewTickets(a).Create(ticket.Draft{Type: ticket.Incident, Title: "Router", Impact: 2, Urgency: 2}); err != nil {
		t.Fatal(err)
	}
	profile := a.opts.ProfilePath
	a.Shutdown(ctx)

	var out bytes.Buffer
	csvPath := filepath.Join(t.TempDir(), "trail.csv")
	if err := AuditCommand(ctx, profile, true, csvPath, &out); err != nil {
		t.Fatalf("intact profile: %v\n%s", err, out.String())
	}
	if got := out.String(); !strings.Contains(got, "exported 1 audit entries") || !strings.Contains(got, "intact: 1 entries") {
		t.Errorf("output %q", got)
	}
	f, err := os.Open(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil || len(recs) != 2 || recs[1][8] != "created" {
		t.Errorf("csv %v (%v), want a header and the created entry", recs, err)
	}

	exec := func(q string) {
		t.Helper()
		a2 := New(Options{ProfilePath: profile})
		if err := a2.open(ctx); err != nil {
			t.Fatal(err)
		}
		defer a2.Shutdown(ctx)
		if err := a2.current().DB.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	exec(`UPDATE audit_entries SET old_value = 'x' WHERE seq = 1`)
	out.Reset()
	err = AuditCommand(ctx, profile, true, "", &out)
	if !errors.Is(err, ErrAuditBroken) || !strings.Contains(out.String(), "broken at entry 1") {
		t.Errorf("tampered profile: got %v, output %q", err, out.String())
	}

	if err := AuditCommand(ctx, filepath.Join(t.TempDir(), "none.outpost"), true, "", &out); err == nil {
		t.Error("a missing profile: no error")
	}
	if err := AuditCommand(ctx, profile, false, filepath.Join(t.TempDir(), "trail.txt"), &out); err == nil {
		t.Error("export to .txt: no error")
	}
}
