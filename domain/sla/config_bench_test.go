package sla_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"outpost/domain/desk"
	"outpost/domain/sla"
	"outpost/domain/store/floortest"
)

// config_change_recompute_100k_ms: a manager changes the default policy (P3 resolves in 2
// calendar days) on a desk with 100k open tickets; the time is the whole save, the write of
// the synced record and the recompute of every open ticket's SLA, as a pulled change's
// Refresh also runs it. The profile is the sweep benchmark's, copied so each run starts alike.
func TestBenchConfigChangeRecompute100k(t *testing.T) {
	benchOnly(t)
	ctx := context.Background()
	now := time.Date(2025, 3, 3, 12, 0, 0, 0, time.UTC)
	src := cachedSweepProfile(t, now, benchN)
	path := filepath.Join(t.TempDir(), "p.outpost")
	if err := floortest.CopyFile(src, path); err != nil {
		t.Fatal(err)
	}
	d, err := desk.Open(ctx, path, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	owner, err := d.Owner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var p sla.Policy
	for _, x := range d.SLA.Policies() {
		if x.Default {
			p = x
		}
	}
	for i := range p.Targets {
		if p.Targets[i].Priority == 3 {
			p.Targets[i].Resolution, p.Targets[i].Business = sla.Target{Value: 2, Unit: sla.Days}, false
		}
	}
	before := d.SLA.Recomputes()
	start := time.Now()
	if _, err := d.SLA.SavePolicy(ctx, owner, p); err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	if d.SLA.Recomputes() != before+1 {
		t.Fatalf("recomputed %d times, want once", d.SLA.Recomputes()-before)
	}
	var n int64
	// Every ticket was created within the last 10 hours: its resolution is now due 2 days on.
	if err := d.DB.Raw(`SELECT COUNT(*) FROM tickets WHERE active = 1 AND sla_resolution_due = created_at + ?`, (48 * time.Hour).Milliseconds()).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	if n != int64(benchN) {
		t.Fatalf("%d tickets follow the new target, want %d", n, benchN)
	}
	fmt.Printf("bench: config_change_recompute_100k_ms %.0f ms\n", millis(took))
}

// benchN is the profile's size: 100k open tickets, as the issue names the figure.
const benchN = 100_000
