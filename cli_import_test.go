package main_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

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
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "DISPLAY=", "WAYLAND_DISPLAY=", "OUTPOST_PROFILE=")
		out, err := cmd.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); ok {
			return string(out), ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		return string(out), 0
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
	if code == 0 || !strings.Contains(out, `"tickets-csv" is not known`) {
		t.Fatalf("an unknown format: exit %d, output %q", code, out)
	}
}
