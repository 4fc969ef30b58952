package app

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
	"outpost/sync/synctest"
)

// openAppAt opens an app with test hooks on the profile at path (as a restart would).
func openAppAt(t *testing.T, path string) *App {
	t.Helper()
	a := New(Options{ProfilePath: path, TestHooks: true, Started: time.Now()})
	if err := a.open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Shutdown(context.Background()) })
	return a
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if got, _ := coded(err); got != code {
		t.Fatalf("%s: got %q (%v), want %q", what, got, err, code)
	}
}

// A profile with passwords opens on the sign-in screen; switching to a person with a
// password needs it; the idle lock reads the app's clock; a deactivated person cannot sign in.
func TestSignInAndLock(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.outpost")
	first := openAppAt(t, path)
	s := NewSession(first)
	if st, err := s.SignInState(); err != nil || st.Required || !st.SignedIn {
		t.Fatalf("a profile without passwords: %+v, %v; want it open", st, err)
	}
	if _, err := s.Me(); err != nil {
		t.Fatalf("a profile without passwords opens straight into the desk: %v", err)
	}
	wantCode(t, "sign out without any password", s.SignOut(), fault.CodeValidation)
	if _, err := s.Welcome("Ada Admin", "ada@example.com", false); err != nil {
		t.Fatal(err)
	}
	rae, err := s.CreateUser(people.User{Name: "Rae Requester", Email: "rae@example.com", Role: people.Requester})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetMyPassword("", "ada's password"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetUserPassword(rae.ID, "rae's password"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetIdleLock(10); err != nil {
		t.Fatal(err)
	}
	first.Shutdown(context.Background())

	// Restart: nobody is signed in, and nothing answers but the sign-in.
	a := openAppAt(t, path)
	s = NewSession(a)
	st, err := s.SignInState()
	if err != nil || !st.Required || st.SignedIn || st.User != nil || len(st.Holders) != 0 || st.IdleLockMinutes != 10 {
		t.Fatalf("after a restart: %+v, %v; want the sign-in screen, nobody named", st, err)
	}
	_, err = s.Me()
	wantCode(t, "Me while signed out", err, fault.CodeSignedOut)
	_, err = NewTickets(a).Create(ticket.Draft{Type: ticket.Incident, Title: "signed out", Impact: 2, Urgency: 2})
	wantCode(t, "a ticket while signed out", err, fault.CodeSignedOut)

	_, err = s.SignIn("ada@example.com", "wrong password")
	wantCode(t, "wrong password", err, fault.CodeWrongPassword)
	if _, fields := coded(err); fields["password"] == "" {
		t.Errorf("wrong password: no message beside the password input")
	}
	_, err = s.SignIn("nobody@example.com", "ada's password")
	wantCode(t, "unknown email", err, fault.CodeWrongPassword)
	me, err := s.SignIn("Ada@Example.com", "ada's password")
	if err != nil || me.User.Email != "ada@example.com" {
		t.Fatalf("sign in: %+v, %v", me, err)
	}
	if st, _ := s.SignInState(); len(st.Holders) != 2 {
		t.Errorf("holders %v, want both people with a password", st.Holders)
	}

	// Switching to Rae needs Rae's password.
	_, err = s.SwitchUser(rae.ID, "")
	wantCode(t, "switch without the password", err, fault.CodeWrongPassword)
	ada := me.User.ID
	if me, err := s.SwitchUser(rae.ID, "rae's password"); err != nil || me.User.Role != people.Requester {
		t.Fatalf("switch with the password: %+v, %v", me, err)
	}
	// Rae cannot change Ada's password, nor her own without the old one.
	wantCode(t, "a requester resets another's password", s.SetUserPassword(ada, "whatever123"), fault.CodeForbidden)
	if err := s.SetMyPassword("not mine", "rae's new password"); fault.Fields(err)["oldPassword"] == "" {
		t.Errorf("own password without the old one: %v", err)
	}

	// Activity holds off the idle lock; time without it locks the desk.
	if err := s.AdvanceClock(9); err != nil {
		t.Fatal(err)
	}
	if locked := s.Touch(); locked {
		t.Fatalf("locked after 9 of 10 minutes")
	}
	if err := s.AdvanceClock(9); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Me(); err != nil {
		t.Fatalf("locked 9 minutes after the last activity: %v", err)
	}
	if err := s.AdvanceClock(1); err != nil {
		t.Fatal(err)
	}
	st, _ = s.SignInState()
	if !st.Locked || st.User == nil || st.User.ID != rae.ID {
		t.Fatalf("after 10 idle minutes: %+v; want the desk locked for Rae", st)
	}
	_, err = s.Me()
	wantCode(t, "Me while locked", err, fault.CodeSignedOut)
	_, err = s.Unlock("ada's password")
	wantCode(t, "unlock with another's password", err, fault.CodeWrongPassword)
	if me, err := s.Unlock("rae's password"); err != nil || me.User.ID != rae.ID {
		t.Fatalf("unlock: %+v, %v", me, err)
	}
	// From the lock, another person may sign in instead.
	if err := s.Lock(); err != nil {
		t.Fatal(err)
	}
	if me, err := s.SignIn("ada@example.com", "ada's password"); err != nil || me.User.Role != people.Admin {
		t.Fatalf("Ada signs in at Rae's locked desk: %+v, %v", me, err)
	}

	// A deactivated person is refused, even with the right password.
	if err := a.current().DB.Exec(`UPDATE users SET active = 0 WHERE id = ?`, rae.ID).Error; err != nil {
		t.Fatal(err)
	}
	_, err = s.SignIn("rae@example.com", "rae's password")
	wantCode(t, "a deactivated person", err, fault.CodeForbidden)

	// Five failures lock the person out, with the time to retry.
	for i := 0; i < people.MaxFailures; i++ {
		_, err = s.SignIn("ada@example.com", "guess")
		wantCode(t, "a guess", err, fault.CodeWrongPassword)
	}
	_, err = s.SignIn("ada@example.com", "ada's password")
	wantCode(t, "after five failures", err, fault.CodeLockedOut)
}

// A desk joined to a server signs its person in against the server and can then sign them in
// offline with the verifier it kept; nobody else signs in there.
func TestJoinedDeskSignIn(t *testing.T) {
	s := synctest.StartServer(t, "", time.Now)
	s.AddUser(t, "Ann Agent", "ann@example.test", "agent")
	s.AddUser(t, "Bob Agent", "bob@example.test", "agent")
	path := filepath.Join(t.TempDir(), "p.outpost")
	a := openAppAt(t, path)
	connect(t, a, s.URL, "ann@example.test")
	a.Shutdown(context.Background())

	a = openAppAt(t, path)
	sess := NewSession(a)
	st, err := sess.SignInState()
	if err != nil || !st.Required || st.SignedIn || st.JoinedEmail != "ann@example.test" {
		t.Fatalf("a joined desk after a restart: %+v, %v", st, err)
	}
	_, err = sess.SignIn("bob@example.test", synctest.Password)
	wantCode(t, "another server user", err, fault.CodeForbidden)
	_, err = sess.SignIn("ann@example.test", "wrong password")
	wantCode(t, "online, wrong password", err, fault.CodeWrongPassword)
	if _, err := sess.SignIn("ann@example.test", synctest.Password); err != nil {
		t.Fatalf("online sign-in: %v", err)
	}
	// Offline: the kept verifier decides.
	s.HTTP.Close()
	if err := sess.SignOut(); err != nil {
		t.Fatal(err)
	}
	if me, err := sess.SignIn("ann@example.test", synctest.Password); err != nil || me.User.Email != "ann@example.test" {
		t.Fatalf("offline sign-in: %+v, %v", me, err)
	}
}

// Once someone has a password, a person cannot step into a passwordless admin's desk: the
// old "anyone may switch back to the admin" holds only while nobody has a password.
func TestNoWayIntoAPasswordlessAdmin(t *testing.T) {
	a := openApp(t, true)
	s := NewSession(a)
	admin := a.actor
	rae, err := s.CreateUser(people.User{Name: "Rae Requester", Email: "rae@example.com", Role: people.Requester})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SetUserPassword(rae.ID, "rae's password"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SignIn("rae@example.com", "rae's password"); err != nil {
		t.Fatal(err)
	}
	_, err = s.SwitchUser(admin.ID, "")
	wantCode(t, "a requester switching to the passwordless admin", err, fault.CodeForbidden)
	if me, _ := s.Me(); me.User.ID != rae.ID {
		t.Fatalf("the refused switch changed the desk's person to %s", me.User.Email)
	}
}
