// Package desktest opens desks for other packages' tests: a fresh profile in the test's
// temporary folder, on the test's clock, closed when the test ends. Tests only; nothing in
// the app imports it.
package desktest

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"outpost/domain/desk"
	"outpost/domain/people"
)

// Open opens a fresh desk whose clock is now, and returns it with its owner (the admin every
// new desk has).
func Open(t testing.TB, now func() time.Time) (*desk.Desk, people.Actor) {
	t.Helper()
	ctx := context.Background()
	d, err := desk.Open(ctx, filepath.Join(t.TempDir(), "p.outpost"), now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	owner, err := d.Owner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return d, owner
}
