package client_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"outpost/domain/fault"
	"outpost/domain/ticket"
	"outpost/sync/client"
	"outpost/sync/synctest"
)

// resolved makes a ticket on r and resolves it.
func resolved(t *testing.T, r *synctest.Replica, title string) *ticket.Ticket {
	t.Helper()
	ctx := context.Background()
	tk, err := r.Desk.Tickets.Create(ctx, r.Actor, draft(title))
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []ticket.Move{{To: ticket.InProgress}, {To: ticket.Resolved, ResolutionCode: "solved_remotely", ResolutionNotes: "rebooted"}} {
		if _, err := r.Desk.Tickets.Transition(ctx, r.Actor, tk.ID, m); err != nil {
			t.Fatal(err)
		}
	}
	return tk
}

// TestAutomaticWorkReachesTheTeam: what a joined desk does by itself (auto-close, SLA
// escalations: reassign, raise priority, work note) is pushed as the signed-in user, marked
// automatic, checked like their own edits, and reaches the other desks.
func TestAutomaticWorkReachesTheTeam(t *testing.T) {
	s, a, b := setup(t)
	ctx := context.Background()
	a.Sync(t)
	done := resolved(t, a, "Mail bounces")
	open, err := a.Desk.Tickets.Create(ctx, a.Actor, draft("Disk full"))
	if err != nil {
		t.Fatal(err)
	}
	a.Sync(t)
	sys, err := a.Desk.System(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a.Clock.Add(8 * 24 * time.Hour)
	if n, err := a.Desk.Tickets.AutoClose(ctx, sys, 7, a.Clock.Now()); err != nil || n != 1 {
		t.Fatalf("auto-close: %d, %v", n, err)
	}
	group, prio, reason := "g-desk", 1, "SLA escalation: resolution at 100%"
	if _, err := a.Desk.Tickets.Update(ctx, sys, open.ID, ticket.Patch{GroupID: &group, Priority: &prio, PriorityReason: &reason}); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Desk.Tickets.AddComment(ctx, sys, open.ID, ticket.KindNote, "SLA: resolution breached", 0); err != nil {
		t.Fatal(err)
	}
	rep := a.Sync(t)
	if rep.Rejected != 0 || rep.Accepted < 4 {
		t.Fatalf("automatic work: got %+v, want all accepted", rep)
	}
	b.Sync(t)
	got, err := b.Desk.Tickets.Get(ctx, b.Actor, done.ID)
	if err != nil || got.State != ticket.Closed {
		t.Fatalf("auto-close on the other desk: %+v, %v", got, err)
	}
	got, _ = b.Desk.Tickets.Get(ctx, b.Actor, open.ID)
	if got.Priority != 1 || got.GroupID == nil || *got.GroupID != group {
		t.Errorf("escalation on the other desk: priority %d group %v", got.Priority, got.GroupID)
	}
	var notes int64
	b.Desk.DB.Raw(`SELECT COUNT(*) FROM comments WHERE ticket_id = ? AND kind = 'note'`, open.ID).Scan(&notes)
	if notes != 1 {
		t.Errorf("work note on the other desk: %d", notes)
	}
	// The server keeps who vouched for the work and that it was automatic.
	var auto, byAnn int64
	s.Store.DB.Raw(`SELECT COUNT(*) FROM changes WHERE auto`).Scan(&auto)
	s.Store.DB.Raw(`SELECT COUNT(*) FROM changes WHERE auto AND author_id = ?`, a.Actor.ID).Scan(&byAnn)
	if auto < 4 || byAnn != auto {
		t.Errorf("server changes marked automatic: %d, by the signed-in user: %d", auto, byAnn)
	}
	for name, r := range map[string]*synctest.Replica{"a": a, "b": b} {
		if !reflect.DeepEqual(r.Dump(t), s.Dump(t)) {
			t.Errorf("replica %s differs from the server", name)
		}
	}
}

// TestAutomaticRejectionIsShown: automatic work the server refuses (here the ticket was
// reopened on another desk meanwhile) is shown to the desk's signed-in user, marked automatic.
func TestAutomaticRejectionIsShown(t *testing.T) {
	s, a, b := setup(t)
	ctx := context.Background()
	a.Sync(t)
	tk := resolved(t, a, "Wifi flaky")
	a.Sync(t)
	b.Sync(t)
	if _, err := b.Desk.Tickets.Transition(ctx, b.Actor, tk.ID, ticket.Move{To: ticket.InProgress, Reason: "still flaky"}); err != nil {
		t.Fatal(err)
	}
	b.Sync(t)
	sys, _ := a.Desk.System(ctx)
	a.Clock.Add(8 * 24 * time.Hour)
	if n, err := a.Desk.Tickets.AutoClose(ctx, sys, 7, a.Clock.Now()); err != nil || n != 1 {
		t.Fatalf("auto-close: %d, %v", n, err)
	}
	if rep := a.Sync(t); rep.Rejected != 1 {
		t.Fatalf("got %+v, want the stale auto-close rejected", rep)
	}
	rej, err := a.Client.Rejections(ctx)
	if err != nil || len(rej) != 1 || !rej[0].Auto || rej[0].Code != "invalid_transition" {
		t.Fatalf("signed-in user's rejections: %+v, %v", rej, err)
	}
	st, err := a.Client.Status(ctx)
	if err != nil || st.Rejected != 1 {
		t.Errorf("status: %+v, %v", st, err)
	}
	got, _ := a.Desk.Tickets.Get(ctx, a.Actor, tk.ID)
	if got.State != ticket.InProgress {
		t.Errorf("after rejection got %s, want the server's in_progress", got.State)
	}
	if !reflect.DeepEqual(a.Dump(t), s.Dump(t)) {
		t.Error("replica differs from the server")
	}
}

// TestRequesterReplyResumesOnServer: a requester's reply to a ticket on hold awaiting them
// resumes it on their desk and on the server alike.
func TestRequesterReplyResumesOnServer(t *testing.T) {
	s, a, _ := setup(t)
	ctx := context.Background()
	rita := synctest.NewReplica(t, s, "rita@example.test", a.Clock)
	tk, err := rita.Desk.Tickets.Create(ctx, rita.Actor, draft("Printer offline"))
	if err != nil {
		t.Fatal(err)
	}
	rita.Sync(t)
	a.Sync(t)
	for _, m := range []ticket.Move{{To: ticket.InProgress}, {To: ticket.OnHold, HoldReason: "awaiting_caller"}} {
		if _, err := a.Desk.Tickets.Transition(ctx, a.Actor, tk.ID, m); err != nil {
			t.Fatal(err)
		}
	}
	a.Sync(t)
	rita.Sync(t)
	if _, err := rita.Desk.Tickets.AddComment(ctx, rita.Actor, tk.ID, ticket.KindReply, "it is on now", 0); err != nil {
		t.Fatal(err)
	}
	if rep := rita.Sync(t); rep.Rejected != 0 || rep.Accepted != 2 {
		t.Fatalf("reply and its implied move: %+v", rep)
	}
	a.Sync(t)
	got, _ := a.Desk.Tickets.Get(ctx, a.Actor, tk.ID)
	if got.State != ticket.InProgress {
		t.Errorf("agent's desk: %s, want in_progress", got.State)
	}
	got, _ = rita.Desk.Tickets.Get(ctx, rita.Actor, tk.ID)
	if got.State != ticket.InProgress {
		t.Errorf("requester's desk: %s, want in_progress", got.State)
	}
}

// TestSettleAfterOtherDeskSettled: once one desk settled a conflict, the other desk's copy of
// it is stale: "keep mine" there must not silently bring back the value the settlement
// replaced; keeping what is now in place still closes it.
func TestSettleAfterOtherDeskSettled(t *testing.T) {
	s, a, b := setup(t)
	ctx := context.Background()
	tk, _ := a.Desk.Tickets.Create(ctx, a.Actor, draft("Mail bounces"))
	a.Sync(t)
	b.Sync(t)
	mine, theirs := "Mail bounces for sales", "Mail bounces since Monday"
	_, _ = a.Desk.Tickets.Update(ctx, a.Actor, tk.ID, ticket.Patch{Title: &mine})
	a.Clock.Add(1)
	_, _ = b.Desk.Tickets.Update(ctx, b.Actor, tk.ID, ticket.Patch{Title: &theirs})
	b.Sync(t)
	a.Sync(t)
	b.Sync(t)
	ca, _ := a.Client.Conflicts(ctx)
	cb, _ := b.Client.Conflicts(ctx)
	if len(ca) != 1 || len(cb) != 1 || cb[0].Winner != "mine" {
		t.Fatalf("inboxes: a %+v, b %+v", ca, cb)
	}
	// a settles first, keeping its own (losing) title; b hears of it.
	if err := a.Client.Settle(ctx, a.Actor, ca[0].ID, client.KeepMine, nil); err != nil {
		t.Fatal(err)
	}
	a.Sync(t)
	b.Sync(t)
	err := b.Client.Settle(ctx, b.Actor, cb[0].ID, client.KeepMine, nil)
	if fault.Code(err) != fault.CodeConflict {
		t.Errorf("keep mine after the other desk settled: got %v, want a conflict error", err)
	}
	if got, _ := b.Desk.Tickets.Get(ctx, b.Actor, tk.ID); got.Title != mine {
		t.Errorf("b's title %q, want the settled %q", got.Title, mine)
	}
	if err := b.Client.Settle(ctx, b.Actor, cb[0].ID, client.KeepTheirs, nil); err != nil {
		t.Fatalf("keeping the settled value: %v", err)
	}
	if st, _ := b.Client.Status(ctx); st.OpenConflicts != 0 || st.Pending != 0 {
		t.Errorf("after closing: %+v, want no open conflict and nothing to push", st)
	}
	b.Sync(t)
	a.Sync(t)
	for name, r := range map[string]*synctest.Replica{"a": a, "b": b} {
		if got, _ := r.Desk.Tickets.Get(ctx, r.Actor, tk.ID); got.Title != mine {
			t.Errorf("%s has %q, want %q", name, got.Title, mine)
		}
		if !reflect.DeepEqual(r.Dump(t), s.Dump(t)) {
			t.Errorf("replica %s differs from the server", name)
		}
	}
}
