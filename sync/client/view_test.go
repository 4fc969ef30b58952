package client_test

import (
	"context"
	"slices"
	"testing"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
	"outpost/domain/view"
	"outpost/sync/synctest"
)

// viewNames lists the views r's person sees, in their sidebar's order.
func viewNames(t *testing.T, r *synctest.Replica) []string {
	t.Helper()
	ctx := context.Background()
	act, err := r.Desk.People.ActorFor(ctx, r.Actor.ID)
	if err != nil {
		t.Fatal(err)
	}
	list, err := r.Desk.Views.List(ctx, act)
	if err != nil {
		t.Fatal(err)
	}
	out := []string{}
	for _, v := range list {
		out = append(out, v.Name)
	}
	return out
}

// heldViews counts the views r's profile holds at all, whoever they belong to.
func heldViews(t *testing.T, r *synctest.Replica) int64 {
	t.Helper()
	var n int64
	if err := r.Desk.DB.Raw(`SELECT COUNT(*) FROM saved_views`).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func actor(t *testing.T, r *synctest.Replica) people.Actor {
	t.Helper()
	a, err := r.Desk.People.ActorFor(context.Background(), r.Actor.ID)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// A view made on one of a person's desks reaches their other desks, and nobody else's,
// whatever their role; shared with a group, it reaches the group's members read-only, and
// leaves them when it stops being shared.
func TestViewsSyncToTheirOwnerOnly(t *testing.T) {
	ctx := context.Background()
	s, clock := configSetup(t) // Bob is in g-desk
	s.AddGroup(t, "g-net", "Network", s.Users["ada@example.test"].ID)
	if err := s.Store.DB.Exec(`INSERT INTO group_members(group_id, user_id) VALUES ('g-desk', ?)`, s.Users["mia@example.test"].ID).Error; err != nil {
		t.Fatal(err)
	}
	miaA := synctest.NewReplica(t, s, "mia@example.test", clock)
	miaB := synctest.NewReplica(t, s, "mia@example.test", clock)
	bob := synctest.NewReplica(t, s, "bob@example.test", clock)
	ada := synctest.NewReplica(t, s, "ada@example.test", clock)
	rita := synctest.NewReplica(t, s, "rita@example.test", clock)
	all := []*synctest.Replica{miaA, miaB, bob, ada, rita}
	syncAll := func() {
		t.Helper()
		for round := 0; round < 2; round++ {
			for _, r := range all {
				if rep := r.Sync(t); rep.Rejected != 0 {
					t.Fatalf("a desk's ops were refused: %+v", rep)
				}
			}
		}
	}
	syncAll()
	spec := view.Spec{Name: "Mine", Query: ticket.Query{View: "all_open", Filters: []ticket.Filter{{Field: "category", Values: []string{"Hardware"}}}},
		Columns: []string{"number", "title"}}
	mine, err := miaA.Desk.Views.Create(ctx, actor(t, miaA), spec)
	if err != nil {
		t.Fatal(err)
	}
	spec.Name, spec.Query = "Team", ticket.Query{View: "all_open", Filters: []ticket.Filter{{Field: "assignee", Values: []string{ticket.Nobody}}}}
	team, err := miaA.Desk.Views.Create(ctx, actor(t, miaA), spec)
	if err != nil {
		t.Fatal(err)
	}
	syncAll()

	t.Run("the owner's other desk has them, nobody else holds them", func(t *testing.T) {
		if got, want := viewNames(t, miaB), []string{"Mine", "Team"}; !slices.Equal(got, want) {
			t.Errorf("Mia's desk B: got %v, want %v", got, want)
		}
		v, err := miaB.Desk.Views.Get(ctx, actor(t, miaB), mine.ID)
		if err != nil || v.Query.Filters[0].Values[0] != "Hardware" || !slices.Equal(v.Columns, []string{"number", "title"}) || v.OwnerID != mine.OwnerID {
			t.Errorf("Mia's desk B reads %+v (%v)", v, err)
		}
		for name, r := range map[string]*synctest.Replica{"Bob (agent)": bob, "Ada (admin)": ada, "Rita (requester)": rita} {
			if n := heldViews(t, r); n != 0 {
				t.Errorf("%s's desk holds %d of Mia's views", name, n)
			}
		}
	})

	t.Run("shared with a group, its members see it read-only", func(t *testing.T) {
		if _, err := miaA.Desk.Views.Share(ctx, actor(t, miaA), team.ID, "g-desk"); err != nil {
			t.Fatal(err)
		}
		syncAll()
		if got, want := viewNames(t, bob), []string{"Team"}; !slices.Equal(got, want) {
			t.Errorf("Bob: got %v, want %v", got, want)
		}
		_, err := bob.Desk.Views.Rename(ctx, actor(t, bob), team.ID, "Bob's now")
		if fault.Code(err) != fault.CodeForbidden {
			t.Errorf("Bob renames a shared view: %v", err)
		}
		counts, err := bob.Desk.Views.Counts(ctx, actor(t, bob), map[string]ticket.Query{team.ID: team.Query})
		if err != nil || len(counts) != 1 || counts[0].Count < 0 {
			t.Errorf("Bob's count of the shared view: %+v (%v)", counts, err)
		}
		for name, r := range map[string]*synctest.Replica{"Ada (admin)": ada, "Rita (requester)": rita} {
			if n := heldViews(t, r); n != 0 {
				t.Errorf("%s's desk holds %d of Mia's views", name, n)
			}
		}
		if n := heldViews(t, bob); n != 1 {
			t.Errorf("Bob's desk holds %d views, want the shared one only", n)
		}
	})

	t.Run("rename and reorder follow the owner", func(t *testing.T) {
		if _, err := miaB.Desk.Views.Rename(ctx, actor(t, miaB), team.ID, "Team queue"); err != nil {
			t.Fatal(err)
		}
		if err := miaB.Desk.Views.Reorder(ctx, actor(t, miaB), []string{team.ID, mine.ID}); err != nil {
			t.Fatal(err)
		}
		syncAll()
		if got, want := viewNames(t, miaA), []string{"Team queue", "Mine"}; !slices.Equal(got, want) {
			t.Errorf("Mia's desk A: got %v, want %v", got, want)
		}
		if got, want := viewNames(t, bob), []string{"Team queue"}; !slices.Equal(got, want) {
			t.Errorf("Bob: got %v, want %v", got, want)
		}
	})

	t.Run("no longer shared, it leaves the members' sidebars", func(t *testing.T) {
		if _, err := miaA.Desk.Views.Share(ctx, actor(t, miaA), team.ID, ""); err != nil {
			t.Fatal(err)
		}
		syncAll()
		if got := viewNames(t, bob); len(got) != 0 {
			t.Errorf("Bob still sees %v", got)
		}
		if n := heldViews(t, bob); n != 0 {
			t.Errorf("Bob's desk still holds %d views", n)
		}
		// Shared again later, it comes back as it stands now, with what changed while Bob
		// could not see it (and pulled past it).
		if _, err := miaA.Desk.Views.Rename(ctx, actor(t, miaA), team.ID, "Team queue 2"); err != nil {
			t.Fatal(err)
		}
		syncAll()
		if _, err := miaA.Desk.Views.Share(ctx, actor(t, miaA), team.ID, "g-desk"); err != nil {
			t.Fatal(err)
		}
		syncAll()
		if got, want := viewNames(t, bob), []string{"Team queue 2"}; !slices.Equal(got, want) {
			t.Errorf("Bob: got %v, want %v", got, want)
		}
	})

	t.Run("a delete reaches the owner's other desks", func(t *testing.T) {
		if err := miaB.Desk.Views.Delete(ctx, actor(t, miaB), mine.ID); err != nil {
			t.Fatal(err)
		}
		syncAll()
		if got, want := viewNames(t, miaA), []string{"Team queue 2"}; !slices.Equal(got, want) {
			t.Errorf("Mia's desk A: got %v, want %v", got, want)
		}
	})
}
