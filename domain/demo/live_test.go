package demo_test

import (
	"context"
	"testing"
	"time"

	"outpost/domain/demo"
	"outpost/domain/desk/desktest"
	"outpost/domain/sla"
)

// TestDemoLooksLive checks the demo desk at a fixed now looks like a desk in use: most open
// tickets within their SLA, a few breaching soon, a few breached; several agents at work over
// the last weeks, and every past ticket done.
func TestDemoLooksLive(t *testing.T) {
	t.Setenv("TZ", "UTC") // the office-hours calendar is seeded in the machine's zone
	t.Run("friday morning", func(t *testing.T) { demoLooksLive(t, epoch) })
	// Outside office hours the business clocks stand still: the shape holds all the same.
	t.Run("sunday night", func(t *testing.T) { demoLooksLive(t, time.Date(2025, 3, 16, 23, 10, 0, 0, time.UTC)) })
}

func demoLooksLive(t *testing.T, epoch time.Time) {
	ctx := context.Background()
	d, admin := desktest.Open(t, func() time.Time { return epoch })
	if _, err := demo.Load(ctx, d, admin, 300, 42); err != nil {
		t.Fatal(err)
	}
	var open []string
	if err := d.DB.Raw(`SELECT id FROM tickets WHERE active = 1`).Scan(&open).Error; err != nil {
		t.Fatal(err)
	}
	stages := map[string]int{}
	for _, id := range open {
		st, err := d.SLA.Status(ctx, admin, id, epoch)
		if err != nil {
			t.Fatal(err)
		}
		stages[st.Stage]++
	}
	n := len(open)
	t.Logf("%d open tickets by SLA stage at %s: %v", n, epoch, stages)
	if n < 60 || n > 180 {
		t.Errorf("got %d open tickets of 300, want a working backlog (60–180)", n)
	}
	if ok := stages[sla.StageOK]; ok*10 < n*7 {
		t.Errorf("got %d of %d open tickets within SLA, want most (70%%+)", ok, n)
	}
	for _, s := range []string{sla.StageWarning, sla.StageBreached} {
		if got := stages[s]; got < 3 || got*100 > n*15 {
			t.Errorf("got %d open tickets %s, want a few (3 to 15%%)", got, s)
		}
	}
	// The stored SLA columns the queue reads agree with now.
	if got := scalar[int64](t, d, `SELECT COUNT(*) FROM tickets WHERE active = 1 AND sla_stage = 'breached'`); got != int64(stages[sla.StageBreached]) {
		t.Errorf("the queue shows %d breached, the clock says %d", got, stages[sla.StageBreached])
	}

	// Several agents did the work: transitions and comments by different staff.
	staff := `SELECT id FROM users WHERE role IN ('agent', 'manager')`
	if got := scalar[int64](t, d, `SELECT COUNT(DISTINCT actor_id) FROM audit_entries WHERE field = 'state' AND actor_id IN (`+staff+`)`); got < 5 {
		t.Errorf("state changes by %d staff, want several (5+)", got)
	}
	if got := scalar[int64](t, d, `SELECT COUNT(DISTINCT author_id) FROM comments WHERE author_id IN (`+staff+`)`); got < 5 {
		t.Errorf("comments by %d staff, want several (5+)", got)
	}
	if got := scalar[int64](t, d, `SELECT COUNT(DISTINCT author_id) FROM comments WHERE kind = 'note'`); got < 3 {
		t.Errorf("work notes by %d people, want several (3+)", got)
	}
	if got := scalar[int64](t, d, `SELECT COUNT(DISTINCT created_by) FROM tickets`); got < 5 {
		t.Errorf("tickets logged by %d people, want several (5+)", got)
	}
	// Over weeks, up to now.
	first, last := scalar[int64](t, d, `SELECT MIN(at) FROM audit_entries`), scalar[int64](t, d, `SELECT MAX(at) FROM audit_entries`)
	if span := time.Duration(last-first) * time.Millisecond; span < 14*24*time.Hour {
		t.Errorf("the history spans %s, want at least two weeks", span)
	}
	if last > epoch.UnixMilli() {
		t.Errorf("history reaches %s, after now", time.UnixMilli(last).UTC())
	}
	if got := scalar[int64](t, d, `SELECT COUNT(DISTINCT date(at / 1000, 'unixepoch')) FROM audit_entries`); got < 14 {
		t.Errorf("activity on %d days, want work on most days of the last weeks", got)
	}
	// What is done is done: resolved tickets have their code and notes, old ones are closed.
	if got := scalar[int64](t, d, `SELECT COUNT(*) FROM tickets WHERE state IN ('resolved', 'closed') AND (resolution_code = '' OR resolution_notes = '')`); got != 0 {
		t.Errorf("%d resolved tickets lack a code or notes", got)
	}
	if got := scalar[int64](t, d, `SELECT COUNT(*) FROM tickets WHERE state = 'resolved' AND resolved_at < ?`, epoch.Add(-7*24*time.Hour).UnixMilli()); got != 0 {
		t.Errorf("%d tickets resolved over a week ago are still not closed", got)
	}
	if got := scalar[int64](t, d, `SELECT COUNT(*) FROM tickets WHERE state IN ('resolved', 'closed')`); got < 100 {
		t.Errorf("only %d tickets resolved or closed", got)
	}
}
