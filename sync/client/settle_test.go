package client_test

import (
	"context"
	"reflect"
	"testing"

	"outpost/sync/client"
)

// TestSettleFieldsOutsidePatch: conflicts on fields a plain edit does not set (a major
// incident's reason, a child incident's parent) are settled through their own actions and
// reach the other desk.
func TestSettleFieldsOutsidePatch(t *testing.T) {
	s, a, b := setup(t)
	ctx := context.Background()
	a.Sync(t)
	child, _ := a.Desk.Tickets.Create(ctx, a.Actor, draft("Printer offline"))
	var parents []string
	for _, title := range []string{"Floor 3 network down", "Building power cut"} {
		p, err := a.Desk.Tickets.Create(ctx, a.Actor, draft(title))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.Desk.Tickets.SetMajor(ctx, a.Actor, p.ID, true, "many users"); err != nil {
			t.Fatal(err)
		}
		parents = append(parents, p.ID)
	}
	a.Sync(t)
	b.Sync(t)
	// Both desks edit the same fields offline, to different values.
	if _, err := a.Desk.Tickets.SetMajor(ctx, a.Actor, parents[0], true, "whole floor 3"); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Desk.Tickets.SetParent(ctx, a.Actor, child.ID, parents[0]); err != nil {
		t.Fatal(err)
	}
	a.Clock.Add(1)
	if _, err := b.Desk.Tickets.SetMajor(ctx, b.Actor, parents[0], true, "switch failed"); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Desk.Tickets.SetParent(ctx, b.Actor, child.ID, parents[1]); err != nil {
		t.Fatal(err)
	}
	b.Sync(t)
	a.Sync(t) // b's later values win; a's inbox holds both conflicts
	cs, err := a.Client.Conflicts(ctx)
	if err != nil || len(cs) != 2 {
		t.Fatalf("a's inbox: %+v, %v", cs, err)
	}
	for _, c := range cs {
		if err := a.Client.Settle(ctx, a.Actor, c.ID, client.KeepMine, nil); err != nil {
			t.Fatalf("settle %s: %v", c.Field, err)
		}
	}
	a.Sync(t)
	b.Sync(t)
	p, _ := b.Desk.Tickets.Get(ctx, b.Actor, parents[0])
	c, _ := b.Desk.Tickets.Get(ctx, b.Actor, child.ID)
	if p.MajorReason != "whole floor 3" || c.ParentID == nil || *c.ParentID != parents[0] {
		t.Errorf("after keeping a's values, b has reason %q and parent %v", p.MajorReason, c.ParentID)
	}
	if !reflect.DeepEqual(b.Dump(t), s.Dump(t)) || !reflect.DeepEqual(a.Dump(t), s.Dump(t)) {
		t.Error("a desk differs from the server")
	}
}
