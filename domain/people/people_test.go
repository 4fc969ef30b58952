package people_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/people"
)

func TestRoles(t *testing.T) {
	roles := []people.Role{people.Requester, people.Agent, people.Manager, people.Admin}
	for i, r := range roles {
		for j, min := range roles {
			t.Run(string(r)+">="+string(min), func(t *testing.T) {
				if got, want := r.AtLeast(min), i >= j; got != want {
					t.Errorf("got %v, want %v", got, want)
				}
				err := people.Actor{ID: "u", Role: r}.Require(min, "do it")
				if got, want := fault.Code(err), map[bool]string{true: "", false: fault.CodeForbidden}[i >= j]; got != want {
					t.Errorf("Require: got %q, want %q", got, want)
				}
			})
		}
		if !r.Valid() {
			t.Errorf("%s is not valid", r)
		}
		if got, want := (people.Actor{ID: "u", Role: r}).IsStaff(), i >= 1; got != want {
			t.Errorf("%s IsStaff = %v, want %v", r, got, want)
		}
	}
	for _, bad := range []people.Role{"", "root", "Admin"} {
		if bad.Valid() || bad.AtLeast(people.Requester) {
			t.Errorf("role %q is accepted", bad)
		}
	}
	if err := (people.Actor{Role: people.Admin}).Require(people.Requester, "x"); fault.Code(err) != fault.CodeForbidden {
		t.Errorf("an actor without id passes: %v", err)
	}
	a := people.Actor{ID: "u", Role: people.Agent, Groups: []string{"g1", "g2"}}
	if !a.InGroup("g2") || a.InGroup("g3") {
		t.Errorf("InGroup is wrong")
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		u      people.User
		fields []string
	}{
		{"ok", people.User{Name: " Ann ", Email: " Ann@Example.COM ", Role: people.Agent}, nil},
		{"all wrong", people.User{Name: " ", Email: "nope", Role: "boss"}, []string{"email", "name", "role"}},
		{"no email", people.User{Name: "Ann", Role: people.Agent}, []string{"email"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := tt.u
			err := u.Validate()
			got := fault.Fields(err)
			if len(got) != len(tt.fields) {
				t.Fatalf("got %v, want fields %v", err, tt.fields)
			}
			for _, f := range tt.fields {
				if got[f] == "" {
					t.Errorf("no message for %s", f)
				}
			}
			if err == nil && (u.Name != "Ann" || u.Email != "ann@example.com") {
				t.Errorf("not normalized: %q %q", u.Name, u.Email)
			}
		})
	}
}

func TestDirectory(t *testing.T) {
	ctx := context.Background()
	d, err := desk.Open(ctx, filepath.Join(t.TempDir(), "p.outpost"), func() time.Time { return time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC) })
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	dir := d.People
	admin, err := d.Owner(ctx)
	if err != nil || admin.Role != people.Admin || len(admin.Groups) == 0 {
		t.Fatalf("owner: %+v %v", admin, err)
	}
	agent, err := dir.CreateUser(ctx, admin, people.User{Name: "Ann Agent", Email: "ann@example.com", Role: people.Agent})
	if err != nil || !agent.Active || agent.ID == "" || agent.CreatedAt != time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli() {
		t.Fatalf("create: %+v %v", agent, err)
	}
	tests := []struct {
		name  string
		actor people.Actor
		u     people.User
		code  string
	}{
		{"agent cannot create users", people.Actor{ID: agent.ID, Role: people.Agent}, people.User{Name: "X", Email: "x@example.com", Role: people.Requester}, fault.CodeForbidden},
		{"set-up may create the first admin", people.Actor{}, people.User{Name: "Y", Email: "y@example.com", Role: people.Admin}, ""},
		{"set-up may not create others", people.Actor{}, people.User{Name: "Z", Email: "z@example.com", Role: people.Agent}, fault.CodeForbidden},
		{"email taken", admin, people.User{Name: "Ann Again", Email: "ANN@example.com", Role: people.Agent}, fault.CodeValidation},
		{"invalid", admin, people.User{Name: "", Email: "w@example.com", Role: people.Agent}, fault.CodeValidation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := dir.CreateUser(ctx, tt.actor, tt.u)
			if got := fault.Code(err); got != tt.code {
				t.Errorf("got %v, want code %q", err, tt.code)
			}
		})
	}
	g, err := dir.CreateGroup(ctx, admin, people.Group{Name: "Field Team"}, []string{agent.ID})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := dir.CreateGroup(ctx, people.Actor{ID: agent.ID, Role: people.Agent}, people.Group{Name: "Nope"}, nil); fault.Code(err) != fault.CodeForbidden {
		t.Errorf("an agent created a group: %v", err)
	}
	if _, err := dir.CreateGroup(ctx, admin, people.Group{Name: "Field Team"}, nil); err == nil {
		t.Errorf("a second group with the same name was created")
	}
	members, _ := dir.Members(ctx, g.ID)
	if len(members) != 1 || members[0] != agent.ID {
		t.Errorf("members: %v", members)
	}
	a, err := dir.ActorFor(ctx, agent.ID)
	if err != nil || !a.InGroup(g.ID) || a.Role != people.Agent {
		t.Errorf("actor: %+v %v", a, err)
	}
	if _, err := dir.ActorFor(ctx, "missing"); fault.Code(err) != fault.CodeNotFound {
		t.Errorf("missing user: %v", err)
	}
	d.DB.Exec(`UPDATE users SET active = 0 WHERE id = ?`, agent.ID)
	if _, err := dir.ActorFor(ctx, agent.ID); fault.Code(err) != fault.CodeForbidden {
		t.Errorf("inactive user: %v", err)
	}
	users, _ := dir.Users(ctx)
	for _, u := range users {
		if u.ID == agent.ID {
			t.Errorf("inactive user listed")
		}
	}
	groups, _ := dir.Groups(ctx)
	if len(groups) != len(desk.DefaultGroups)+1 {
		t.Errorf("got %d groups, want %d", len(groups), len(desk.DefaultGroups)+1)
	}
}

// TestLimits: a name or email over its limit is refused with a message that names the limit in
// characters; a group over its limit is not created.
func TestLimits(t *testing.T) {
	long := strings.Repeat("ß", 101)
	email := strings.Repeat("a", 243) + "@example.com" // 255 characters
	tests := []struct {
		name, field, want string
		u                 people.User
	}{
		{"name", "name", "at most 100 characters; this one has 101", people.User{Name: long, Email: "ann@example.com", Role: people.Agent}},
		{"email", "email", "at most 254 characters; this one has 255", people.User{Name: "Ann", Email: email, Role: people.Agent}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.u.Validate()
			if got := fault.Fields(err)[tt.field]; !strings.Contains(got, tt.want) {
				t.Errorf("got %v, want %s: %q", err, tt.field, tt.want)
			}
		})
	}
	ctx := context.Background()
	d, err := desk.Open(ctx, filepath.Join(t.TempDir(), "p.outpost"), time.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	admin, err := d.Owner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := d.People.Groups(ctx)
	_, err = d.People.CreateGroup(ctx, admin, people.Group{Name: long}, nil)
	if got := fault.Fields(err)["name"]; !strings.Contains(got, "at most 100 characters") {
		t.Errorf("got %v, want a name error naming the limit", err)
	}
	if after, _ := d.People.Groups(ctx); len(after) != len(before) {
		t.Errorf("got %d groups, want %d", len(after), len(before))
	}
}
