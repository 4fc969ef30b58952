package desk_test

import (
	"context"
	"testing"

	"outpost/domain/desk"
	"outpost/domain/desk/desktest"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

func open(t *testing.T) (*desk.Desk, people.Actor) {
	t.Helper()
	d, owner := desktest.Open(t, now)
	return d, owner
}

func count(t *testing.T, d *desk.Desk, q string, args ...any) int {
	t.Helper()
	var n int
	if err := d.DB.Raw(q, args...).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// An admin creates an agent, puts them in a group, and a ticket can then be assigned to them;
// once deactivated they can no longer be, and the ticket keeps their name.
func TestNewAgentIsAssignable(t *testing.T) {
	ctx := context.Background()
	d, admin := open(t)
	u, err := d.CreatePerson(ctx, admin, people.User{Name: "Gus Field", Email: "Gus@Example.com", Role: people.Agent})
	if err != nil {
		t.Fatal(err)
	}
	if u.Email != "gus@example.com" || !u.Active {
		t.Errorf("got %+v, want a normalised, active person", u)
	}
	g, err := d.SaveGroup(ctx, admin, people.Group{Name: "Field Service"})
	if err != nil {
		t.Fatal(err)
	}
	tk, err := d.Tickets.Create(ctx, admin, ticket.Draft{Type: ticket.Incident, Title: "Printer", RequesterID: admin.ID, Impact: 3, Urgency: 3, Source: "phone"})
	if err != nil {
		t.Fatal(err)
	}
	gid, uid := g.ID, u.ID
	_, err = d.Tickets.Update(ctx, admin, tk.ID, ticket.Patch{GroupID: &gid, AssigneeID: &uid})
	if got := fault.Fields(err)["assigneeId"]; got == "" {
		t.Fatalf("assign a non-member: got %v, want an assigneeId error", err)
	}
	if err := d.SetMember(ctx, admin, g.ID, u.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Tickets.Update(ctx, admin, tk.ID, ticket.Patch{GroupID: &gid, AssigneeID: &uid}); err != nil {
		t.Fatalf("assign a member: %v", err)
	}
	off := false
	if _, err := d.UpdatePerson(ctx, admin, u.ID, desk.PersonPatch{Active: &off}); err != nil {
		t.Fatal(err)
	}
	tk2, err := d.Tickets.Create(ctx, admin, ticket.Draft{Type: ticket.Incident, Title: "Screen", RequesterID: admin.ID, Impact: 3, Urgency: 3, Source: "phone"})
	if err != nil {
		t.Fatal(err)
	}
	_, err = d.Tickets.Update(ctx, admin, tk2.ID, ticket.Patch{GroupID: &gid, AssigneeID: &uid})
	if got := fault.Code(err); got != fault.CodeValidation {
		t.Errorf("assign a deactivated agent: got %q (%v), want validation", got, err)
	}
	if _, err := d.People.ActorFor(ctx, u.ID); fault.Code(err) != fault.CodeForbidden {
		t.Errorf("act as a deactivated person: got %v, want forbidden", err)
	}
	if n := count(t, d, `SELECT COUNT(*) FROM tickets t JOIN users u ON u.id = t.assignee_id WHERE t.id = ? AND u.name = 'Gus Field'`, tk.ID); n != 1 {
		t.Errorf("the first ticket lost its assignee's name")
	}
	// Every write is audited under its kind and logged for sync.
	for entity, want := range map[string]int{desk.EntityPerson: 2, desk.EntityGroup: 1, desk.EntityMember: 1} {
		if n := count(t, d, `SELECT COUNT(*) FROM audit_entries WHERE entity = ?`, entity); n != want {
			t.Errorf("audit of %s: got %d entries, want %d", entity, n, want)
		}
		if n := count(t, d, `SELECT COUNT(*) FROM changes WHERE entity = ?`, entity); n != want {
			t.Errorf("change log of %s: got %d, want %d", entity, n, want)
		}
	}
}

func TestLastAdminStays(t *testing.T) {
	ctx := context.Background()
	d, admin := open(t)
	agent := people.Agent
	before := count(t, d, `SELECT COUNT(*) FROM changes`)
	_, err := d.UpdatePerson(ctx, admin, admin.ID, desk.PersonPatch{Role: &agent})
	if _, ok := fault.Fields(err)["role"]; !ok {
		t.Fatalf("demote the last admin: got %v, want a role error", err)
	}
	off := false
	_, err = d.UpdatePerson(ctx, admin, admin.ID, desk.PersonPatch{Active: &off})
	if _, ok := fault.Fields(err)["active"]; !ok {
		t.Fatalf("deactivate the last admin: got %v, want an active error", err)
	}
	if n := count(t, d, `SELECT COUNT(*) FROM changes`); n != before {
		t.Errorf("a refused write logged %d changes", n-before)
	}
	if n := count(t, d, `SELECT COUNT(*) FROM users WHERE id = ? AND role = 'admin' AND active = 1`, admin.ID); n != 1 {
		t.Errorf("the admin changed")
	}
	// With a second admin, the first may step down.
	second, err := d.CreatePerson(ctx, admin, people.User{Name: "Second", Email: "second@example.com", Role: people.Admin})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.UpdatePerson(ctx, admin, admin.ID, desk.PersonPatch{Role: &agent}); err != nil {
		t.Fatalf("demote one of two admins: %v", err)
	}
	// Now the second is the last.
	if _, err := d.UpdatePerson(ctx, people.Actor{ID: second.ID, Role: people.Admin}, second.ID, desk.PersonPatch{Active: &off}); fault.Code(err) != fault.CodeValidation {
		t.Errorf("deactivate the new last admin: got %v", err)
	}
}

func TestRolesAreAdminOnly(t *testing.T) {
	ctx := context.Background()
	d, admin := open(t)
	mgr, err := d.CreatePerson(ctx, admin, people.User{Name: "Mia", Email: "mia@example.com", Role: people.Manager})
	if err != nil {
		t.Fatal(err)
	}
	ag, err := d.CreatePerson(ctx, admin, people.User{Name: "Al", Email: "al@example.com", Role: people.Agent})
	if err != nil {
		t.Fatal(err)
	}
	manager := people.Actor{ID: mgr.ID, Role: people.Manager}
	role := people.Manager
	if _, err := d.UpdatePerson(ctx, manager, ag.ID, desk.PersonPatch{Role: &role}); fault.Code(err) != fault.CodeForbidden {
		t.Errorf("a manager changes a role: got %v, want forbidden", err)
	}
	if _, err := d.CreatePerson(ctx, manager, people.User{Name: "X", Email: "x@example.com", Role: people.Agent}); fault.Code(err) != fault.CodeForbidden {
		t.Errorf("a manager creates a person: got %v, want forbidden", err)
	}
	// A manager curates groups, categories and services; an agent does not.
	g, err := d.SaveGroup(ctx, manager, people.Group{Name: "Night shift"})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.SetMember(ctx, manager, g.ID, ag.ID, true); err != nil {
		t.Fatal(err)
	}
	agent := people.Actor{ID: ag.ID, Role: people.Agent}
	if err := d.SetMember(ctx, agent, g.ID, ag.ID, false); fault.Code(err) != fault.CodeForbidden {
		t.Errorf("an agent leaves a group: got %v, want forbidden", err)
	}
	if _, err := d.SaveService(ctx, agent, desk.Service{Name: "VPN"}); fault.Code(err) != fault.CodeForbidden {
		t.Errorf("an agent adds a service: got %v, want forbidden", err)
	}
	if _, err := d.SaveService(ctx, manager, desk.Service{Name: "VPN"}); err != nil {
		t.Fatal(err)
	}
	if _, err := d.SaveService(ctx, manager, desk.Service{Name: " VPN "}); fault.Fields(err)["name"] == "" {
		t.Errorf("a second VPN: got %v, want a name error", err)
	}
	cat, err := d.SaveCategory(ctx, manager, desk.CategoryItem{Name: "Drones"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.SaveCategory(ctx, manager, desk.CategoryItem{Name: "Batteries", ParentID: cat.ID}); err != nil {
		t.Fatal(err)
	}
	cats, err := d.Categories(ctx)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, c := range cats {
		found = found || (c.Name == "Drones" && len(c.Subcategories) == 1 && c.Subcategories[0] == "Batteries")
	}
	if !found {
		t.Errorf("got %v, want Drones › Batteries", cats)
	}
	cat.Active = false
	if _, err := d.SaveCategory(ctx, manager, *cat); err != nil {
		t.Fatal(err)
	}
	cats, _ = d.Categories(ctx)
	for _, c := range cats {
		if c.Name == "Drones" {
			t.Errorf("a deactivated category is still offered")
		}
	}
	if ms, _ := d.People.Members(ctx, g.ID); len(ms) != 1 {
		t.Errorf("got members %v, want the agent", ms)
	}
}
