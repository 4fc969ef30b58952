package people_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/people"
)

// cheap keeps the tests quick; the format and the checks are the same at any cost.
var cheap = people.Params{Memory: 64, Time: 1, Threads: 1, KeyLen: 32}

func TestHashAndVerify(t *testing.T) {
	v, err := people.HashPassword("correct horse", cheap)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(v, "$argon2id$v=19$m=64,t=1,p=1$") || strings.Contains(v, "correct horse") {
		t.Fatalf("verifier %q: want an argon2id PHC string without the password", v)
	}
	v2, _ := people.HashPassword("correct horse", cheap)
	if v == v2 {
		t.Errorf("two verifiers of one password are equal: the salt is not random")
	}
	tests := []struct {
		password string
		want     bool
	}{{"correct horse", true}, {"correct hors", false}, {"Correct horse", false}, {"", false}}
	for _, tt := range tests {
		t.Run(tt.password, func(t *testing.T) {
			got, err := people.VerifyPassword(v, tt.password)
			if err != nil || got != tt.want {
				t.Errorf("got %v, %v; want %v", got, err, tt.want)
			}
		})
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=64,t=1,p=1$c2FsdA$a2V5", "$argon2id$v=19$m=x$c2FsdA$a2V5", "$argon2id$v=19$m=64,t=1,p=1$c2FsdA$"} {
		if ok, err := people.VerifyPassword(bad, "x"); err == nil || ok {
			t.Errorf("VerifyPassword(%q) = %v, %v; want an error", bad, ok, err)
		}
	}
	// The default costs are what a stored verifier says.
	dv, _ := people.HashPassword("pw", people.DefaultParams)
	if !strings.Contains(dv, "$m=19456,t=2,p=1$") {
		t.Errorf("default verifier %q", dv)
	}
}

func TestRules(t *testing.T) {
	t0 := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	lock := []struct {
		failures int
		now      time.Time
		ok       bool
	}{
		{4, t0.Add(time.Minute), true},
		{5, t0.Add(time.Minute), false},
		{5, t0.Add(15*time.Minute - time.Millisecond), false},
		{5, t0.Add(15 * time.Minute), true},
	}
	for _, tt := range lock {
		until, ok := people.LockedUntil(tt.failures, t0, tt.now)
		if ok != tt.ok || (!ok && !until.Equal(t0.Add(people.FailureWindow))) {
			t.Errorf("LockedUntil(%d, +%v) = %v, %v; want ok %v", tt.failures, tt.now.Sub(t0), until, ok, tt.ok)
		}
	}
	idle := []struct {
		last  time.Time
		now   time.Time
		after time.Duration
		want  bool
	}{
		{t0, t0.Add(14 * time.Minute), 15 * time.Minute, false},
		{t0, t0.Add(15 * time.Minute), 15 * time.Minute, true},
		{t0, t0.Add(48 * time.Hour), 0, false},
		{time.Time{}, t0, time.Minute, false},
	}
	for _, tt := range idle {
		if got := people.IdleLocked(tt.last, tt.now, tt.after); got != tt.want {
			t.Errorf("IdleLocked(+%v, %v) = %v, want %v", tt.now.Sub(tt.last), tt.after, got, tt.want)
		}
	}
	for n, want := range map[int]string{-1: fault.CodeValidation, 0: "", 15: "", 1440: "", 1441: fault.CodeValidation} {
		if got := fault.Code(people.CheckIdleMinutes(n)); got != want {
			t.Errorf("CheckIdleMinutes(%d): got %q, want %q", n, got, want)
		}
	}
	for pw, want := range map[string]string{"short": fault.CodeValidation, "long enough": "", strings.Repeat("x", 257): fault.CodeValidation} {
		if got := fault.Code(people.CheckPassword("password", pw)); got != want {
			t.Errorf("CheckPassword(%d chars): got %q, want %q", len(pw), got, want)
		}
	}
}

// credDesk opens a fresh profile with a clock the test moves, an admin owner and an agent.
func credDesk(t *testing.T) (*desk.Desk, people.Actor, *people.User, *time.Time) {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 12, 5, 10, 0, 0, 0, time.UTC)
	d, err := desk.Open(ctx, filepath.Join(t.TempDir(), "p.outpost"), func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	d.Credentials.Params = cheap
	admin, err := d.Owner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	ann, err := d.People.CreateUser(ctx, admin, people.User{Name: "Ann", Email: "ann@example.com", Role: people.Agent})
	if err != nil {
		t.Fatal(err)
	}
	return d, admin, ann, &now
}

func TestSignIn(t *testing.T) {
	ctx := context.Background()
	d, admin, ann, _ := credDesk(t)
	c := d.Credentials
	if g, _ := c.Guarded(ctx); g {
		t.Fatalf("a fresh profile is guarded")
	}
	if err := c.SetFor(ctx, people.Actor{ID: ann.ID, Role: people.Agent}, admin.ID, "agent sets admin"); fault.Code(err) != fault.CodeForbidden {
		t.Errorf("an agent sets the admin's password: %v", err)
	}
	if err := c.SetFor(ctx, admin, ann.ID, "short"); fault.Code(err) != fault.CodeValidation {
		t.Errorf("a short password: got %v", err)
	}
	if err := c.SetFor(ctx, admin, ann.ID, "ann's secret"); err != nil {
		t.Fatal(err)
	}
	if g, _ := c.Guarded(ctx); !g {
		t.Fatalf("a profile with a password is not guarded")
	}
	var stored string
	d.DB.Raw(`SELECT verifier FROM credentials WHERE user_id = ?`, ann.ID).Scan(&stored)
	if !strings.HasPrefix(stored, "$argon2id$") || strings.Contains(stored, "secret") {
		t.Fatalf("stored %q: want an argon2id verifier", stored)
	}

	tests := []struct {
		name, email, password, code string
	}{
		{"right", " ANN@example.com ", "ann's secret", ""},
		{"wrong password", "ann@example.com", "ann's Secret", fault.CodeWrongPassword},
		{"unknown person", "bob@example.com", "ann's secret", fault.CodeWrongPassword},
		{"person without a password", "admin@outpost.local", "", fault.CodeWrongPassword},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u, err := c.SignIn(ctx, tt.email, tt.password, nil)
			if got := fault.Code(err); got != tt.code {
				t.Fatalf("got %q (%v), want %q", got, err, tt.code)
			}
			if tt.code == "" && u.ID != ann.ID {
				t.Errorf("signed in as %s, want Ann", u.Email)
			}
		})
	}

	// Changing one's own password needs the old one.
	annActor := people.Actor{ID: ann.ID, Role: people.Agent}
	err := c.SetOwn(ctx, annActor, "not it", "a new secret")
	if got := fault.Fields(err)["oldPassword"]; got == "" {
		t.Errorf("a wrong old password: got %v, want a message on oldPassword", err)
	}
	if err := c.SetOwn(ctx, annActor, "ann's secret", "a new secret"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SignIn(ctx, "ann@example.com", "ann's secret", nil); fault.Code(err) != fault.CodeWrongPassword {
		t.Errorf("the old password still works: %v", err)
	}
	if _, err := c.Verify(ctx, ann.ID, "a new secret"); err != nil {
		t.Errorf("the new password: %v", err)
	}
	// The admin has none yet: they set theirs without an old one.
	if err := c.SetOwn(ctx, admin, "", "admin's secret"); err != nil {
		t.Fatal(err)
	}

	// A deactivated person is refused, even with the right password.
	d.DB.Exec(`UPDATE users SET active = 0 WHERE id = ?`, ann.ID)
	if _, err := c.SignIn(ctx, "ann@example.com", "a new secret", nil); fault.Code(err) != fault.CodeForbidden {
		t.Errorf("a deactivated person signs in: %v", err)
	}
	if _, err := c.Verify(ctx, ann.ID, "a new secret"); fault.Code(err) != fault.CodeForbidden {
		t.Errorf("a deactivated person is verified: %v", err)
	}
}

func TestRateLimit(t *testing.T) {
	ctx := context.Background()
	d, admin, ann, now := credDesk(t)
	c := d.Credentials
	if err := c.SetFor(ctx, admin, ann.ID, "ann's secret"); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < people.MaxFailures; i++ {
		if _, err := c.SignIn(ctx, "ann@example.com", "guess", nil); fault.Code(err) != fault.CodeWrongPassword {
			t.Fatalf("attempt %d: %v", i+1, err)
		}
	}
	// Locked out now, even with the right password, through either door.
	_, err := c.SignIn(ctx, "ann@example.com", "ann's secret", nil)
	var lo *people.LockedOutError
	if fault.Code(err) != fault.CodeLockedOut || !errors.As(err, &lo) || !lo.Until.Equal(now.Add(people.FailureWindow)) {
		t.Fatalf("after %d failures: got %v, want locked out until %v", people.MaxFailures, err, now.Add(people.FailureWindow))
	}
	if !strings.Contains(err.Error(), "2026-12-05 10:15 UTC") {
		t.Errorf("the message %q does not say when to retry", err)
	}
	if _, err := c.Verify(ctx, ann.ID, "ann's secret"); fault.Code(err) != fault.CodeLockedOut {
		t.Errorf("Verify while locked out: %v", err)
	}
	// The count is in the profile: a desk opened again still refuses.
	var failures int
	d.DB.Raw(`SELECT failures FROM signin_failures WHERE key = ?`, "user:"+ann.ID).Scan(&failures)
	if failures != people.MaxFailures {
		t.Errorf("stored failures %d, want %d", failures, people.MaxFailures)
	}
	// Another person is not locked out by Ann's failures.
	if err := c.SetOwn(ctx, admin, "", "admin's secret"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.SignIn(ctx, "admin@outpost.local", "admin's secret", nil); err != nil {
		t.Errorf("the admin is locked out by Ann's failures: %v", err)
	}
	// After the window, the right password works and clears the count.
	*now = now.Add(people.FailureWindow)
	if _, err := c.SignIn(ctx, "ann@example.com", "ann's secret", nil); err != nil {
		t.Fatalf("after the window: %v", err)
	}
	var rows int64
	d.DB.Raw(`SELECT COUNT(*) FROM signin_failures WHERE key = ?`, "user:"+ann.ID).Scan(&rows)
	if rows != 0 {
		t.Errorf("a sign-in left %d failure rows", rows)
	}
}

// Many attempts at once cannot all slip under the limit before any is counted.
func TestRateLimitConcurrent(t *testing.T) {
	ctx := context.Background()
	d, admin, ann, _ := credDesk(t)
	if err := d.Credentials.SetFor(ctx, admin, ann.ID, "ann's secret"); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	codes := make(chan string, 20)
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := d.Credentials.SignIn(ctx, "ann@example.com", "guess", nil)
			codes <- fault.Code(err)
		}()
	}
	wg.Wait()
	close(codes)
	wrong := 0
	for c := range codes {
		if c == fault.CodeWrongPassword {
			wrong++
		}
	}
	if wrong != people.MaxFailures {
		t.Errorf("%d of 20 concurrent guesses were checked, want %d", wrong, people.MaxFailures)
	}
}

func TestIdleLockSetting(t *testing.T) {
	ctx := context.Background()
	d, admin, ann, _ := credDesk(t)
	if got := d.IdleLockMinutes(ctx); got != 0 {
		t.Errorf("default idle lock %d, want 0 (never)", got)
	}
	if err := d.SetIdleLock(ctx, people.Actor{ID: ann.ID, Role: people.Agent}, 5); fault.Code(err) != fault.CodeForbidden {
		t.Errorf("an agent sets the idle lock: %v", err)
	}
	if err := d.SetIdleLock(ctx, admin, -1); fault.Code(err) != fault.CodeValidation {
		t.Errorf("-1 minutes: %v", err)
	}
	if err := d.SetIdleLock(ctx, admin, 20); err != nil {
		t.Fatal(err)
	}
	if got := d.IdleLock(ctx); got != 20*time.Minute {
		t.Errorf("idle lock %v, want 20m", got)
	}
}
