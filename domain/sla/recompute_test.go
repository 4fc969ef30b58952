package sla_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"outpost/domain/sla"
	"outpost/domain/ticket"
)

// slaSnapshot is every ticket's SLA columns and the sweep's schedule, as text.
func (e *env) slaSnapshot() []string {
	e.t.Helper()
	var out []string
	rows, err := e.d.DB.Raw(`SELECT id, COALESCE(sla_policy_id, ''), sla_stage, sla_paused, COALESCE(sla_response_due, 0),
		COALESCE(sla_resolution_due, 0), COALESCE(sla_due_at, 0), COALESCE(sla_next_at, 0), sla_plan, COALESCE(sla_warn_at, 0),
		COALESCE(sla_breach_at, 0) FROM tickets ORDER BY id`).Rows()
	if err != nil {
		e.t.Fatal(err)
	}
	for rows.Next() {
		v := make([]any, 11)
		p := make([]any, 11)
		for i := range v {
			p[i] = &v[i]
		}
		if err := rows.Scan(p...); err != nil {
			e.t.Fatal(err)
		}
		out = append(out, fmt.Sprint(v...))
	}
	rows.Close()
	rows, err = e.d.DB.Raw(`SELECT at, ticket_id, kind, level, target, stage FROM sla_schedule ORDER BY at, ticket_id, kind, level, target`).Rows()
	if err != nil {
		e.t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		v := make([]any, 6)
		p := make([]any, 6)
		for i := range v {
			p[i] = &v[i]
		}
		if err := rows.Scan(p...); err != nil {
			e.t.Fatal(err)
		}
		out = append(out, "schedule "+fmt.Sprint(v...))
	}
	return out
}

// ids0 lists the tickets' ids in the order they were created.
func ids0(e *env) []string {
	e.t.Helper()
	var ids []string
	if err := e.d.DB.Raw(`SELECT id FROM tickets ORDER BY created_at, id`).Scan(&ids).Error; err != nil {
		e.t.Fatal(err)
	}
	return ids
}

// ticketIndexes lists the tickets table's indexes with their definitions.
func (e *env) ticketIndexes() []string {
	e.t.Helper()
	var out []string
	if err := e.d.DB.Raw(`SELECT name || ': ' || COALESCE(sql, '') FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets' ORDER BY name`).Scan(&out).Error; err != nil {
		e.t.Fatal(err)
	}
	if !slices.ContainsFunc(out, func(s string) bool { return strings.Contains(s, "sla_") }) {
		e.t.Fatalf("no index on an SLA column among %q", out)
	}
	return out
}

// checkSchedule: the schedule holds exactly the levels of every ticket's plan (sla_plan).
func (e *env) checkSchedule(when string) {
	e.t.Helper()
	var plans []struct {
		ID   string
		Plan string
	}
	if err := e.d.DB.Raw(`SELECT id, sla_plan AS plan FROM tickets`).Scan(&plans).Error; err != nil {
		e.t.Fatal(err)
	}
	var want []string
	for _, p := range plans {
		if p.Plan == "" {
			continue
		}
		levels, err := sla.ParsePlan(p.Plan)
		if err != nil {
			e.t.Fatal(err)
		}
		for _, l := range levels {
			want = append(want, fmt.Sprint(l.At, p.ID, l.Kind, l.Percent, l.Target, l.Stage))
		}
	}
	var rows []struct {
		At       int64
		TicketID string
		Kind     string
		Level    int
		Target   string
		Stage    string
	}
	if err := e.d.DB.Raw(`SELECT at, ticket_id, kind, level, target, stage FROM sla_schedule`).Scan(&rows).Error; err != nil {
		e.t.Fatal(err)
	}
	var got []string
	for _, r := range rows {
		got = append(got, fmt.Sprint(r.At, r.TicketID, r.Kind, r.Level, r.Target, r.Stage))
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		e.t.Errorf("%s: the schedule holds\n%q\nthe plans name\n%q", when, got, want)
	}
}

// A recompute of every open ticket rebuilds the schedule whole in one transaction, or, on a
// profile too large for that, replaces each ticket's rows by key in batches: both must leave
// what the write hook leaves, levels already fired excluded.
func TestRecomputeOpenWholeOrInBatches(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	var held string
	for i := range 24 {
		tk := e.create(1+i%3, 1+(i/3)%3, "")
		if i == 5 {
			held = tk.ID
		}
		e.clock.Add(7 * time.Minute)
	}
	if _, err := e.d.Tickets.Transition(ctx, e.owner, held, ticket.Move{To: ticket.InProgress}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.d.Tickets.Transition(ctx, e.owner, held, ticket.Move{To: ticket.OnHold, HoldReason: "awaiting_caller"}); err != nil {
		t.Fatal(err)
	}
	// One ticket names its service by reference only: the policy matching that service's name
	// must reach it both ways (the hook's query looks the name up in SQL, the whole
	// recompute from a map).
	if err := e.d.DB.Exec(`INSERT INTO services(id, name, created_at) VALUES ('svc-mail', 'Email', 0)`).Error; err != nil {
		t.Fatal(err)
	}
	if err := e.d.DB.Exec(`UPDATE tickets SET service_id = 'svc-mail', service = '' WHERE id = ?`, ids0(e)[3]).Error; err != nil {
		t.Fatal(err)
	}
	mail := e.d.SLA.Policies()[0]
	mail.ID, mail.Name, mail.Default, mail.Match = "", "Email", false, sla.Match{Services: []string{"Email"}}
	saved, err := e.d.SLA.SavePolicy(ctx, e.owner, mail)
	if err != nil {
		t.Fatal(err)
	}
	// Another's category and service name hold the unit separator the whole recompute's read
	// packs texts with, digits and a character of two bytes: a policy on that category must
	// still reach it, and only it.
	const odd = "12\x1fNet\x1fwork é"
	if err := e.d.DB.Exec(`UPDATE tickets SET category = ?, service = ? WHERE id = ?`, odd, "3\x1f"+odd, ids0(e)[7]).Error; err != nil {
		t.Fatal(err)
	}
	net := e.d.SLA.Policies()[0]
	net.ID, net.Name, net.Default, net.Match = "", "Network", false, sla.Match{Categories: []string{odd}}
	byCategory, err := e.d.SLA.SavePolicy(ctx, e.owner, net)
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Add(90 * time.Minute)
	if res := e.tick(); len(res.Fired) == 0 {
		t.Fatal("the sweep fired nothing: the test needs fired levels")
	}
	// The hooks' state, computed again at this instant ticket by ticket.
	var ids []string
	e.d.DB.Raw(`SELECT id FROM tickets`).Scan(&ids)
	for _, id := range ids {
		if err := e.d.DB.Transaction(func(tx *gorm.DB) error { return e.d.SLA.Hook(tx, []string{id}, e.clock.Now()) }); err != nil {
			t.Fatal(err)
		}
	}
	want := e.slaSnapshot()

	indexes := e.ticketIndexes()
	if n, err := e.d.SLA.RecomputeOpen(ctx); err != nil || n != len(ids) {
		t.Fatalf("whole: recomputed %d, %v; want %d", n, err, len(ids))
	}
	if got := e.slaSnapshot(); !slices.Equal(got, want) {
		t.Errorf("rebuilt whole, small:\n got %q\nwant %q", got, want)
	}
	// As a big recompute: read beside the writer, with the SLA indexes dropped and built again.
	defer sla.SetRecomputeBig(1)()
	if n, err := e.d.SLA.RecomputeOpen(ctx); err != nil || n != len(ids) {
		t.Fatalf("whole, big: recomputed %d, %v; want %d", n, err, len(ids))
	}
	if got := e.slaSnapshot(); !slices.Equal(got, want) {
		t.Errorf("rebuilt whole:\n got %q\nwant %q", got, want)
	}
	var byService int64
	e.d.DB.Raw(`SELECT COUNT(*) FROM tickets WHERE sla_policy_id = ?`, saved.ID).Scan(&byService)
	if byService != 1 {
		t.Errorf("%d tickets under the Email policy, want the one that names the service", byService)
	}
	var netID string
	e.d.DB.Raw(`SELECT id FROM tickets WHERE sla_policy_id = ?`, byCategory.ID).Scan(&netID)
	if netID != ids0(e)[7] {
		t.Errorf("ticket %q under the Network policy, want %q, whose category it names", netID, ids0(e)[7])
	}
	// The big recompute maps the file and defers the checkpoint on the connections it uses:
	// every connection of the pool is back to the profile's settings after.
	checkPoolSettings(t, e)
	// The rebuild drops the tickets' SLA indexes and builds them again: all are back, alike.
	if got := e.ticketIndexes(); !slices.Equal(got, indexes) {
		t.Errorf("tickets' indexes after the rebuild:\n got %q\nwant %q", got, indexes)
	}
	// A pool of one connection has none to read beside the writer: the tickets are read in
	// its transaction, with the same outcome.
	pool, err := e.d.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	pool.SetMaxOpenConns(1)
	n, err := e.d.SLA.RecomputeOpen(ctx)
	pool.SetMaxOpenConns(4)
	if err != nil || n != len(ids) {
		t.Fatalf("whole on one connection: recomputed %d, %v; want %d", n, err, len(ids))
	}
	if got := e.slaSnapshot(); !slices.Equal(got, want) {
		t.Errorf("rebuilt whole on one connection:\n got %q\nwant %q", got, want)
	}
	// A policy change moves every level: the schedule must follow the plans, whole or in
	// batches, with nothing of the old plans left.
	p := e.d.SLA.Policies()[0]
	for i := range p.Targets {
		p.Targets[i].Resolution, p.Targets[i].Business = sla.Target{Value: 3, Unit: sla.Days}, false
	}
	if _, err := e.d.SLA.SavePolicy(ctx, e.owner, p); err != nil {
		t.Fatal(err)
	}
	e.checkSchedule("after a policy change, rebuilt whole")

	defer sla.SetRecomputeWhole(0)()
	if n, err := e.d.SLA.RecomputeOpen(ctx); err != nil || n != len(ids) {
		t.Fatalf("batches: recomputed %d, %v; want %d", n, err, len(ids))
	}
	e.checkSchedule("recomputed again in batches")
	p.Targets[0].Resolution = sla.Target{Value: 1, Unit: sla.Days}
	if _, err := e.d.SLA.SavePolicy(ctx, e.owner, p); err != nil {
		t.Fatal(err)
	}
	e.checkSchedule("after a policy change, in batches")
}

// checkPoolSettings checks every connection of the desk's pool has no file mapping, the
// default autocheckpoint and no database attached, and that the recompute's side schedule
// file is gone.
func checkPoolSettings(t *testing.T, e *env) {
	t.Helper()
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(e.path), ".sla-schedule-*")); len(left) > 0 {
		t.Errorf("files left beside the profile after a big recompute: %q", left)
	}
	pool, err := e.d.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var conns []*sql.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for range pool.Stats().MaxOpenConnections {
		c, err := pool.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	for i, c := range conns {
		for pragma, want := range map[string]int64{"mmap_size": 0, "wal_autocheckpoint": 1000, "temp_store": 2} {
			var got int64
			if err := c.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Errorf("connection %d after a big recompute: %s = %d, want %d", i, pragma, got, want)
			}
		}
		var n int
		if err := c.QueryRowContext(ctx, "SELECT COUNT(*) FROM pragma_database_list WHERE name NOT IN ('main', 'temp')").Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("connection %d after a big recompute: %d databases attached, want none", i, n)
		}
	}
}
