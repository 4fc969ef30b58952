package sla_test

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"gorm.io/gorm"

	"outpost/domain/demo"
	"outpost/domain/sla"
)

// A policy or calendar change recomputes every open ticket in one pass (rowid order, writes
// several tickets a statement, the schedule rebuilt whole). Whatever that pass does to go fast,
// each ticket must end where computing it alone, fresh from its history, puts it: the same
// SLA columns and schedule rows as the write hook gives one ticket at a time, and the same due
// times, stage and breach as Status computes without reading any stored SLA column. A real
// profile of a few thousand generated tickets with their histories (state changes, holds,
// replies), across policies on three calendars (two zones with DST, holidays, a 24x7 one);
// whole and in batches.
func TestRecomputeAfterPolicyChangeMatchesFreshCompute(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.clock.t = time.Date(2025, 3, 28, 15, 0, 0, 0, time.UTC) // the Friday before Europe's DST change
	if err := demo.Bulk(ctx, e.d, 1500, 7, demo.BulkOptions{History: true, Span: 21 * 24 * time.Hour}); err != nil {
		t.Fatal(err)
	}
	var cats []string
	if err := e.d.DB.Raw(`SELECT category FROM tickets WHERE category <> '' AND active = 1 GROUP BY category ORDER BY COUNT(*) DESC, category`).Scan(&cats).Error; err != nil {
		t.Fatal(err)
	}
	if len(cats) < 3 {
		t.Fatalf("the generated tickets have %d categories, want 3 or more", len(cats))
	}
	berlin := office("Europe/Berlin")
	berlin.Holidays = append(berlin.Holidays, sla.Holiday{Date: "2025-04-18", Name: "Good Friday"}, sla.Holiday{Date: "2025-04-21", Name: "Easter Monday"})
	cb, err := e.d.SLA.SaveCalendar(ctx, e.owner, berlin)
	if err != nil {
		t.Fatal(err)
	}
	ny := office("America/New_York")
	ny.Name = "New York office"
	cn, err := e.d.SLA.SaveCalendar(ctx, e.owner, ny)
	if err != nil {
		t.Fatal(err)
	}
	cw, err := e.d.SLA.SaveCalendar(ctx, e.owner, sla.Calendar{Name: "Around the clock", Zone: "UTC", Always: true})
	if err != nil {
		t.Fatal(err)
	}
	targets := func(resp, res int, unit sla.Unit, business bool) []sla.PriorityTarget {
		var out []sla.PriorityTarget
		for p := 1; p <= 5; p++ {
			out = append(out, sla.PriorityTarget{Priority: p, Response: sla.Target{Value: resp * p, Unit: sla.Hours},
				Resolution: sla.Target{Value: res * p, Unit: unit}, Business: business})
		}
		return out
	}
	levels := []sla.Escalation{{Percent: 50, Kind: "response"}, {Percent: 80}, {Percent: 100}, {Percent: 150, Kind: "resolution"}}
	policies := []sla.Policy{
		{Name: "Berlin " + cats[0], Active: true, CalendarID: cb.ID, WarnPercent: 80, Match: sla.Match{Categories: []string{cats[0]}},
			Targets: targets(2, 2, sla.Days, true), Escalations: levels},
		{Name: "New York incidents", Active: true, CalendarID: cn.ID, Match: sla.Match{Types: []string{"incident"}, Priorities: []int{1, 2, 3}},
			Targets: targets(1, 16, sla.Hours, true), Escalations: levels, PauseReasons: []string{"awaiting_caller"}},
		{Name: "Around the clock " + cats[1], Active: true, CalendarID: cw.ID, WarnPercent: 60, Match: sla.Match{Categories: []string{cats[1]}},
			Targets: targets(1, 1, sla.Days, false), Escalations: levels},
	}
	for i := range policies {
		p, err := e.d.SLA.SavePolicy(ctx, e.owner, policies[i])
		if err != nil {
			t.Fatal(err)
		}
		policies[i] = *p
	}
	if res := e.tick(); len(res.Fired) == 0 {
		t.Fatal("the sweep fired nothing: the test needs levels already fired")
	}
	e.clock.Add(26 * time.Hour) // into Sunday 30 March, past the change to summer time in Berlin

	check := func(when string) {
		t.Helper()
		got := e.slaSnapshot()
		e.checkSchedule(when)
		var ids []string
		if err := e.d.DB.Raw(`SELECT id FROM tickets ORDER BY id`).Scan(&ids).Error; err != nil {
			t.Fatal(err)
		}
		// Fresh, without any stored SLA column: Status computes from the history alone.
		now := e.clock.Now()
		open, matched := 0, map[string]int{}
		for _, id := range ids {
			var col struct {
				Active                           bool
				PolicyID, Stage                  string
				Paused                           bool
				RespDue, ResDue, DueAt, BreachAt int64
				WarnAt                           int64
			}
			if err := e.d.DB.Raw(`SELECT active, COALESCE(sla_policy_id, '') AS policy_id, sla_stage AS stage, sla_paused AS paused,
				COALESCE(sla_response_due, 0) AS resp_due, COALESCE(sla_resolution_due, 0) AS res_due, COALESCE(sla_due_at, 0) AS due_at,
				COALESCE(sla_breach_at, 0) AS breach_at, COALESCE(sla_warn_at, 0) AS warn_at FROM tickets WHERE id = ?`, id).Scan(&col).Error; err != nil {
				t.Fatal(err)
			}
			if !col.Active {
				continue
			}
			open++
			st, err := e.d.SLA.Status(ctx, e.owner, id, now)
			if err != nil {
				t.Fatal(err)
			}
			matched[st.PolicyID]++
			running := func(c sla.Clock) int64 {
				if c.State == sla.Running {
					return c.DueAt
				}
				return 0
			}
			want := fmt.Sprint(st.PolicyID, st.Stage, st.Paused, running(st.Response), running(st.Resolution), st.DueAt, st.BreachAt, st.WarnAt)
			have := fmt.Sprint(col.PolicyID, col.Stage, col.Paused, col.RespDue, col.ResDue, col.DueAt, col.BreachAt, col.WarnAt)
			if have != want {
				t.Errorf("%s: ticket %s holds %s, computed fresh %s", when, id, have, want)
			}
		}
		if open < 300 || len(matched) < 4 {
			t.Fatalf("%s: %d open tickets over %d policies (%v): the profile should cover every policy", when, open, len(matched), matched)
		}
		// Fresh through the write hook: each ticket the recompute covers (every open one: the
		// generated closed ones never had a clock), alone, in its own transaction.
		var openIDs []string
		if err := e.d.DB.Raw(`SELECT id FROM tickets WHERE active = 1 OR sla_next_at IS NOT NULL`).Scan(&openIDs).Error; err != nil {
			t.Fatal(err)
		}
		for _, id := range openIDs {
			if err := e.d.DB.Transaction(func(tx *gorm.DB) error { return e.d.SLA.Hook(tx, []string{id}, now) }); err != nil {
				t.Fatal(err)
			}
		}
		if want := e.slaSnapshot(); !slices.Equal(got, want) {
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Fatalf("%s: the recompute left\n%s\nthe hook, one ticket at a time, leaves\n%s", when, got[i], want[i])
				}
			}
			t.Fatalf("%s: the recompute left %d rows, the hook %d", when, len(got), len(want))
		}
	}

	// The New York policy's resolution moves from business to calendar hours; Berlin's
	// calendar loses a working day.
	p := policies[1]
	for i := range p.Targets {
		p.Targets[i].Business = false
	}
	before := e.d.SLA.Recomputes()
	if _, err := e.d.SLA.SavePolicy(ctx, e.owner, p); err != nil {
		t.Fatal(err)
	}
	if e.d.SLA.Recomputes() != before+1 {
		t.Fatalf("a policy save recomputed %d times, want once", e.d.SLA.Recomputes()-before)
	}
	check("after a policy change, rebuilt whole")

	cb.Holidays = append(cb.Holidays, sla.Holiday{Date: "2025-03-31", Name: "Closed"})
	if _, err := e.d.SLA.SaveCalendar(ctx, e.owner, *cb); err != nil {
		t.Fatal(err)
	}
	check("after a calendar change, rebuilt whole")

	defer sla.SetRecomputeWhole(0)()
	e.clock.Add(3 * time.Hour)
	p.Targets[2].Resolution = sla.Target{Value: 30, Unit: sla.Hours}
	if _, err := e.d.SLA.SavePolicy(ctx, e.owner, p); err != nil {
		t.Fatal(err)
	}
	check("after a policy change, in batches")
}
