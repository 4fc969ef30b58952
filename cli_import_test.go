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
	"outpost/domain/people"
)

// TestImportCommandLine runs the built binary's --import with a JSON mapping: a file with a
// refused row exits non-zero, prints the line, column and reason and writes nothing; with
// --skip-refused the good rows are imported.
func TestImportCommandLine(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("builds the Linux desktop binary")
	}
	bin := productionBinary(t)
	ctx := context.Background()
	dir := t.TempDir()
	profile := filepath.Join(dir, "p.outpost")
	d, err := desk.Open(ctx, profile, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	owner, _ := d.Owner(ctx)
	if _, err := d.CreatePerson(ctx, owner, people.User{Name: "Rita Requester", Email: "rita@example.com", Role: people.Requester}); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
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
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	csv := write("tickets.csv", "Summary;Caller;Status\nPrinter jams;rita@example.com;Open\nVPN down;Nobody;Open\nDisk full;Rita Requester;Active\n")
	mapping := write("mapping.json", `{"format": "csv", "kind": "ticket",
		"columns": {"Summary": "title", "Caller": "requesterId", "Status": "state"}}`)
	run := func(args ...string) (string, int) {
		t.Helper()
		return runCLI(t, bin, args...)
	}
	before := tickets()
	out, code := run("--profile", profile, "--import", csv, "--mapping", mapping)
	if code == 0 || !strings.Contains(out, `refused line 3, column Caller: validation: no person with the email or name "Nobody"`) ||
		!strings.Contains(out, "import_refused") || tickets() != before {
		t.Fatalf("import with a refused row: exit %d, output %q, tickets %d → %d", code, out, before, tickets())
	}
	out, code = run("--profile", profile, "--import", csv, "--mapping", mapping, "--skip-refused")
	if code != 0 || !strings.Contains(out, "imported 2, refused 1") || tickets() != before+2 {
		t.Fatalf("import skipping refused rows: exit %d, output %q, tickets %d → %d", code, out, before, tickets())
	}
	bad := write("bad.json", `{"format": "servicenow-xml", "kind": "ticket", "columns": {}}`)
	out, code = run("--profile", profile, "--import", csv, "--mapping", bad)
	if code == 0 || !strings.Contains(out, "import_mapping") {
		t.Fatalf("an unknown format: exit %d, output %q", code, out)
	}
}

// TestServiceNowImportCommandLine runs the built binary's --import FILE --mapping FILE with
// no display: the mapping's format sends the file to the ServiceNow importer; the same file
// again is refused (conflict) with a non-zero exit, as is a mapping of an unknown format.
func TestServiceNowImportCommandLine(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("builds the Linux desktop binary")
	}
	bin := productionBinary(t)
	dir := t.TempDir()
	profile := filepath.Join(dir, "p.outpost")
	run := func(args ...string) (string, int) {
		t.Helper()
		return runCLI(t, bin, args...)
	}
	file := filepath.Join("domain", "servicenow", "testdata", "sample.csv")
	mapping := filepath.Join("docs", "mappings", "servicenow-uci.json")
	out, code := run("--profile", profile, "--import", file, "--mapping", mapping)
	if code != 0 || !strings.Contains(out, "imported 2 incidents (1 open) from 7 rows") {
		t.Fatalf("import: exit %d, output %q", code, out)
	}
	out, code = run("--profile", profile, "--import", file, "--mapping", mapping)
	if code == 0 || !strings.Contains(out, "imported before") {
		t.Fatalf("a second import: exit %d, output %q", code, out)
	}
	other := filepath.Join(dir, "generic.json")
	if err := os.WriteFile(other, []byte(`{"format": "tickets-csv"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	out, code = run("--profile", profile, "--import", file, "--mapping", other)
	if code == 0 || !strings.Contains(out, "import_mapping") {
		t.Fatalf("an unknown format: exit %d, output %q", code, out)
	}
}
