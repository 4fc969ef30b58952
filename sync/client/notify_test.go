package client_test

import (
	"context"
	"testing"

	"outpost/domain/notify"
	"outpost/domain/replica"
	"outpost/domain/ticket"
	"outpost/sync/synctest"
)

// kinds lists a replica's notifications for people of user, by type.
func kinds(t *testing.T, r *synctest.Replica, user string) map[string]int {
	t.Helper()
	var rows []struct{ Kind string }
	if err := r.Desk.DB.Raw(`SELECT kind FROM notifications WHERE user_id = ? AND change_id IS NOT NULL`, user).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	out := map[string]int{}
	for _, x := range rows {
		out[x.Kind]++
	}
	return out
}

// An assignment made on desk A notifies the assignee on desk B when B pulls it: once, however
// often B syncs or re-applies the page; nobody on A hears of it (Ann made it, Bob is not A's).
func TestAssignmentOnOneDeskNotifiesTheAssigneeOnAnother(t *testing.T) {
	s, a, b := setup(t)
	ctx := context.Background()
	a.Sync(t)
	b.Sync(t)
	d := draft("Scanner offline")
	d.GroupID, d.AssigneeID = s.Group, b.Actor.ID
	tk, err := a.Desk.Tickets.Create(ctx, a.Actor, d)
	if err != nil {
		t.Fatal(err)
	}
	if rep := a.Sync(t); rep.Accepted != 1 {
		t.Fatalf("push: %+v", rep)
	}
	if got := kinds(t, b, b.Actor.ID); got["assigned"] != 0 {
		t.Fatalf("notified before the pull: %v", got)
	}
	b.Sync(t)
	if got := kinds(t, b, b.Actor.ID); len(got) != 1 || got["assigned"] != 1 {
		t.Fatalf("Bob on desk B: got %v, want one assigned", got)
	}
	page, err := b.Desk.Notify.Page(ctx, b.Actor, notify.PageQuery{})
	if err != nil || len(page.Items) != 1 || page.Items[0].TicketNumber != tk.Number || page.Unread != 1 {
		t.Fatalf("Bob's centre: %+v %v", page, err)
	}
	b.Sync(t)
	// the page pulled again from the start, and the rules run again over the whole log
	if err := replica.SetState(b.Desk.DB, replica.KeyCursor, "0"); err != nil {
		t.Fatal(err)
	}
	b.Sync(t)
	if err := b.Desk.DB.Exec(`UPDATE notify_state SET value = 0 WHERE key = 'cursor'`).Error; err != nil {
		t.Fatal(err)
	}
	if _, err := notify.Catchup(b.Desk.DB, b.Desk.DeviceID, b.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	if got := kinds(t, b, b.Actor.ID); len(got) != 1 || got["assigned"] != 1 {
		t.Fatalf("after syncing and re-applying: got %v, want one assigned", got)
	}
	for _, u := range []string{a.Actor.ID, b.Actor.ID} {
		if got := kinds(t, a, u); len(got) != 0 {
			t.Errorf("desk A notified %s: %v", u, got)
		}
	}
}

// A follow and a person's switches are theirs on every desk: Bob follows on one desk, and
// his other desk tells him of a change Ann makes; a desk that joins later pulls the history
// and tells nobody of it.
func TestFollowReachesThePersonsOtherDesk(t *testing.T) {
	s, a, b := setup(t)
	ctx := context.Background()
	a.Sync(t)
	tk, err := a.Desk.Tickets.Create(ctx, a.Actor, draft("Badge reader"))
	if err != nil {
		t.Fatal(err)
	}
	a.Sync(t)
	b.Sync(t)
	if err := b.Desk.Notify.Follow(ctx, b.Actor, tk.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Desk.Notify.SetPrefs(ctx, b.Actor, notify.Prefs{notify.Mention: false}); err != nil {
		t.Fatal(err)
	}
	if rep := b.Sync(t); rep.Accepted != 2 || rep.Rejected != 0 {
		t.Fatalf("push of the follow and the switches: %+v", rep)
	}
	laptop := synctest.NewReplica(t, s, "bob@example.test", b.Clock)
	laptop.Sync(t)
	if on, err := laptop.Desk.Notify.Following(ctx, laptop.Actor, tk.ID); err != nil || !on {
		t.Fatalf("the follow did not reach Bob's laptop: %v %v", on, err)
	}
	if p, err := laptop.Desk.Notify.Prefs(ctx, laptop.Actor); err != nil || p[notify.Mention] || !p[notify.Followed] {
		t.Fatalf("Bob's switches on the laptop: %v %v", p, err)
	}
	if got := kinds(t, laptop, laptop.Actor.ID); len(got) != 0 {
		t.Fatalf("the joining desk notified of history: %v", got)
	}
	title := "Badge reader dead"
	if _, err := a.Desk.Tickets.Update(ctx, a.Actor, tk.ID, ticket.Patch{Title: &title}); err != nil {
		t.Fatal(err)
	}
	// Bob switched mentions off: this note tells him as a follower instead
	if _, err := a.Desk.Tickets.AddComment(ctx, a.Actor, tk.ID, ticket.KindNote, "@bob can you look", 0); err != nil {
		t.Fatal(err)
	}
	a.Sync(t)
	laptop.Sync(t)
	b.Sync(t)
	for name, r := range map[string]*synctest.Replica{"laptop": laptop, "desk": b} {
		if got := kinds(t, r, b.Actor.ID); len(got) != 1 || got["followed"] != 2 {
			t.Errorf("Bob's %s: got %v, want two followed", name, got)
		}
	}
}
