package canned_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"outpost/domain/canned"
	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

type env struct {
	t       *testing.T
	ctx     context.Context
	d       *desk.Desk
	s       *canned.Service
	groups  map[string]string
	admin   people.Actor
	manager people.Actor // not in a group
	agent   people.Actor // in Service Desk
	network people.Actor // agent in Network
	req     people.Actor
}

func newEnv(t *testing.T) *env {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)
	d, err := desk.Open(ctx, filepath.Join(t.TempDir(), "p.outpost"), func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	e := &env{t: t, ctx: ctx, d: d, s: d.Templates, groups: map[string]string{}}
	if e.admin, err = d.Owner(ctx); err != nil {
		t.Fatal(err)
	}
	gs, err := d.People.Groups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gs {
		e.groups[g.Name] = g.ID
	}
	e.manager = e.user("Mona Manager", people.Manager)
	e.agent = e.user("Abe Agent", people.Agent, "Service Desk")
	e.network = e.user("Nina Network", people.Agent, "Network")
	e.req = e.user("Rita Requester", people.Requester)
	return e
}

func (e *env) user(name string, role people.Role, groups ...string) people.Actor {
	e.t.Helper()
	u, err := e.d.CreatePerson(e.ctx, e.admin, people.User{Name: name, Email: strings.ReplaceAll(strings.ToLower(name), " ", ".") + "@example.com", Role: role})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, g := range groups {
		if err := e.d.SetMember(e.ctx, e.admin, e.groups[g], u.ID, true); err != nil {
			e.t.Fatal(err)
		}
	}
	a, err := e.d.People.ActorFor(e.ctx, u.ID)
	if err != nil {
		e.t.Fatal(err)
	}
	return a
}

// counts is how many changes and audit entries the profile holds for templates.
func (e *env) counts() (changes, audit int64) {
	e.t.Helper()
	if err := e.d.DB.Raw(`SELECT COUNT(*) FROM changes WHERE entity IN (?, ?)`, canned.EntityReply, canned.EntityTicket).Scan(&changes).Error; err != nil {
		e.t.Fatal(err)
	}
	if err := e.d.DB.Raw(`SELECT COUNT(*) FROM audit_entries WHERE entity IN (?, ?)`, canned.EntityReply, canned.EntityTicket).Scan(&audit).Error; err != nil {
		e.t.Fatal(err)
	}
	return changes, audit
}

func (e *env) reply(actor people.Actor, r canned.Reply) *canned.Reply {
	e.t.Helper()
	out, err := e.s.SaveReply(e.ctx, actor, r)
	if err != nil {
		e.t.Fatalf("save reply %q: %v", r.Name, err)
	}
	return out
}

func names[T any](list []T, name func(T) string) string {
	var out []string
	for _, x := range list {
		out = append(out, name(x))
	}
	return strings.Join(out, ", ")
}

func replyNames(rs []canned.Reply) string {
	return names(rs, func(r canned.Reply) string { return r.Name })
}

func wantCode(t *testing.T, err error, want string) {
	t.Helper()
	if got := fault.Code(err); got != want {
		t.Fatalf("got error %v (code %q), want %q", err, got, want)
	}
}

// TestRepliesByScope: who sees and who writes personal and group replies, and that every
// write is one logged change and one audit entry while a refused one writes nothing.
func TestRepliesByScope(t *testing.T) {
	e := newEnv(t)
	sd := e.groups["Service Desk"]
	mine := e.reply(e.agent, canned.Reply{Name: "Thanks", Body: "Thanks, {{requester.name}}."})
	if mine.OwnerID != e.agent.ID || mine.GroupID != "" {
		t.Fatalf("a reply with no scope: got %+v, want the agent's own", mine.Scope)
	}
	if c, a := e.counts(); c != 1 || a != 1 {
		t.Fatalf("one reply made: %d changes, %d audit entries, want 1 and 1", c, a)
	}
	team := e.reply(e.manager, canned.Reply{Scope: canned.Scope{GroupID: sd}, Name: "Escalated", Body: "Passed to {{group.name}}."})

	list := func(a people.Actor, all bool) string {
		rs, err := e.s.Replies(e.ctx, a, all)
		if err != nil {
			t.Fatal(err)
		}
		return replyNames(rs)
	}
	for _, c := range []struct {
		who  string
		got  string
		want string
	}{
		{"the agent", list(e.agent, false), "Thanks, Escalated"},
		{"another group's agent", list(e.network, false), ""},
		{"the manager inserting", list(e.manager, false), ""},
		{"the manager in Settings", list(e.manager, true), "Escalated"},
		{"the requester", list(e.req, true), ""},
	} {
		if c.got != c.want {
			t.Errorf("%s sees %q, want %q", c.who, c.got, c.want)
		}
	}

	c0, a0 := e.counts()
	refused := []struct {
		name string
		err  error
		code string
	}{
		{"an agent edits their group's reply", func() error {
			_, err := e.s.SaveReply(e.ctx, e.agent, canned.Reply{ID: team.ID, Scope: team.Scope, Name: "Mine now", Body: "x"})
			return err
		}(), fault.CodeForbidden},
		{"an agent makes a group reply", func() error {
			_, err := e.s.SaveReply(e.ctx, e.agent, canned.Reply{Scope: canned.Scope{GroupID: sd}, Name: "G", Body: "x"})
			return err
		}(), fault.CodeForbidden},
		{"an agent deletes their group's reply", e.s.DeleteReply(e.ctx, e.agent, team.ID), fault.CodeForbidden},
		{"another agent edits a personal reply", func() error {
			_, err := e.s.SaveReply(e.ctx, e.network, canned.Reply{ID: mine.ID, Scope: mine.Scope, Name: "x", Body: "x"})
			return err
		}(), fault.CodeForbidden},
		{"an admin deletes someone's personal reply", e.s.DeleteReply(e.ctx, e.admin, mine.ID), fault.CodeForbidden},
		{"a requester keeps replies", func() error {
			_, err := e.s.SaveReply(e.ctx, e.req, canned.Reply{Name: "Hi", Body: "x"})
			return err
		}(), fault.CodeForbidden},
		{"a reply with an unknown variable", func() error {
			_, err := e.s.SaveReply(e.ctx, e.agent, canned.Reply{Name: "Bad", Body: "Hi {{requester.first_name}}"})
			return err
		}(), fault.CodeValidation},
		{"a name the scope uses", func() error {
			_, err := e.s.SaveReply(e.ctx, e.agent, canned.Reply{Name: "THANKS", Body: "x"})
			return err
		}(), fault.CodeValidation},
		{"a personal reply moved to a group", func() error {
			_, err := e.s.SaveReply(e.ctx, e.manager, canned.Reply{ID: team.ID, Scope: canned.Scope{OwnerID: e.manager.ID}, Name: "x", Body: "x"})
			return err
		}(), fault.CodeValidation},
		{"a group reply for an unknown group", func() error {
			_, err := e.s.SaveReply(e.ctx, e.manager, canned.Reply{Scope: canned.Scope{GroupID: "nope"}, Name: "x", Body: "x"})
			return err
		}(), fault.CodeValidation},
	}
	for _, r := range refused {
		t.Run(r.name, func(t *testing.T) { wantCode(t, r.err, r.code) })
	}
	if c, a := e.counts(); c != c0 || a != a0 {
		t.Errorf("refused writes logged %d changes and %d audit entries", c-c0, a-a0)
	}

	edited := e.reply(e.agent, canned.Reply{ID: mine.ID, Scope: mine.Scope, Name: "Thank you", Body: "Thank you, {{requester.name}}."})
	if edited.Name != "Thank you" || !strings.HasPrefix(edited.Body, "Thank you,") {
		t.Errorf("edited: got %+v", edited)
	}
	if c, a := e.counts(); c != c0+2 || a != a0+2 {
		t.Errorf("an edit of two fields logged %d changes and %d audit entries, want 2 and 2", c-c0, a-a0)
	}
	if err := e.s.DeleteReply(e.ctx, e.manager, team.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, e.s.DeleteReply(e.ctx, e.manager, team.ID), fault.CodeNotFound)
	if got := list(e.agent, false); got != "Thank you" {
		t.Errorf("after the delete the agent sees %q", got)
	}
}

// TestExpandReply: the desk expands a reply with the ticket, its requester and group, and
// the person inserting it; a variable with no value on this ticket is an error.
func TestExpandReply(t *testing.T) {
	e := newEnv(t)
	sd := e.groups["Service Desk"]
	tk, err := e.d.Tickets.Create(e.ctx, e.agent, ticket.Draft{Type: ticket.Incident, Title: "Printer jams", RequesterID: e.req.ID,
		Category: "Hardware", Impact: 3, Urgency: 3, GroupID: sd, Source: "phone"})
	if err != nil {
		t.Fatal(err)
	}
	bare, err := e.d.Tickets.Create(e.ctx, e.agent, ticket.Draft{Type: ticket.Request, Title: "A chair", RequesterID: e.req.ID,
		Impact: 3, Urgency: 3, Source: "phone"})
	if err != nil {
		t.Fatal(err)
	}
	r := e.reply(e.agent, canned.Reply{Name: "Ack", Body: "Hi {{requester.name}}, {{ticket.number}} ({{ticket.title}}) is with {{group.name}}. — {{agent.name}}"})
	got, err := e.s.ExpandReply(e.ctx, e.agent, r.ID, tk.ID)
	want := "Hi Rita Requester, " + tk.Number + " (Printer jams) is with Service Desk. — Abe Agent"
	if err != nil || got != want {
		t.Fatalf("got %q, %v; want %q", got, err, want)
	}
	_, err = e.s.ExpandReply(e.ctx, e.agent, r.ID, bare.ID)
	wantCode(t, err, fault.CodeValidation)
	if !strings.Contains(fault.Fields(err)["body"], "{{group.name}}") {
		t.Errorf("got %v, want the missing group named", err)
	}
	_, err = e.s.ExpandReply(e.ctx, e.network, r.ID, tk.ID)
	wantCode(t, err, fault.CodeNotFound) // another's personal reply
}

// TestTicketTemplates: a ticket template keeps the form's fields; its assignment group must
// take tickets; only its scope's writer changes it.
func TestTicketTemplates(t *testing.T) {
	e := newEnv(t)
	sd, nw := e.groups["Service Desk"], e.groups["Network"]
	tt, err := e.s.SaveTicketTemplate(e.ctx, e.manager, canned.Ticket{Scope: canned.Scope{GroupID: sd}, Name: "VPN down",
		Type: ticket.Incident, Title: "VPN is down", Description: "Since:", Category: "Network", Service: "VPN",
		Impact: 2, Urgency: 1, AssignmentGroupID: nw})
	if err != nil {
		t.Fatal(err)
	}
	list, err := e.s.TicketTemplates(e.ctx, e.agent, false)
	if err != nil || len(list) != 1 || list[0].AssignmentGroupID != nw || list[0].Impact != 2 || list[0].Title != "VPN is down" {
		t.Fatalf("the agent's templates: %+v, %v", list, err)
	}
	_, err = e.s.SaveTicketTemplate(e.ctx, e.agent, canned.Ticket{ID: tt.ID, Scope: tt.Scope, Name: "Mine", Type: ticket.Incident, Impact: 3, Urgency: 3})
	wantCode(t, err, fault.CodeForbidden)
	_, err = e.s.SaveTicketTemplate(e.ctx, e.agent, canned.Ticket{Name: "Chair", Type: ticket.Request, Impact: 3, Urgency: 3, AssignmentGroupID: "nope"})
	wantCode(t, err, fault.CodeValidation)
	edited := *tt
	edited.Urgency, edited.AssignmentGroupID = 3, ""
	got, err := e.s.SaveTicketTemplate(e.ctx, e.admin, edited)
	if err != nil || got.Urgency != 3 || got.AssignmentGroupID != "" {
		t.Fatalf("edited: %+v, %v", got, err)
	}
	if err := e.s.DeleteTicketTemplate(e.ctx, e.admin, tt.ID); err != nil {
		t.Fatal(err)
	}
	if list, _ := e.s.TicketTemplates(e.ctx, e.agent, false); len(list) != 0 {
		t.Errorf("a deleted template is still listed: %+v", list)
	}
}
