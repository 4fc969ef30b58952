package servicenow_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"outpost/domain/desk"
	"outpost/domain/people"
)

const uciName = "uci_incident_event_log.csv.xz"

// uciFile finds the UCI incident log: $OUTPOST_DATA (a directory) or the first shared/data
// found walking up from the package (the repository sits beside shared/ here and in CI).
// Without it the test is skipped, loudly; OUTPOST_REQUIRE_DATA=1 makes that a failure.
func uciFile(t testing.TB) string {
	t.Helper()
	if dir := os.Getenv("OUTPOST_DATA"); dir != "" {
		p := filepath.Join(dir, uciName)
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("OUTPOST_DATA=%s: %v", dir, err)
		}
		return p
	}
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		p := filepath.Join(dir, "shared", "data", uciName)
		if _, err := os.Stat(p); err == nil {
			return p
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			break
		}
		dir = parent
	}
	msg := "!!! SKIPPED: " + uciName + " not found (set OUTPOST_DATA to the directory holding it, or place the repository beside shared/data) !!!"
	if os.Getenv("OUTPOST_REQUIRE_DATA") == "1" {
		t.Fatal(msg)
	}
	t.Log(msg)
	os.Stderr.WriteString(msg + "\n")
	t.Skip(msg)
	return ""
}

// now is the desks' clock: well after the history, so every imported clock has run out.
var now = time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)

func openDesk(t testing.TB) *desk.Desk {
	t.Helper()
	d, err := desk.Open(context.Background(), filepath.Join(t.TempDir(), "p.outpost"), func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	return d
}

func owner(t testing.TB, d *desk.Desk) people.Actor {
	t.Helper()
	a, err := d.Owner(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return a
}
