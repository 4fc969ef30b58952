package sla_test

import (
	"context"
	"testing"
	"time"

	"outpost/domain/sla"
	"outpost/domain/ticket"
)

// twoResolvedP2 logs two P2 incidents at Monday 09:00, answers both at 09:10 and resolves
// them after 4 and 7.5 business hours.
func twoResolvedP2(t *testing.T, e *env) (fast, slow *ticket.Ticket) {
	ctx := context.Background()
	fast, slow = e.create(1, 2, e.owner.ID), e.create(1, 2, e.owner.ID)
	e.clock.Set(monday09.Add(10 * time.Minute))
	for _, tk := range []*ticket.Ticket{fast, slow} {
		if _, err := e.d.Tickets.AddComment(ctx, e.owner, tk.ID, ticket.KindReply, "Looking", 0); err != nil {
			t.Fatal(err)
		}
	}
	resolve := func(tk *ticket.Ticket, at time.Time) {
		e.clock.Set(at)
		if _, err := e.d.Tickets.Transition(ctx, e.owner, tk.ID, ticket.Move{To: ticket.Resolved, ResolutionCode: "solved_permanently", ResolutionNotes: "Fixed"}); err != nil {
			t.Fatal(err)
		}
	}
	resolve(fast, monday09.Add(4*time.Hour))
	resolve(slow, monday09.Add(7*time.Hour+30*time.Minute))
	e.clock.Set(monday09.Add(48 * time.Hour))
	return fast, slow
}

func TestWhatIf(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	_, slow := twoResolvedP2(t, e)
	// A third P2 logged at Wednesday 17:00 and resolved Thursday 10:00: 3 office hours, 17 real.
	e.clock.Set(monday09.Add(56 * time.Hour))
	night := e.create(1, 2, e.owner.ID)
	e.clock.Add(5 * time.Minute)
	if _, err := e.d.Tickets.AddComment(ctx, e.owner, night.ID, ticket.KindReply, "Looking", 0); err != nil {
		t.Fatal(err)
	}
	e.clock.Set(monday09.Add(73 * time.Hour))
	if _, err := e.d.Tickets.Transition(ctx, e.owner, night.ID, ticket.Move{To: ticket.Resolved, ResolutionCode: "solved_permanently", ResolutionNotes: "Fixed"}); err != nil {
		t.Fatal(err)
	}
	p := e.d.SLA.Policies()[0]
	for i := range p.Targets {
		if p.Targets[i].Priority == 2 {
			p.Targets[i].Resolution = sla.Target{Value: 6, Unit: sla.Hours}
		}
	}
	got, err := e.d.SLA.WhatIf(ctx, e.owner, sla.WhatIfRequest{Days: 7, Policy: &p}, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	p2 := got.ByPriority[1]
	if got.Tickets != 3 || p2.Before.Met != 3 || p2.After.Met != 2 || p2.After.Breached != 1 {
		t.Fatalf("got %+v, want 3 met before and 2 met, 1 breached after", got)
	}
	if got.ChangedTotal != 1 || got.Changed[0].ID != slow.ID || got.Changed[0].Before != sla.OutcomeMet || got.Changed[0].After != sla.OutcomeBreached {
		t.Fatalf("changed: got %+v, want the slow ticket met → breached", got.Changed)
	}
	// A calendar change alone: office hours become round the clock, so the night counts.
	cal := e.d.SLA.Calendars()[1] // office hours (sorted by name: "24×7", "Office hours")
	cal.Always = true
	got, err = e.d.SLA.WhatIf(ctx, e.owner, sla.WhatIfRequest{Days: 7, Calendar: &cal}, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if got.ByPriority[1].After.Breached != 1 || got.ChangedTotal != 1 || got.Changed[0].ID != night.ID {
		t.Fatalf("24×7 office: got %+v, want the overnight ticket breached", got)
	}
	// Nothing was saved.
	if e.d.SLA.Policies()[0].Targets[1].Resolution.Value != 8 {
		t.Fatal("what-if changed the saved policy")
	}
}

func TestReport(t *testing.T) {
	e := newEnv(t)
	twoResolvedP2(t, e)
	e.create(1, 1, e.owner.ID) // P1 logged at Wednesday 09:00, unanswered: breached by Thursday
	e.clock.Add(24 * time.Hour)
	r, err := e.d.SLA.Report(context.Background(), e.owner, sla.ReportRequest{}, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][2]int{"P1": {0, 1}, "P2": {2, 0}}
	if len(r.ByPriority) != 2 {
		t.Fatalf("by priority: got %+v", r.ByPriority)
	}
	for _, c := range r.ByPriority {
		if w := want[c.Label]; c.Met != w[0] || c.Breached != w[1] {
			t.Errorf("%s: got met %d breached %d, want %v", c.Label, c.Met, c.Breached, w)
		}
	}
	if len(r.ByMonth) != 1 || r.ByMonth[0].Label != "2025-03" || r.ByMonth[0].Percent < 66 || r.ByMonth[0].Percent > 67 {
		t.Errorf("by month: got %+v, want 2025-03 at 66.7%%", r.ByMonth)
	}
	if r.Respond.Count != 2 || r.Respond.P50MS != (10*time.Minute).Milliseconds() {
		t.Errorf("respond: got %+v, want 2 at 10 min", r.Respond)
	}
	if r.Resolve.Count != 2 || r.Resolve.Buckets[2].Count != 1 || r.Resolve.Buckets[3].Count != 1 {
		t.Errorf("resolve: got %+v, want one ≤ 4 h and one ≤ 8 h", r.Resolve)
	}
}
