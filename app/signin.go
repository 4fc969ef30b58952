package app

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/sync/client"
)

// gate is who may use the desk right now: whether the profile has passwords (then it opens
// signed out and may lock), whether someone is signed in, whether the idle lock closed it.
// It lives under App.mu beside the actor.
type gate struct {
	guarded    bool
	signedOut  bool
	locked     bool
	idle       time.Duration
	lastActive time.Time
}

// openGate sets the gate of a freshly opened profile: a profile with passwords opens on the
// sign-in screen; one without opens straight into the desk, as it always did.
func (a *App) openGate(ctx context.Context, d *desk.Desk) error {
	guarded, err := d.Credentials.Guarded(ctx)
	if err != nil {
		return err
	}
	a.gate = gate{guarded: guarded, signedOut: guarded, idle: d.IdleLock(ctx), lastActive: a.clock.Now()}
	return nil
}

// errSignedOut is what a call gets while nobody is signed in or the desk is locked.
func errSignedOut(locked bool) error {
	if locked {
		return fmt.Errorf("the desk is locked: sign in again: %w", fault.ErrSignedOut)
	}
	return fmt.Errorf("nobody is signed in at this desk: %w", fault.ErrSignedOut)
}

// checkIdle locks a guarded desk whose person has been idle past the idle lock, and tells the
// frontend once. It reports whether the desk is locked or signed out.
func (a *App) checkIdle() bool {
	a.mu.Lock()
	g := &a.gate
	lockedNow := false
	if g.guarded && !g.signedOut && !g.locked && people.IdleLocked(g.lastActive, a.clock.Now(), g.idle) {
		g.locked, lockedNow = true, true
	}
	closed := g.signedOut || g.locked
	a.mu.Unlock()
	if lockedNow {
		a.emit("session:locked", "")
	}
	return closed
}

// refreshGate re-reads whether the profile has passwords and its idle lock (after either
// changed); a desk that just got its first password counts as active now.
func (a *App) refreshGate(ctx context.Context, d *desk.Desk) error {
	guarded, err := d.Credentials.Guarded(ctx)
	if err != nil {
		return err
	}
	idle := d.IdleLock(ctx)
	a.mu.Lock()
	if guarded && !a.gate.guarded {
		a.gate.lastActive = a.clock.Now()
	}
	a.gate.guarded, a.gate.idle = guarded, idle
	if !guarded {
		a.gate.locked = false
	}
	a.mu.Unlock()
	return nil
}

// enter makes u the signed-in person, with the desk open and active now.
func (a *App) enter(actor people.Actor) {
	a.mu.Lock()
	a.actor = actor
	a.gate.signedOut, a.gate.locked, a.gate.lastActive = false, false, a.clock.Now()
	a.mu.Unlock()
	a.emit("session:changed", actor.ID)
}

// SignInState is what the frontend needs before anyone is signed in: whether to show the
// sign-in screen or the lock, and for whom.
type SignInState struct {
	// Required: the profile has passwords, so the desk opens signed out and may lock.
	Required bool `json:"required"`
	SignedIn bool `json:"signedIn"`
	Locked   bool `json:"locked"`
	// User is who is signed in, or whose desk is locked (nil when signed out).
	User *people.User `json:"user"`
	// IdleLockMinutes is the idle time after which the desk locks (0 = never).
	IdleLockMinutes int `json:"idleLockMinutes"`
	// JoinedEmail is, on a desk joined to a server, the one person who signs in here.
	JoinedEmail string `json:"joinedEmail"`
	// Holders are the people with a password here (shown only to the signed-in): switching
	// to them asks for it.
	Holders []string `json:"holders"`
}

// SignInState says whether someone is signed in and whether the desk is locked.
func (s *Session) SignInState() (*SignInState, error) {
	ctx := context.Background()
	closed := s.app.checkIdle()
	d := s.app.current()
	if d == nil {
		return nil, fmt.Errorf("the profile is not open")
	}
	s.app.mu.RLock()
	g, id := s.app.gate, s.app.actor.ID
	s.app.mu.RUnlock()
	st := &SignInState{Required: g.guarded, SignedIn: !g.signedOut, Locked: g.locked,
		IdleLockMinutes: int(g.idle / time.Minute), Holders: []string{}}
	if joined := s.app.syncUser(); joined != "" {
		id = joined
		if u, err := d.People.User(ctx, joined); err == nil {
			st.JoinedEmail = u.Email
		}
	}
	if !g.signedOut && id != "" {
		u, err := d.People.User(ctx, id)
		if err != nil {
			return nil, err
		}
		st.User = u
	}
	if !closed {
		h, err := d.Credentials.Holders(ctx)
		if err != nil {
			return nil, err
		}
		st.Holders = append(st.Holders, h...)
	}
	return st, nil
}

// remote is the server a joined desk checks passwords with (nil when not joined).
func (a *App) remote() people.Remote {
	if a.syncUser() == "" {
		return nil
	}
	c, _, err := a.syncClient()
	if err != nil {
		return nil
	}
	return c
}

// SignIn signs a person in with their email and password (or takes another person's place at
// a locked desk). A desk joined to a server asks the server when it can reach it.
func (s *Session) SignIn(email, password string) (*Me, error) {
	ctx := context.Background()
	d := s.app.current()
	if d == nil {
		return nil, fmt.Errorf("the profile is not open")
	}
	if joined := s.app.syncUser(); joined != "" {
		if u, err := d.People.User(ctx, joined); err == nil && !strings.EqualFold(strings.TrimSpace(email), u.Email) {
			return nil, Error{Code: fault.CodeForbidden, Message: fmt.Sprintf("This desk is connected to a server as %s: only they sign in here.", u.Email),
				Fields: map[string]string{"email": "Only " + u.Email + " signs in at this desk."}}
		}
	}
	u, err := d.Credentials.SignIn(ctx, email, password, s.app.remote())
	if err != nil {
		return nil, signInError(err)
	}
	actor, err := d.People.ActorFor(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	s.app.enter(actor)
	if err := s.app.refreshGate(ctx, d); err != nil {
		return nil, err
	}
	return s.Me()
}

// signInError puts a refusal beside the password input, where the person looks.
func signInError(err error) error {
	var re *client.RemoteError
	if errors.As(err, &re) {
		return withField(syncError(err), "password")
	}
	switch fault.Code(err) {
	case fault.CodeWrongPassword:
		return Error{Code: fault.CodeWrongPassword, Message: "Wrong email or password.",
			Fields: map[string]string{"password": "Wrong email or password."}}
	case fault.CodeLockedOut, fault.CodeForbidden:
		msg := err.Error()
		return Error{Code: fault.Code(err), Message: msg, Fields: map[string]string{"password": msg}}
	}
	return err
}

// Unlock opens the locked desk again with the signed-in person's password.
func (s *Session) Unlock(password string) (*Me, error) {
	ctx := context.Background()
	d := s.app.current()
	if d == nil {
		return nil, fmt.Errorf("the profile is not open")
	}
	s.app.mu.RLock()
	id, signedOut := s.app.actor.ID, s.app.gate.signedOut
	s.app.mu.RUnlock()
	if joined := s.app.syncUser(); joined != "" {
		id = joined
	}
	if signedOut || id == "" {
		return nil, errSignedOut(false)
	}
	if _, err := d.Credentials.Verify(ctx, id, password); err != nil {
		return nil, signInError(err)
	}
	actor, err := d.People.ActorFor(ctx, id)
	if err != nil {
		return nil, err
	}
	s.app.enter(actor)
	return s.Me()
}

// Lock locks the desk now (a person stepping away); only a desk with passwords locks.
func (s *Session) Lock() error {
	s.app.mu.Lock()
	g := &s.app.gate
	if !g.guarded || g.signedOut {
		s.app.mu.Unlock()
		return nil
	}
	g.locked = true
	s.app.mu.Unlock()
	s.app.emit("session:locked", "")
	return nil
}

// SignOut leaves the desk on the sign-in screen (a desk with passwords only: without one,
// nobody could sign in again).
func (s *Session) SignOut() error {
	s.app.mu.Lock()
	if !s.app.gate.guarded {
		s.app.mu.Unlock()
		return fault.Field("password", "Set a password first: without one, nobody could sign in again.")
	}
	s.app.actor = people.Actor{}
	s.app.gate.signedOut, s.app.gate.locked = true, false
	s.app.mu.Unlock()
	s.app.emit("session:locked", "")
	return nil
}

// Touch records that the person used the desk (a key or a click), which holds off the idle
// lock. It reports whether the desk is locked (or signed out) now.
func (s *Session) Touch() bool {
	if s.app.checkIdle() {
		return true
	}
	s.app.mu.Lock()
	s.app.gate.lastActive = s.app.clock.Now()
	s.app.mu.Unlock()
	return false
}

// SetMyPassword sets the signed-in person's password; one they already have must be given.
func (s *Session) SetMyPassword(oldPassword, newPassword string) error {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		return err
	}
	if err := d.Credentials.SetOwn(ctx, actor, oldPassword, newPassword); err != nil {
		return err
	}
	return s.app.refreshGate(ctx, d)
}

// SetUserPassword sets or resets another person's password at this desk (admins only).
func (s *Session) SetUserPassword(userID, password string) error {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		return err
	}
	if err := d.Credentials.SetFor(ctx, actor, userID, password); err != nil {
		return err
	}
	return s.app.refreshGate(ctx, d)
}

// SetIdleLock sets the minutes without activity after which the desk locks (admins only;
// 0 = never).
func (s *Session) SetIdleLock(minutes int) (*SignInState, error) {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		return nil, err
	}
	if err := d.SetIdleLock(ctx, actor, minutes); err != nil {
		return nil, err
	}
	if err := s.app.refreshGate(ctx, d); err != nil {
		return nil, err
	}
	return s.SignInState()
}
