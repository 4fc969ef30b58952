package sla_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"

	"outpost/domain/demo"
	"outpost/domain/desk"
	"outpost/domain/sla"
	"outpost/domain/ticket"
)

// The benchmarks print "bench: <name> <value> <unit>" and run only with OUTPOST_BENCH=1.
func benchOnly(t *testing.T) {
	if os.Getenv("OUTPOST_BENCH") != "1" {
		t.Skip("set OUTPOST_BENCH=1 to run benchmarks")
	}
}

// sla_due_compute_us: one ticket with 20 state changes on an office calendar with holidays.
func TestBenchDueCompute(t *testing.T) {
	benchOnly(t)
	cal := office("Europe/Berlin")
	for m := 1; m <= 12; m++ {
		cal.Holidays = append(cal.Holidays, sla.Holiday{Date: fmt.Sprintf("2025-%02d-15", m)})
	}
	sched := cal.MustCompile()
	h := sla.History{Created: time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC), Priority: 3}
	at := h.Created
	cycle := []ticket.State{ticket.InProgress, ticket.OnHold, ticket.InProgress, ticket.Resolved}
	for i := 0; i < 20; i++ {
		at = at.Add(7 * time.Hour)
		c := sla.Change{At: at, State: cycle[i%len(cycle)]}
		if c.State == ticket.OnHold {
			c.HoldReason = "awaiting_caller"
		}
		h.Changes = append(h.Changes, c)
	}
	h.Changes[19].State = ticket.InProgress // still open: due times and levels to compute
	now := at.Add(time.Hour)
	r := rules
	r.Levels = []int{75, 100}
	const n = 5000
	start := time.Now()
	var st sla.Status
	for i := 0; i < n; i++ {
		st = sla.Compute(h, r, sched, now)
	}
	us := float64(time.Since(start).Microseconds()) / n
	if st.Resolution.DueAt == 0 {
		t.Fatalf("no due time computed: %+v", st.Resolution)
	}
	fmt.Printf("bench: sla_due_compute_us %.1f us\n", us)
}

// sla_sweep_100k_ms: one tick over 100k open tickets of which 1% have a level due.
func TestBenchSweep100k(t *testing.T) {
	benchOnly(t)
	ctx := context.Background()
	now := time.Date(2025, 3, 3, 12, 0, 0, 0, time.UTC)
	d, err := desk.Open(ctx, filepath.Join(t.TempDir(), "bench.outpost"), func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	owner, err := d.Owner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	policy := d.SLA.Policies()[0].ID
	sqlDB, err := d.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	tx, err := sqlDB.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO tickets(id, number, type, title, requester_id, impact, urgency, priority,
		state, assignee_id, created_by, created_at, updated_at, sla_policy_id, sla_stage, sla_next_at, sla_plan, sla_due_at)
		VALUES (?, ?, 'incident', ?, ?, 2, 2, 3, 'in_progress', ?, ?, ?, ?, ?, 'ok', ?, ?, ?)`)
	if err != nil {
		t.Fatal(err)
	}
	// The hook's state as it would have written it: the plan in the ticket, each level a row of
	// the sweep's schedule.
	sched, err := tx.PrepareContext(ctx, `INSERT INTO sla_schedule(at, ticket_id, kind, level, target, stage) VALUES (?, ?, 'resolution', ?, '3d', ?)`)
	if err != nil {
		t.Fatal(err)
	}
	const total = 100_000
	for i := 0; i < total; i++ {
		created := now.Add(-time.Duration(i%600) * time.Minute).UnixMilli()
		warnAt, breachAt := now.Add(time.Duration(1+i%300)*time.Minute), now.Add(time.Duration(400+i%300)*time.Minute)
		if i%100 == 0 { // 1% due now
			warnAt = now.Add(-time.Minute)
		}
		plan := fmt.Sprintf(`[{"k":"resolution","p":75,"t":"3d","at":%d,"s":"warning"},{"k":"resolution","p":100,"t":"3d","at":%d,"s":"breached"}]`,
			warnAt.UnixMilli(), breachAt.UnixMilli())
		id := uuid.Must(uuid.NewV7()).String()
		if _, err := stmt.ExecContext(ctx, id, fmt.Sprintf("INC%07d", 2000000+i), "Bench ticket",
			owner.ID, owner.ID, owner.ID, created, created, policy, warnAt.UnixMilli(), plan, breachAt.UnixMilli()); err != nil {
			t.Fatal(err)
		}
		for _, l := range []struct {
			at    time.Time
			pct   int
			stage string
		}{{warnAt, 75, sla.StageWarning}, {breachAt, 100, sla.StageBreached}} {
			if _, err := sched.ExecContext(ctx, l.at.UnixMilli(), id, l.pct, l.stage); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	sw, err := d.SLA.NewSweeper(ctx)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res, err := sw.Tick(ctx, now)
	elapsed := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Fired) != total/100 {
		t.Fatalf("fired %d, want %d", len(res.Fired), total/100)
	}
	fmt.Printf("bench: sla_sweep_100k_ms %.1f ms\n", float64(elapsed.Microseconds())/1000)
}

// sla_whatif_25k_ms: a what-if over 25k tickets with history.
func TestBenchWhatIf25k(t *testing.T) {
	benchOnly(t)
	ctx := context.Background()
	now := time.Date(2025, 3, 3, 12, 0, 0, 0, time.UTC)
	d, err := desk.Open(ctx, filepath.Join(t.TempDir(), "bench.outpost"), func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := demo.Bulk(ctx, d, 25_000, 7, demo.BulkOptions{History: true, Span: 90 * 24 * time.Hour}); err != nil {
		t.Fatal(err)
	}
	owner, err := d.Owner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	p := d.SLA.Policies()[0]
	for i := range p.Targets {
		p.Targets[i].Resolution.Value = max(1, p.Targets[i].Resolution.Value/2)
	}
	start := time.Now()
	res, err := d.SLA.WhatIf(ctx, owner, sla.WhatIfRequest{Days: 90, Policy: &p}, now)
	elapsed := time.Since(start)
	if err != nil {
		t.Fatal(err)
	}
	if res.Tickets < 24_000 {
		t.Fatalf("what-if saw %d tickets, want about 25k", res.Tickets)
	}
	t.Logf("what-if: %d tickets, %d change outcome", res.Tickets, res.ChangedTotal)
	fmt.Printf("bench: sla_whatif_25k_ms %.0f ms\n", float64(elapsed.Microseconds())/1000)
}
