package main_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"outpost/domain/desk"
	"outpost/domain/ticket"
)

// TestBackupCommandLine runs the built binary's --backup and --restore with no display: a
// backup restores over a profile that moved on; a file that is not a desk is refused with its
// code, a non-zero exit and the profile unchanged.
func TestBackupCommandLine(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("builds the Linux desktop binary")
	}
	bin := productionBinary(t)
	ctx := context.Background()
	dir := t.TempDir()
	profile := filepath.Join(dir, "p.outpost")
	tickets := func() int64 {
		t.Helper()
		d, err := desk.Open(ctx, profile, time.Now)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		var n int64
		d.DB.Raw(`SELECT COUNT(*) FROM tickets`).Scan(&n)
		return n
	}
	add := func(title string) {
		t.Helper()
		d, err := desk.Open(ctx, profile, time.Now)
		if err != nil {
			t.Fatal(err)
		}
		owner, _ := d.Owner(ctx)
		if _, err := d.Tickets.Create(ctx, owner, ticket.Draft{Type: ticket.Incident, Title: title, Impact: 2, Urgency: 2}); err != nil {
			t.Fatal(err)
		}
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
	}
	run := func(args ...string) (string, int) {
		t.Helper()
		return runCLI(t, bin, args...)
	}
	add("Router")
	add("Printer")
	file := filepath.Join(dir, "desk.outpost-backup")
	out, code := run("--profile", profile, "--backup", file)
	if code != 0 || !strings.Contains(out, "backed up 2 tickets") {
		t.Fatalf("backup: exit %d, output %q", code, out)
	}
	add("After the backup")

	junk := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(junk, []byte("not a desk"), 0o600); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(profile)
	out, code = run("--profile", profile, "--restore", junk)
	after, _ := os.ReadFile(profile)
	if code == 0 || !strings.Contains(out, "backup_damaged") || string(before) != string(after) {
		t.Fatalf("restore of a text file: exit %d, output %q, profile changed %v", code, out, string(before) != string(after))
	}
	out, code = run("--profile", profile, "--restore", file)
	if code != 0 || !strings.Contains(out, "restored 2 tickets") {
		t.Fatalf("restore: exit %d, output %q", code, out)
	}
	if n := tickets(); n != 2 {
		t.Fatalf("the restored profile holds %d tickets, want 2", n)
	}
}
