package desk_test

import (
	"context"
	"path/filepath"
	"testing"

	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/people"
)

// TestIntroduceOwner: a fresh profile asks who its person is; a bad answer is refused field by
// field with nothing written; the answer makes that person the admin, once.
func TestIntroduceOwner(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.outpost")
	d, err := desk.Open(ctx, path, now)
	if err != nil {
		t.Fatal(err)
	}
	owner, err := d.Owner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !d.NeedsIntroduction(ctx) {
		t.Fatal("a fresh profile does not ask who its person is")
	}
	before, err := d.People.User(ctx, owner.ID)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, person, email string
		fields              []string
	}{
		{"nothing", " ", "", []string{"email", "name"}},
		{"not an email", "Ann Admin", "ann at example", []string{"email"}},
		{"no domain", "Ann Admin", "ann@", []string{"email"}},
		{"the system's address", "Ann Admin", "system@outpost.local", []string{"email"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := d.Introduce(ctx, tt.person, tt.email)
			got := fault.Fields(err)
			if len(got) != len(tt.fields) {
				t.Fatalf("got %v, want errors on %v", err, tt.fields)
			}
			for _, f := range tt.fields {
				if got[f] == "" {
					t.Errorf("no message for %s in %v", f, err)
				}
			}
			if u, _ := d.People.User(ctx, owner.ID); *u != *before || !d.NeedsIntroduction(ctx) {
				t.Errorf("a refused introduction changed the owner: %+v", u)
			}
		})
	}
	u, err := d.Introduce(ctx, "  Ann Admin ", "Ann@Example.com ")
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != owner.ID || u.Name != "Ann Admin" || u.Email != "ann@example.com" || u.Role != people.Admin || !u.Active {
		t.Errorf("got owner %+v, want Ann Admin <ann@example.com>, admin", u)
	}
	if d.NeedsIntroduction(ctx) {
		t.Error("still asks after the answer")
	}
	if _, err := d.Introduce(ctx, "Mallory", "mallory@example.com"); fault.Code(err) != fault.CodeConflict {
		t.Errorf("a second introduction: got %v, want conflict", err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	d, err = desk.Open(ctx, path, now)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if got, _ := d.People.User(ctx, owner.ID); got.Name != "Ann Admin" || d.NeedsIntroduction(ctx) {
		t.Errorf("after reopening: %+v, asks again: %v", got, d.NeedsIntroduction(ctx))
	}
}

// TestSystemIsNoPerson: the account automatic work runs as is not listed among the people
// (pickers, the people list), yet its name still resolves for the audit trail.
func TestSystemIsNoPerson(t *testing.T) {
	ctx := context.Background()
	d, err := desk.Open(ctx, filepath.Join(t.TempDir(), "p.outpost"), now)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	sys, err := d.System(ctx)
	if err != nil {
		t.Fatal(err)
	}
	owner, _ := d.Owner(ctx)
	users, err := d.People.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 1 || users[0].ID != owner.ID {
		t.Errorf("got people %+v, want only the owner", users)
	}
	if u, err := d.People.User(ctx, sys.ID); err != nil || u.Name == "" {
		t.Errorf("the system account no longer resolves: %+v %v", u, err)
	}
}
