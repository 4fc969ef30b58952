package main_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"outpost/domain/desk"
	"outpost/domain/ticket"
)

// TestAuditCommandLine runs the built binary's --verify-audit and --export-audit on a real
// profile, with no display: they must work without a window, and a tampered trail must exit
// non-zero naming the entry.
func TestAuditCommandLine(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("builds the Linux desktop binary")
	}
	bin := productionBinary(t)
	ctx := context.Background()
	profile := filepath.Join(t.TempDir(), "p.outpost")
	d, err := desk.Open(ctx, profile, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	owner, _ := d.Owner(ctx)
	for _, title := range []string{"Router", "Printer"} {
		if _, err := d.Tickets.Create(ctx, owner, ticket.Draft{Type: ticket.Incident, Title: title, RequesterID: owner.ID, Impact: 2, Urgency: 2}); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) (string, int) {
		t.Helper()
		return runCLI(t, bin, args...)
	}

	out, code := run("--verify-audit", "--profile", profile)
	if code != 0 || !strings.Contains(out, "audit trail intact: 2 entries") {
		t.Fatalf("verify: exit %d, output %q", code, out)
	}
	export := filepath.Join(t.TempDir(), "trail.json")
	out, code = run("--profile="+profile, "--export-audit", export)
	if code != 0 || !strings.Contains(out, "exported 2 audit entries") {
		t.Fatalf("export: exit %d, output %q", code, out)
	}
	var lines []struct{ Number, Field string }
	if b, err := os.ReadFile(export); err != nil || json.Unmarshal(b, &lines) != nil || len(lines) != 2 || lines[0].Field != "created" || lines[0].Number == "" {
		t.Errorf("exported %+v (%v)", lines, err)
	}

	d, err = desk.Open(ctx, profile, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.DB.Exec(`DELETE FROM audit_entries WHERE seq = 1`).Error; err != nil {
		t.Fatal(err)
	}
	_ = d.Close()
	out, code = run("--verify-audit", "--profile", profile)
	if code != 1 || !strings.Contains(out, "broken at entry 2") || !strings.Contains(out, "missing") {
		t.Errorf("tampered: exit %d, output %q; want 1 and entry 2 named", code, out)
	}
}
