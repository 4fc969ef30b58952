package app

import (
	"testing"

	"outpost/domain/fault"
)

// TestWelcome: first start asks the person's name and email; a bad answer is refused field by
// field and changes nothing; the answer makes them the admin, and the people the forms offer
// never include the system account.
func TestWelcome(t *testing.T) {
	a := openApp(t, false)
	s := NewSession(a)
	me, err := s.Me()
	if err != nil || !me.NeedsIntroduction || me.DemoOffered {
		t.Fatalf("Me on a fresh profile: %+v, %v; want it to ask for an introduction", me, err)
	}
	_, err = s.Welcome("Ann Admin", "ann@", false)
	if fault.Fields(err)["email"] == "" {
		t.Fatalf("got %v, want an email field error", err)
	}
	if me, _ := s.Me(); !me.NeedsIntroduction || me.DemoOffered {
		t.Fatalf("a refused welcome changed the profile: %+v", me)
	}
	me, err = s.Welcome("Ann Admin", "ann@example.com", false)
	if err != nil {
		t.Fatal(err)
	}
	if me.NeedsIntroduction || !me.DemoOffered || me.User.Name != "Ann Admin" || me.User.Email != "ann@example.com" || me.User.Role != "admin" {
		t.Fatalf("Me after the welcome: %+v", me)
	}
	if _, err := s.Welcome("Mallory", "mallory@example.com", false); fault.Code(err) != fault.CodeConflict {
		t.Fatalf("a second welcome: got %v, want conflict", err)
	}
	ref, err := s.Reference()
	if err != nil {
		t.Fatal(err)
	}
	sys, _ := a.current().System(t.Context())
	for _, u := range ref.Users {
		if u.ID == sys.ID {
			t.Errorf("the system account %q is offered as a person", u.Name)
		}
	}
	if ref.Limits["ticket.title"] != 200 || ref.Limits["user.email"] != 254 || ref.Limits["calendar.name"] != 100 {
		t.Errorf("got limits %v, want the domain's", ref.Limits)
	}
}
