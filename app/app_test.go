package app

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

// openApp opens an app on a fresh temp-file profile, without a window.
func openApp(t *testing.T, hooks bool) *App {
	t.Helper()
	a := New(Options{ProfilePath: filepath.Join(t.TempDir(), "p.outpost"), TestHooks: hooks, Started: time.Now()})
	if err := a.open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Shutdown(context.Background()) })
	return a
}

func TestFormatError(t *testing.T) {
	tests := []struct {
		err        error
		code       string
		wantFields bool
	}{
		{fault.Field("title", "a title is required"), fault.CodeValidation, true},
		{fault.ErrNotFound, fault.CodeNotFound, false},
		{errors.Join(errors.New("move INC1"), fault.ErrInvalidTransition), fault.CodeInvalidTransition, false},
		{fault.ErrForbidden, fault.CodeForbidden, false},
		{errors.New("disk on fire"), fault.CodeInternal, false},
	}
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			got, ok := FormatError(tt.err).(Error)
			if !ok {
				t.Fatalf("got %T, want app.Error", FormatError(tt.err))
			}
			if got.Code != tt.code || got.Message == "" || (len(got.Fields) > 0) != tt.wantFields {
				t.Fatalf("got %+v, want code %s with fields=%v", got, tt.code, tt.wantFields)
			}
		})
	}
}

func TestFacadeKeepsDomainErrors(t *testing.T) {
	a := openApp(t, false)
	tickets := NewTickets(a)
	_, err := tickets.Create(ticket.Draft{Type: ticket.Incident, Impact: 2, Urgency: 9})
	fields := fault.Fields(err)
	if fields["title"] == "" || fields["urgency"] == "" {
		t.Fatalf("got %v, want field errors for title and urgency", err)
	}
	tk, err := tickets.Create(ticket.Draft{Type: ticket.Incident, Title: "Mail down", Impact: 1, Urgency: 1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = tickets.Transition(tk.ID, ticket.Move{To: ticket.Closed})
	if fault.Code(err) != fault.CodeInvalidTransition {
		t.Fatalf("got %v, want invalid_transition", err)
	}
	d, err := tickets.Get(tk.Number)
	if err != nil || d.Ticket.ID != tk.ID || d.Computed != 1 {
		t.Fatalf("get by number: %+v, %v", d, err)
	}
}

func TestSwitchUserNeedsAdmin(t *testing.T) {
	a := openApp(t, false)
	s := NewSession(a)
	owner := a.actor
	u, err := s.CreateUser(people.User{Name: "Rae Requester", Email: "rae@example.com", Role: people.Requester})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SwitchUser(u.ID, ""); err != nil {
		t.Fatalf("admin switching to a requester: %v", err)
	}
	other, err := s.CreateUser(people.User{Name: "Nope", Email: "nope@example.com", Role: people.Agent})
	if !errors.Is(err, fault.ErrForbidden) || other != nil {
		t.Fatalf("requester creating a user: got %v, want forbidden", err)
	}
	if _, err := s.SwitchUser(u.ID, ""); !errors.Is(err, fault.ErrForbidden) {
		t.Fatalf("requester switching to another user: got %v, want forbidden", err)
	}
	if _, err := s.SwitchUser(owner.ID, ""); err != nil {
		t.Fatalf("back to the admin: %v", err)
	}
}

func TestAdvanceClockOnlyWithHooks(t *testing.T) {
	if err := NewSession(openApp(t, false)).AdvanceClock(60); !errors.Is(err, fault.ErrForbidden) {
		t.Fatalf("got %v, want forbidden without test hooks", err)
	}
	a := openApp(t, true)
	before := a.clock.Now()
	if err := NewSession(a).AdvanceClock(90); err != nil {
		t.Fatal(err)
	}
	if got := a.clock.Now().Sub(before); got < 90*time.Minute {
		t.Fatalf("clock moved %s, want at least 90m", got)
	}
}

func TestLoadDemo(t *testing.T) {
	a := openApp(t, false)
	s := NewSession(a)
	n, err := s.LoadDemo(true)
	if err != nil || n != 300 {
		t.Fatalf("LoadDemo = %d, %v; want 300", n, err)
	}
	me, err := s.Me()
	if err != nil || !me.DemoOffered {
		t.Fatalf("Me after demo: %+v, %v", me, err)
	}
	page, err := NewTickets(a).Queue(ticket.Query{View: "all"}, true)
	if err != nil || page.Total != 300 || len(page.Rows) != 50 {
		t.Fatalf("queue after demo: total %d rows %d err %v", page.Total, len(page.Rows), err)
	}
}
