package desk_test

import (
	"context"
	"slices"
	"testing"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

// Departments: three seeded, admins add more; staff work in their groups' departments (all
// of them while none of their groups has one); a queue narrows to one department's desk.
func TestDepartments(t *testing.T) {
	ctx := context.Background()
	d, admin := open(t)
	deps, err := d.Departments(ctx)
	if err != nil || len(deps) != 3 {
		t.Fatalf("seeded departments: got %v, %v; want IT, HR and Facilities", deps, err)
	}
	add := func(name string, role people.Role) people.Actor {
		u, err := d.CreatePerson(ctx, admin, people.User{Name: name, Email: name + "@x.test", Role: role})
		if err != nil {
			t.Fatal(err)
		}
		return people.Actor{ID: u.ID, Role: role}
	}
	ann, mia, rita := add("ann", people.Agent), add("mia", people.Manager), add("rita", people.Requester)
	if _, err := d.SaveDepartment(ctx, mia, people.Department{Name: "Legal"}); fault.Code(err) != fault.CodeForbidden {
		t.Errorf("a manager adds a department: got %v, want forbidden", err)
	}
	legal, err := d.SaveDepartment(ctx, admin, people.Department{Name: "Legal"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.SaveDepartment(ctx, admin, people.Department{Name: "Legal"}); fault.Code(err) != fault.CodeValidation {
		t.Errorf("a second Legal: got %v, want validation", err)
	}
	all, _ := d.DepartmentsOf(ctx, ann)
	if len(all) != 4 {
		t.Errorf("an agent in no department's group: got %v, want all 4", all)
	}
	if got, _ := d.DepartmentsOf(ctx, rita); len(got) != 0 {
		t.Errorf("a requester works in %v, want none", got)
	}
	hr := people.DepartmentHR
	g, err := d.SaveGroup(ctx, mia, people.Group{Name: "People team", DepartmentID: &hr})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.SetMember(ctx, admin, g.ID, ann.ID, true); err != nil {
		t.Fatal(err)
	}
	if got, _ := d.DepartmentsOf(ctx, ann); !slices.Equal(got, []string{hr}) {
		t.Errorf("an agent in HR's group: got %v, want HR only", got)
	}
	if got, _ := d.DepartmentsOf(ctx, admin); len(got) != 4 || !slices.Contains(got, legal.ID) {
		t.Errorf("the admin: got %v, want all 4", got)
	}
	ann.Groups = []string{g.ID}
	inHR, err := d.Tickets.Create(ctx, ann, ticket.Draft{Type: ticket.Incident, Title: "payslip", RequesterID: rita.ID,
		Impact: 3, Urgency: 3, GroupID: g.ID, Source: "phone"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Tickets.Create(ctx, ann, ticket.Draft{Type: ticket.Incident, Title: "printer", RequesterID: rita.ID,
		Impact: 3, Urgency: 3, Source: "phone"}); err != nil {
		t.Fatal(err)
	}
	for dep, want := range map[string]int{hr: 1, people.DepartmentIT: 0, "": 2} {
		page, err := d.Tickets.Queue(ctx, ann, ticket.Query{View: "all", DepartmentID: dep, Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		if len(page) != want || (dep == hr && page[0].ID != inHR.ID) {
			t.Errorf("the queue of department %q: got %d rows, want %d", dep, len(page), want)
		}
	}
}
