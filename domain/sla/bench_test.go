package sla_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/google/uuid"

	"outpost/domain/demo"
	"outpost/domain/desk"
	"outpost/domain/sla"
	"outpost/domain/store/floortest"
	"outpost/domain/ticket"
)

// The benchmarks print "bench: <name> <value> <unit>" and run only with OUTPOST_BENCH=1.
func benchOnly(t *testing.T) {
	if os.Getenv("OUTPOST_BENCH") != "1" {
		t.Skip("set OUTPOST_BENCH=1 to run benchmarks")
	}
}

// sla_due_compute_us: one ticket with 20 state changes on an office calendar with holidays.
// Pure CPU, it is the run's speed gauge: make bench runs it first, and again last with
// OUTPOST_BENCH_GAUGE=end (printed as sla_due_compute_end_us), since a shared machine's speed
// can change within a run.
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
	name := "sla_due_compute_us"
	if os.Getenv("OUTPOST_BENCH_GAUGE") == "end" {
		name = "sla_due_compute_end_us"
	}
	fmt.Printf("bench: %s %.1f us\n", name, us)
}

// sla_sweep_100k_ms: one tick over 100k open tickets of which 1% have a level due, beside its
// floor, on one desk kept open as the app keeps it (a warm page cache and kept statements).
// Rounds alternate: the sweeper ticks; then the rows that tick wrote (its SLA events and
// notifications) are written again with one prepared INSERT per table, after the same DELETE
// of the due schedule range, in one transaction through the same pool. After each, the due
// schedule rows are put back and the written rows removed, off the clock, so every round
// starts from the same rows. sla_sweep_vs_raw_x is the median tick over the median floor; the
// first round warms up and is not counted. A tick is some 25 ms, so one slow moment of a
// shared machine moved the median of 5 counted rounds far (0.54, 1.46 and 1.81 in
// three runs of the same code); the median of 15 held steadier, but still read 1.32–1.53 in
// three full runs of one build (and single rounds' ratios 0.74–1.99), so 30 are counted: a
// round is some 100 ms, tick, floor and both restores.
func TestBenchSweep100k(t *testing.T) {
	benchOnly(t)
	ctx := context.Background()
	now := time.Date(2025, 3, 3, 12, 0, 0, 0, time.UTC)
	const total = 100_000
	path := filepath.Join(t.TempDir(), "bench.outpost")
	sweepProfile(t, path, now, total, true)
	d, err := desk.Open(ctx, path, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	db, err := d.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	due, err := floortest.Read(ctx, db, "sla_schedule", "at <= ?", now.UnixMilli())
	if err != nil {
		t.Fatal(err)
	}
	restore := func() {
		t.Helper()
		for _, q := range []string{`DELETE FROM sla_events WHERE fired_at = ?`, `DELETE FROM notifications WHERE created_at = ?`} {
			if _, err := db.ExecContext(ctx, q, now.UnixMilli()); err != nil {
				t.Fatal(err)
			}
		}
		if err := floortest.Copy(ctx, db, due); err != nil {
			t.Fatal(err)
		}
	}
	sw, err := d.SLA.NewSweeper(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ticks, raws []time.Duration
	var events, notes *floortest.Rows
	for round := range 31 {
		start := time.Now()
		res, err := sw.Tick(ctx, now)
		tick := time.Since(start)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Fired) != total/100 {
			t.Fatalf("fired %d, want %d", len(res.Fired), total/100)
		}
		if events == nil {
			if events, err = floortest.Read(ctx, db, "sla_events", "fired_at = ?", now.UnixMilli()); err != nil {
				t.Fatal(err)
			}
			if notes, err = floortest.Read(ctx, db, "notifications", "created_at = ?", now.UnixMilli()); err != nil {
				t.Fatal(err)
			}
			t.Logf("a tick writes %d events, %d notifications and %d escalation writes", len(events.Vals), len(notes.Vals), res.Writes)
		}
		restore()
		raw, err := floortest.Write(ctx, db, []string{fmt.Sprintf(`DELETE FROM sla_schedule WHERE at <= %d`, now.UnixMilli())}, events, notes)
		if err != nil {
			t.Fatal(err)
		}
		restore()
		t.Logf("round %d: tick %v, raw %v", round, tick, raw)
		if round > 0 {
			ticks, raws = append(ticks, tick), append(raws, raw)
		}
	}
	fmt.Printf("bench: sla_sweep_100k_ms %.1f ms\n", millis(median(ticks)))
	fmt.Printf("bench: sla_sweep_raw_100k_ms %.1f ms\n", millis(median(raws)))
	fmt.Printf("bench: sla_sweep_vs_raw_x %.2f x\n", float64(median(ticks))/float64(median(raws)))
}

// sla_sweep_idle_1m_ms: a tick with nothing due over 1M open tickets (the profile is generated
// once and cached in OUTPOST_BENCH_DIR); the median of 20 ticks after a first one.
func TestBenchSweepIdle1M(t *testing.T) {
	benchOnly(t)
	ctx := context.Background()
	now := time.Date(2025, 3, 3, 12, 0, 0, 0, time.UTC)
	path := cachedSweepProfile(t, now, 1_000_000)
	d, err := desk.Open(ctx, path, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	sw, err := d.SLA.NewSweeper(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var ds []time.Duration
	for i := range 21 {
		start := time.Now()
		res, err := sw.Tick(ctx, now)
		if i > 0 {
			ds = append(ds, time.Since(start))
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Fired) != 0 {
			t.Fatalf("fired %d, want none", len(res.Fired))
		}
	}
	fmt.Printf("bench: sla_sweep_idle_1m_ms %.3f ms\n", millis(median(ds)))
}

// sweepProfileVersion names sweepProfile's output in the cache key: change it when
// sweepProfile changes what it writes.
const sweepProfileVersion = "2"

// cachedSweepProfile returns a profile of n open tickets with nothing due at now, built once
// per schema (the key hashes the migrations and sweepProfileVersion).
func cachedSweepProfile(t *testing.T, now time.Time, n int) string {
	t.Helper()
	dir := os.Getenv("OUTPOST_BENCH_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "outpost-bench")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	fmt.Fprintf(h, "sweep profile %s\n", sweepProfileVersion)
	files, _ := filepath.Glob("../store/migrations/*.sql")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s\n%d\n", filepath.Base(f), len(b))
		h.Write(b)
	}
	path := filepath.Join(dir, fmt.Sprintf("sweep-%d-%x.outpost", n, h.Sum(nil)[:6]))
	if floortest.Built(path, t.Logf) {
		return path
	}
	tmp := path + ".building"
	for _, suffix := range []string{"", "-wal", "-shm"} {
		_ = os.Remove(tmp + suffix)
	}
	start := time.Now()
	sweepProfile(t, tmp, now, n, false)
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
	t.Logf("built %s in %v", filepath.Base(path), time.Since(start).Round(time.Millisecond))
	return path
}

// sweepProfile writes n open tickets at path as the SLA hook would have left them: the plan
// in the ticket, each of its two levels a row of the sweep's schedule. With due, every
// hundredth ticket's warning is due a minute before now; otherwise nothing is due.
func sweepProfile(t *testing.T, path string, now time.Time, total int, due bool) {
	t.Helper()
	ctx := context.Background()
	d, err := desk.Open(ctx, path, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	owner, err := d.Owner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	policy := d.SLA.Policies()[0].ID
	sqlDB, err := d.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	const batch = 50_000
	for from := 0; from < total; from += batch {
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
		sched, err := tx.PrepareContext(ctx, `INSERT INTO sla_schedule(at, ticket_id, kind, level, target, stage, ticket_rowid) VALUES (?, ?, 'resolution', ?, '3d', ?, ?)`)
		if err != nil {
			t.Fatal(err)
		}
		for i := from; i < min(from+batch, total); i++ {
			created := now.Add(-time.Duration(i%600) * time.Minute).UnixMilli()
			warnAt, breachAt := now.Add(time.Duration(1+i%300)*time.Minute), now.Add(time.Duration(400+i%300)*time.Minute)
			if due && i%100 == 0 { // 1% due now
				warnAt = now.Add(-time.Minute)
			}
			plan := fmt.Sprintf(`[{"k":"resolution","p":75,"t":"3d","at":%d,"s":"warning"},{"k":"resolution","p":100,"t":"3d","at":%d,"s":"breached"}]`,
				warnAt.UnixMilli(), breachAt.UnixMilli())
			id := uuid.Must(uuid.NewV7()).String()
			res, err := stmt.ExecContext(ctx, id, fmt.Sprintf("INC%07d", 2000000+i), "Bench ticket",
				owner.ID, owner.ID, owner.ID, created, created, policy, warnAt.UnixMilli(), plan, breachAt.UnixMilli())
			if err != nil {
				t.Fatal(err)
			}
			rowid, err := res.LastInsertId()
			if err != nil {
				t.Fatal(err)
			}
			for _, l := range []struct {
				at    time.Time
				pct   int
				stage string
			}{{warnAt, 75, sla.StageWarning}, {breachAt, 100, sla.StageBreached}} {
				if _, err := sched.ExecContext(ctx, l.at.UnixMilli(), id, l.pct, l.stage, rowid); err != nil {
					t.Fatal(err)
				}
			}
		}
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	if err := d.DB.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`).Error; err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

func millis(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

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
