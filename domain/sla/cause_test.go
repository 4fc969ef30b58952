package sla_test

import (
	"context"
	"testing"
	"time"

	"outpost/domain/sla"
	"outpost/domain/ticket"
)

// TestEscalationCause: every change an escalation writes carries the key of its level and
// action, the same on every desk that fires it; the ops of one action share it.
func TestEscalationCause(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.escalateAt150(t)
	tk := e.create(2, 1, "") // P2
	e.clock.Add(46 * time.Minute)
	e.tick()
	sys, err := e.d.System(ctx)
	if err != nil {
		t.Fatal(err)
	}
	type row struct{ Entity, Op, Field, Cause string }
	var rows []row
	if err := e.d.DB.Raw(`SELECT entity, op, field, cause FROM changes WHERE author_id = ? ORDER BY seq`, sys.ID).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows {
		got[r.Entity+"."+r.Op+"."+r.Field] = r.Cause
	}
	var note string
	for _, l := range e.d.SLA.Policies()[0].Escalations {
		for i, a := range l.Actions {
			if a.Kind == sla.WorkNote && l.Percent == 100 && (l.Kind == "" || l.Kind == sla.Response) {
				note = sla.Cause(tk.ID, sla.Response, "30m", 100, i)
			}
		}
	}
	want := map[string]string{
		"ticket.set.groupId":                sla.Cause(tk.ID, sla.Response, "30m", 150, 0),
		"ticket.set.priority":               sla.Cause(tk.ID, sla.Response, "30m", 150, 1),
		"ticket.set.priorityOverrideReason": sla.Cause(tk.ID, sla.Response, "30m", 150, 1),
	}
	if note != "" {
		want["comment.append."] = note
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: cause %q, want %q (all: %v)", k, got[k], w, got)
		}
	}
	var plain int64
	e.d.DB.Raw(`SELECT COUNT(*) FROM changes WHERE author_id <> ? AND cause <> ''`, sys.ID).Scan(&plain)
	if plain != 0 {
		t.Errorf("%d changes of people carry a cause", plain)
	}
}

// TestAutoCloseCause: an auto-close is logged with the ticket's auto-close key.
func TestAutoCloseCause(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	tk := e.create(3, 3, "")
	for _, m := range []ticket.Move{{To: ticket.InProgress}, {To: ticket.Resolved, ResolutionCode: "solved_remotely", ResolutionNotes: "rebooted"}} {
		if _, err := e.d.Tickets.Transition(ctx, e.owner, tk.ID, m); err != nil {
			t.Fatal(err)
		}
	}
	sys, err := e.d.System(ctx)
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Add(8 * 24 * time.Hour)
	if n, err := e.d.Tickets.AutoClose(ctx, sys, 7, e.clock.Now()); err != nil || n != 1 {
		t.Fatalf("auto-close: %d, %v", n, err)
	}
	var causes []string
	e.d.DB.Raw(`SELECT cause FROM changes WHERE author_id = ? AND op = 'transition'`, sys.ID).Scan(&causes)
	if len(causes) != 1 || causes[0] != "autoclose:"+tk.ID {
		t.Errorf("auto-close causes: got %v, want [autoclose:%s]", causes, tk.ID)
	}
}
