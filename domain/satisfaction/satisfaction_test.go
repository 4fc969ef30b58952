package satisfaction_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/satisfaction"
	"outpost/domain/ticket"
)

var epoch = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

type env struct {
	ctx                   context.Context
	d                     *desk.Desk
	admin, ann, mia, rita people.Actor
	group                 *people.Group
	clock                 time.Time
}

func open(t *testing.T) *env {
	t.Helper()
	e := &env{ctx: context.Background(), clock: epoch}
	d, err := desk.Open(e.ctx, filepath.Join(t.TempDir(), "p.outpost"), func() time.Time {
		e.clock = e.clock.Add(time.Second)
		return e.clock
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	e.d = d
	if e.admin, err = d.Owner(e.ctx); err != nil {
		t.Fatal(err)
	}
	add := func(name string, role people.Role) people.Actor {
		u, err := d.CreatePerson(e.ctx, e.admin, people.User{Name: name, Email: strings.ToLower(name) + "@x.test", Role: role})
		if err != nil {
			t.Fatal(err)
		}
		return people.Actor{ID: u.ID, Role: role}
	}
	e.ann, e.mia, e.rita = add("Ann", people.Agent), add("Mia", people.Manager), add("Rita", people.Requester)
	if e.group, err = d.SaveGroup(e.ctx, e.admin, people.Group{Name: "Service desk"}); err != nil {
		t.Fatal(err)
	}
	if err := d.SetMember(e.ctx, e.admin, e.group.ID, e.ann.ID, true); err != nil {
		t.Fatal(err)
	}
	e.ann.Groups = []string{e.group.ID}
	return e
}

// resolved logs Rita's incident, routed to Ann, and resolves it.
func (e *env) resolved(t *testing.T) *ticket.Ticket {
	t.Helper()
	tk, err := e.d.Tickets.Create(e.ctx, e.ann, ticket.Draft{Type: ticket.Incident, Title: "printer", RequesterID: e.rita.ID,
		Impact: 3, Urgency: 3, GroupID: e.group.ID, AssigneeID: e.ann.ID, Source: "phone"})
	if err != nil {
		t.Fatal(err)
	}
	if tk, err = e.d.Tickets.Transition(e.ctx, e.ann, tk.ID, ticket.Move{To: ticket.Resolved, ResolutionCode: "solved_remotely", ResolutionNotes: "done"}); err != nil {
		t.Fatal(err)
	}
	return tk
}

func TestRateOnceAndReport(t *testing.T) {
	e := open(t)
	s := e.d.Satisfaction
	first, second := e.resolved(t), e.resolved(t)
	g, err := s.ForTicket(e.ctx, e.rita, first.ID)
	if err != nil || !g.CanRate || g.Rating != nil {
		t.Fatalf("before rating: got %+v, %v; want rateable, unrated", g, err)
	}
	if g, err := s.ForTicket(e.ctx, e.ann, first.ID); err != nil || g.CanRate {
		t.Fatalf("the agent: got %+v, %v; want not rateable", g, err)
	}
	if _, err := s.Rate(e.ctx, e.rita, first.ID, satisfaction.NewRating{Score: 4, Comment: "  quick  "}); err != nil {
		t.Fatal(err)
	}
	_, err = s.Rate(e.ctx, e.rita, first.ID, satisfaction.NewRating{Score: 1})
	if fault.Code(err) != fault.CodeConflict {
		t.Fatalf("rating twice: got %v, want conflict", err)
	}
	g, _ = s.ForTicket(e.ctx, e.rita, first.ID)
	if g.CanRate || g.Rating == nil || g.Rating.Score != 4 || g.Rating.Comment != "quick" {
		t.Fatalf("after rating: got %+v, want the 4 kept, not rateable", g)
	}
	if _, err := s.Rate(e.ctx, e.rita, second.ID, satisfaction.NewRating{Score: 2}); err != nil {
		t.Fatal(err)
	}
	p := satisfaction.Period{From: epoch.UnixMilli(), To: epoch.Add(time.Hour).UnixMilli()}
	if _, err := s.Report(e.ctx, e.ann, p); fault.Code(err) != fault.CodeForbidden {
		t.Fatalf("an agent reads the report: got %v, want forbidden", err)
	}
	r, err := s.Report(e.ctx, e.mia, p)
	if err != nil {
		t.Fatal(err)
	}
	if r.Count != 2 || r.Average != 3 || r.Distribution != [5]int{0, 1, 0, 1, 0} {
		t.Errorf("report: got count %d average %v distribution %v, want 2, 3, [0 1 0 1 0]", r.Count, r.Average, r.Distribution)
	}
	if len(r.ByGroup) != 1 || r.ByGroup[0].Name != "Service desk" || r.ByGroup[0].Count != 2 {
		t.Errorf("by group: got %+v, want Service desk with 2", r.ByGroup)
	}
	if len(r.ByAgent) != 1 || r.ByAgent[0].Name != "Ann" || r.ByAgent[0].Average != 3 {
		t.Errorf("by agent: got %+v, want Ann at 3", r.ByAgent)
	}
	// A period before the ratings holds none.
	r, err = s.Report(e.ctx, e.mia, satisfaction.Period{From: 0, To: epoch.UnixMilli()})
	if err != nil || r.Count != 0 || len(r.ByAgent) != 0 {
		t.Errorf("an earlier period: got %+v, %v; want nothing", r, err)
	}
	if _, err := s.Report(e.ctx, e.mia, satisfaction.Period{From: 5, To: 5}); fault.Code(err) != fault.CodeValidation {
		t.Errorf("an empty period: got %v, want validation", err)
	}
}
