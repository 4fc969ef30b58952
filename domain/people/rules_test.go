package people_test

import (
	"testing"

	"outpost/domain/fault"
	"outpost/domain/people"
)

func TestCheckPerson(t *testing.T) {
	admin := people.Actor{ID: "a1", Role: people.Admin}
	manager := people.Actor{ID: "m1", Role: people.Manager}
	agent := people.Actor{ID: "g1", Role: people.Agent}
	adminUser := people.User{ID: "a1", Name: "Ada", Email: "ada@example.com", Role: people.Admin, Active: true}
	agentUser := people.User{ID: "g1", Name: "Gus", Email: "gus@example.com", Role: people.Agent, Active: true}
	with := func(u people.User, f func(*people.User)) *people.User { f(&u); return &u }
	tests := []struct {
		name   string
		act    people.Actor
		before *people.User
		after  *people.User
		admins int
		code   string
		field  string
	}{
		{"admin creates", admin, nil, &agentUser, 1, "", ""},
		{"manager cannot create", manager, nil, &agentUser, 1, fault.CodeForbidden, ""},
		{"create needs a name", admin, nil, with(agentUser, func(u *people.User) { u.Name = " " }), 1, fault.CodeValidation, "name"},
		{"admin promotes", admin, &agentUser, with(agentUser, func(u *people.User) { u.Role = people.Manager }), 1, "", ""},
		{"manager cannot change a role", manager, &agentUser, with(agentUser, func(u *people.User) { u.Role = people.Manager }), 1, fault.CodeForbidden, ""},
		{"agent cannot raise themself", agent, &agentUser, with(agentUser, func(u *people.User) { u.Role = people.Admin }), 1, fault.CodeForbidden, ""},
		{"agent renames themself", agent, &agentUser, with(agentUser, func(u *people.User) { u.Name = "Gustav" }), 1, "", ""},
		{"agent cannot rename another", agent, &adminUser, with(adminUser, func(u *people.User) { u.Name = "X" }), 1, fault.CodeForbidden, ""},
		{"manager cannot deactivate", manager, &agentUser, with(agentUser, func(u *people.User) { u.Active = false }), 1, fault.CodeForbidden, ""},
		{"admin deactivates an agent", admin, &agentUser, with(agentUser, func(u *people.User) { u.Active = false }), 1, "", ""},
		{"last admin cannot be demoted", admin, &adminUser, with(adminUser, func(u *people.User) { u.Role = people.Agent }), 1, fault.CodeValidation, "role"},
		{"last admin cannot be deactivated", admin, &adminUser, with(adminUser, func(u *people.User) { u.Active = false }), 1, fault.CodeValidation, "active"},
		{"one of two admins can be demoted", admin, &adminUser, with(adminUser, func(u *people.User) { u.Role = people.Manager }), 2, "", ""},
		{"an unknown role is refused", admin, &agentUser, with(agentUser, func(u *people.User) { u.Role = "boss" }), 1, fault.CodeValidation, "role"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := people.CheckPerson(tc.act, tc.before, tc.after, tc.admins)
			if got := fault.Code(err); got != tc.code {
				t.Fatalf("got %q (%v), want %q", got, err, tc.code)
			}
			if tc.field != "" {
				if _, ok := fault.Fields(err)[tc.field]; !ok {
					t.Errorf("got fields %v, want one on %s", fault.Fields(err), tc.field)
				}
			}
		})
	}
}

func TestCheckAssignableAndSignIn(t *testing.T) {
	gone := &people.User{Name: "Gone", Role: people.Agent, Active: false}
	if got := fault.Code(people.CheckAssignable(gone, "assigneeId")); got != fault.CodeValidation {
		t.Errorf("assign a deactivated agent: got %q, want validation", got)
	}
	if got := fault.Code(people.CheckSignIn(gone)); got != fault.CodeForbidden {
		t.Errorf("sign in as a deactivated person: got %q, want forbidden", got)
	}
	req := &people.User{Name: "Rita", Role: people.Requester, Active: true}
	if got := fault.Code(people.CheckAssignable(req, "assigneeId")); got != fault.CodeValidation {
		t.Errorf("assign a requester: got %q, want validation", got)
	}
	ok := &people.User{Name: "Gus", Role: people.Agent, Active: true}
	if err := people.CheckAssignable(ok, "assigneeId"); err != nil {
		t.Errorf("assign an active agent: %v", err)
	}
}

func TestCuratorsOnly(t *testing.T) {
	for _, tc := range []struct {
		role people.Role
		code string
	}{{people.Requester, fault.CodeForbidden}, {people.Agent, fault.CodeForbidden}, {people.Manager, ""}, {people.Admin, ""}} {
		act := people.Actor{ID: "x", Role: tc.role}
		g := &people.Group{Name: "Field"}
		for name, err := range map[string]error{
			"group":      people.CheckGroup(act, g),
			"membership": people.CheckMembership(act, &people.User{Active: true}, true),
			"category":   people.CheckListName(act, "category", "Hardware"),
			"service":    people.CheckListName(act, "service", "VPN"),
		} {
			if got := fault.Code(err); got != tc.code {
				t.Errorf("%s by %s: got %q, want %q", name, tc.role, got, tc.code)
			}
		}
	}
}
