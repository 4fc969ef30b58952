package sla_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"outpost/domain/sla"
	"outpost/domain/ticket"
)

// A profile written by the sweep before migration 0005 (the levels left to fire in
// tickets.sla_plan, the fired ones folded into sla_stage) keeps its schedule: the levels
// left fire once, the fired one does not fire again, and the queue keeps the stage.
func TestMigrationMovesScheduleOutOfTickets(t *testing.T) {
	e := newEnv(t)
	tk := e.create(1, 1, e.owner.ID) // P1: response 15 min, resolution 4 h on 24×7
	e.clock.Add(12 * time.Minute)
	if res := e.tick(); len(res.Fired) != 1 || res.Fired[0].Percent != 75 {
		t.Fatalf("tick: got %+v, want the response warning", res.Fired)
	}
	now := e.clock.Now().UnixMilli()
	// Back to the layout before 0005, as the old sweep left it after that tick: the plan as
	// JSON, without the fired level (the levels left are the schedule's).
	for _, q := range []string{
		`UPDATE tickets SET sla_stage = 'warning', sla_plan = (SELECT json_group_array(json_object('k', s.kind, 'p', s.level, 't', s.target,
			'at', s.at, 's', s.stage)) FROM (SELECT * FROM sla_schedule s WHERE s.ticket_id = tickets.id AND s.at > ` + itoa(now) + ` ORDER BY s.at) s)
			WHERE sla_plan <> ''`,
		`UPDATE tickets SET sla_next_at = (SELECT MIN(j.value ->> 'at') FROM json_each(tickets.sla_plan) j) WHERE sla_plan <> ''`,
		`DROP TABLE sla_schedule`,
		`ALTER TABLE sla_events DROP COLUMN stage`,
		`ALTER TABLE tickets DROP COLUMN sla_at`,
		`CREATE INDEX tickets_sla_next ON tickets(sla_next_at) WHERE sla_next_at IS NOT NULL`,
		`DELETE FROM schema_migrations WHERE version IN (5, 44)`, // 0044 adds a column to the schedule
	} {
		if err := e.d.DB.Exec(q).Error; err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	e.restart() // applies 0005 and 0044 again
	if n := e.scheduled(tk.ID); n != 3 {
		t.Errorf("after migrating: %d levels scheduled, want 3 (response breach, resolution warning and breach)", n)
	}
	if got := e.queueStage(tk.ID); got != sla.StageWarning {
		t.Errorf("after migrating: stage in the queue %q, want warning", got)
	}
	var stage string
	e.d.DB.Raw(`SELECT stage FROM sla_events WHERE ticket_id = ?`, tk.ID).Scan(&stage)
	if stage != sla.StageWarning {
		t.Errorf("migrated event: stage %q, want warning", stage)
	}
	if res := e.tick(); len(res.Fired) != 0 {
		t.Fatalf("tick after migrating: got %+v, want nothing", res.Fired)
	}
	e.clock.Add(5 * time.Minute)
	res := e.tick()
	if len(res.Fired) != 1 || res.Fired[0].Percent != 100 || res.Fired[0].Kind != sla.Response {
		t.Fatalf("after the due time: got %+v, want the response breach", res.Fired)
	}
	if got := e.queueStage(tk.ID); got != sla.StageBreached {
		t.Errorf("stage in the queue: got %q, want breached", got)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// A profile from before migration 0010 has no warning or breach instants: opening it computes
// them, so its breached ticket is in "Breached" without waiting for a write to it.
func TestMigrationComputesBreachInstants(t *testing.T) {
	e := newEnv(t)
	tk := e.create(1, 1, e.owner.ID) // P1: response due in 15 min
	for _, q := range []string{
		`DROP INDEX tickets_sla_soon`,
		`DROP INDEX tickets_sla_breach`,
		`ALTER TABLE tickets DROP COLUMN sla_warn_at`,
		`ALTER TABLE tickets DROP COLUMN sla_breach_at`,
		`CREATE INDEX tickets_sla_due ON tickets(active, sla_due_at) WHERE sla_due_at IS NOT NULL`,
		`DELETE FROM settings WHERE key = 'sla_recompute'`,
		`DELETE FROM schema_migrations WHERE version = 10`,
	} {
		if err := e.d.DB.Exec(q).Error; err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	e.clock.Add(20 * time.Minute)
	e.restart() // applies 0010 again
	rows, err := e.d.Tickets.Queue(context.Background(), e.owner, ticket.Query{View: "breached"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].ID != tk.ID || rows[0].SLABreachAt == nil || *rows[0].SLABreachAt != monday09.Add(15*time.Minute).UnixMilli() {
		t.Fatalf("breached after migrating: got %+v, want the P1, breached at 09:15", rows)
	}
	var n int64
	e.d.DB.Raw(`SELECT COUNT(*) FROM settings WHERE key = 'sla_recompute'`).Scan(&n)
	if n != 0 {
		t.Errorf("the recompute mark is still set after opening")
	}
}
