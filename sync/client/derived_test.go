package client_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"outpost/domain/ticket"
	"outpost/sync/synctest"
)

// TestDerivedPriorityAfterMerge: impact set on one desk and urgency on another (offline) merge
// into a priority the matrix gives for both, on every desk and the server, unless an override
// with its reason won, which then stands.
func TestDerivedPriorityAfterMerge(t *testing.T) {
	s, a, b := setup(t)
	ctx := context.Background()
	a.Sync(t)
	tk, err := a.Desk.Tickets.Create(ctx, a.Actor, draft("Mail is slow")) // impact 2, urgency 2: P3
	if err != nil {
		t.Fatal(err)
	}
	a.Sync(t)
	b.Sync(t)
	one, three := 1, 3
	if _, err := a.Desk.Tickets.Update(ctx, a.Actor, tk.ID, ticket.Patch{Impact: &one}); err != nil { // P2 here
		t.Fatal(err)
	}
	a.Sync(t)
	a.Clock.Add(time.Second)
	if _, err := b.Desk.Tickets.Update(ctx, b.Actor, tk.ID, ticket.Patch{Urgency: &three}); err != nil { // offline: P4 there
		t.Fatal(err)
	}
	b.Sync(t)
	a.Sync(t)
	want := ticket.DefaultMatrix.Priority(1, 3)
	check := func(step string, prio int, reason string) {
		t.Helper()
		for name, r := range map[string]*synctest.Replica{"desk 1": a, "desk 2": b} {
			got, err := r.Desk.Tickets.Get(ctx, r.Actor, tk.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Priority != prio || got.PriorityOverrideReason != reason {
				t.Errorf("%s: %s has impact %d, urgency %d, P%d %q; want P%d %q", step, name, got.Impact, got.Urgency,
					got.Priority, got.PriorityOverrideReason, prio, reason)
			}
			if rej, err := r.Client.Rejections(ctx); err != nil || len(rej) != 0 {
				t.Errorf("%s: %s has refused ops %+v (%v)", step, name, rej, err)
			}
			if !reflect.DeepEqual(r.Dump(t), s.Dump(t)) {
				t.Errorf("%s: %s differs from the server", step, name)
			}
		}
	}
	check("impact and urgency", want, "")
	// The desk whose priority changed by the merge has it in its trail (the SLA clock reads
	// it), credited to the author of the change that moved it.
	var n int64
	a.Desk.DB.Raw(`SELECT COUNT(*) FROM audit_entries WHERE ticket_id = ? AND field = 'priority' AND old_value = '2' AND new_value = '3'
		AND actor_id = ?`, tk.ID, b.Actor.ID).Scan(&n)
	if n != 1 {
		t.Errorf("desk 1's trail shows the merged priority P2 -> P3 by desk 2's user %d times, want once", n)
	}

	// An override with its reason stands when the other desk changes urgency offline.
	why := "the CEO's mail"
	if _, err := a.Desk.Tickets.Update(ctx, a.Actor, tk.ID, ticket.Patch{Priority: &one, PriorityReason: &why}); err != nil {
		t.Fatal(err)
	}
	a.Sync(t)
	a.Clock.Add(time.Second)
	two := 2
	if _, err := b.Desk.Tickets.Update(ctx, b.Actor, tk.ID, ticket.Patch{Urgency: &two}); err != nil {
		t.Fatal(err)
	}
	b.Sync(t)
	a.Sync(t)
	check("override", 1, why)

	// Back to the matrix on one desk: every desk derives the priority again.
	zero := 0
	if _, err := b.Desk.Tickets.Update(ctx, b.Actor, tk.ID, ticket.Patch{Priority: &zero}); err != nil {
		t.Fatal(err)
	}
	b.Sync(t)
	a.Sync(t)
	check("override cleared", ticket.DefaultMatrix.Priority(1, 2), "")
}
