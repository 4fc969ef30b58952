package client_test

import (
	"context"
	"slices"
	"testing"

	"gorm.io/gorm"

	"outpost/domain/changelog"
	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
	"outpost/sync/synctest"
)

// TestDirectoryReachesEveryDesk: an admin creates a person and a group on desk A and puts
// the person in it; after sync, the server's own directory has them (so its sign-in and
// assignee checks see them) and desk B can assign the new agent a ticket. A manager's role
// change is refused by the desk, and by the server with the same code when it is pushed
// anyway.
func TestDirectoryReachesEveryDesk(t *testing.T) {
	ctx := context.Background()
	clock := synctest.NewClock()
	s := synctest.StartServer(t, "", clock.Now)
	s.AddUser(t, "Ada Admin", "ada@example.test", "admin")
	ann := s.AddUser(t, "Ann Agent", "ann@example.test", "agent")
	mia := s.AddUser(t, "Mia Manager", "mia@example.test", "manager")
	s.AddGroup(t, "g-desk", "Service Desk", ann.ID)
	a := synctest.NewReplica(t, s, "ada@example.test", clock)
	b := synctest.NewReplica(t, s, "ann@example.test", clock)

	gus, err := a.Desk.CreatePerson(ctx, a.Actor, people.User{Name: "Gus Field", Email: "gus@example.test", Role: people.Agent})
	if err != nil {
		t.Fatal(err)
	}
	g, err := a.Desk.SaveGroup(ctx, a.Actor, people.Group{Name: "Field Service", Description: "on site"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Desk.SetMember(ctx, a.Actor, g.ID, gus.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := a.Desk.SetMember(ctx, a.Actor, g.ID, ann.ID, true); err != nil {
		t.Fatal(err)
	}
	if rep := a.Sync(t); rep.Rejected != 0 || rep.Accepted != 4 {
		rej, _ := a.Client.Rejections(ctx)
		t.Logf("rejections: %+v", rej)
		t.Fatalf("desk A's push: got %+v, want 4 accepted", rep)
	}

	// The server's own tables: the person (with no password), the group and its members.
	su, err := s.Store.UserByID(ctx, nil, gus.ID)
	if err != nil || su.Role != "agent" || !su.Active || su.PasswordHash != "" {
		t.Fatalf("server's user: %+v, %v; want an active agent with no password", su, err)
	}
	groups, members, err := s.Store.Groups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, sg := range groups {
		found = found || (sg.ID == g.ID && sg.Name == "Field Service")
	}
	if !found || !slices.Contains(members[g.ID], gus.ID) || !slices.Contains(members[g.ID], ann.ID) {
		t.Fatalf("server's groups %+v, members %v: want Field Service with Gus and Ann", groups, members[g.ID])
	}

	// Desk B has them and assigns Gus a ticket, which the server accepts.
	b.Sync(t)
	if ms, _ := b.Desk.People.Members(ctx, g.ID); !slices.Contains(ms, gus.ID) {
		t.Fatalf("desk B's members of Field Service: %v, want Gus", ms)
	}
	b.Actor, _ = b.Desk.People.ActorFor(ctx, ann.ID)
	_, err = b.Desk.Tickets.Create(ctx, b.Actor, ticket.Draft{Type: ticket.Incident, Title: "Pump offline", Impact: 2, Urgency: 2,
		GroupID: g.ID, AssigneeID: gus.ID})
	if err != nil {
		t.Fatalf("assign the new agent on desk B: %v", err)
	}
	if rep := b.Sync(t); rep.Rejected != 0 {
		t.Fatalf("desk B's push: %+v", rep)
	}

	if err := b.Desk.SetMember(ctx, b.Actor, g.ID, gus.ID, false); fault.Code(err) != fault.CodeForbidden {
		t.Fatalf("an agent edits a group: got %v, want forbidden", err)
	}

	// Deactivating Gus on A reaches the server (no sign-in, no assignment) and desk B.
	off := false
	if _, err := a.Desk.UpdatePerson(ctx, a.Actor, gus.ID, desk.PersonPatch{Active: &off}); err != nil {
		t.Fatal(err)
	}
	if rep := a.Sync(t); rep.Rejected != 0 {
		t.Fatalf("desk A's deactivation: %+v", rep)
	}
	if su, _ := s.Store.UserByID(ctx, nil, gus.ID); su.Active {
		t.Errorf("the server's Gus is still active")
	}
	b.Sync(t)
	if u, _ := b.Desk.People.User(ctx, gus.ID); u.Active || u.Name != "Gus Field" {
		t.Errorf("desk B's Gus: %+v, want inactive with his name", u)
	}

	// A manager's role change: the desk refuses it, and so does the server.
	m := synctest.NewReplica(t, s, "mia@example.test", clock)
	role := people.Admin
	_, err = m.Desk.UpdatePerson(ctx, m.Actor, gus.ID, desk.PersonPatch{Role: &role})
	deskCode := fault.Code(err)
	if deskCode != fault.CodeForbidden {
		t.Fatalf("a manager promotes on the desk: got %v, want forbidden", err)
	}
	if err := m.Desk.DB.Transaction(func(tx *gorm.DB) error {
		return m.Desk.Log.Append(tx, mia.ID, changelog.Entry{Entity: people.EntityPerson, RecordID: gus.ID, Op: changelog.OpSet, Field: "role", Value: "admin"})
	}); err != nil {
		t.Fatal(err)
	}
	if rep := m.Sync(t); rep.Rejected != 1 {
		t.Fatalf("the pushed promotion: got %+v, want it rejected", rep)
	}
	rej, err := m.Client.Rejections(ctx)
	if err != nil || len(rej) != 1 || rej[0].Code != deskCode {
		t.Fatalf("rejections %+v (%v): want one %s, as the desk said", rej, err, deskCode)
	}
	if su, _ := s.Store.UserByID(ctx, nil, gus.ID); su.Role != "agent" {
		t.Errorf("server's Gus became %s", su.Role)
	}
}
