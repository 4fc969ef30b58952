package main_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"outpost/domain/asset"
	"outpost/domain/desk"
)

// TestInventoryCommandLine runs the built binary's --inventory with no display: --out writes
// this machine's inventory to a file and creates no profile; without it, the profile gets this
// machine's asset, and a second run updates the same one.
func TestInventoryCommandLine(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("builds the Linux desktop binary")
	}
	bin := productionBinary(t)
	dir := t.TempDir()
	run := func(args ...string) (string, int) {
		t.Helper()
		return runCLI(t, bin, args...)
	}
	profile := filepath.Join(dir, "p.outpost")
	file := filepath.Join(dir, "this-machine.json")
	out, code := run("--profile", profile, "--inventory", "--out", file)
	if code != 0 || !strings.Contains(out, "wrote the inventory of") {
		t.Fatalf("--out: exit %d, output %q", code, out)
	}
	if _, err := os.Stat(profile); !os.IsNotExist(err) {
		t.Errorf("--out made a profile: %v", err)
	}
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := asset.ParseInventory(b); err != nil {
		t.Fatalf("the written file does not read back: %v", err)
	}

	d, err := desk.Open(context.Background(), profile, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	out, code = run("--profile", profile, "--inventory")
	if code != 0 || !strings.HasPrefix(out, "created HW0001001 ") {
		t.Fatalf("first run: exit %d, output %q", code, out)
	}
	out, code = run("--profile", profile, "--inventory")
	if code != 0 || !strings.HasPrefix(out, "updated HW0001001 ") || !strings.Contains(out, "matched by") {
		t.Fatalf("second run: exit %d, output %q", code, out)
	}
}
