package server_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/google/uuid"

	"outpost/domain/fault"
	"outpost/domain/ticket"
	"outpost/sync/protocol"
	"outpost/sync/server/store/pgtest"
	"outpost/sync/synctest"
)

// The agreement tests: one table per record kind of (actor role × change × expected code),
// run through the desk's service and through a push to a real server, which must agree.
// A change the desk accepts is synced, and the server must accept the desk's own ops; a
// change the desk refuses is pushed by hand as the op the desk would have written, and the
// server must refuse it with the desk's code and leave its records as they were.

// change is what a row's steps work on.
type change struct {
	t   *testing.T
	ctx context.Context
	a   *agreement
	r   *synctest.Replica // the acting role's desk (the agent's in setup)
	tk  *ticket.Ticket    // the row's fresh ticket
	// other is a second ticket, when a setup step made one.
	other *ticket.Ticket
	// ref is the record (a CI, a service) a setup step made for the row to refer to.
	ref string
}

// agreeRow is one change by one role.
type agreeRow struct {
	name  string
	role  string        // agent (Ann, the assignee), requester (Rita, the ticket's requester)
	setup func(*change) // prepares the fresh ticket, on the agent's desk
	desk  func(*change) error
	// op is the same change pushed by hand, for a change the desk refuses (nil: the desk
	// refuses what no op could carry, so only its code is compared).
	op   func(d *device, c *change) protocol.Op
	want string // the code both give; "" accepted
}

// agreement is a server with a desk and a hand-pushing device per role.
type agreement struct {
	s     *synctest.Server
	desks map[string]*synctest.Replica
	devs  map[string]*device
	ids   map[string]string // user id by role, and "bob": an agent in another group
}

var roles = map[string]string{"agent": "ann@x.test", "requester": "rita@x.test"}

func newAgreement(t *testing.T, dsn string) *agreement {
	s := synctest.StartServer(t, dsn, synctest.NewClock().Now)
	ann := s.AddUser(t, "Ann", "ann@x.test", "agent")
	bob := s.AddUser(t, "Bob", "bob@x.test", "agent")
	rita := s.AddUser(t, "Rita", "rita@x.test", "requester")
	s.AddUser(t, "Mia", "mia@x.test", "manager") // curates the services rows refer to
	s.AddGroup(t, "g-ann", "Ann's", ann.ID)
	s.AddGroup(t, "g-bob", "Bob's", bob.ID)
	a := &agreement{s: s, desks: map[string]*synctest.Replica{}, devs: map[string]*device{},
		ids: map[string]string{"agent": ann.ID, "bob": bob.ID, "requester": rita.ID}}
	for role, email := range roles {
		a.desks[role] = synctest.NewReplica(t, s, email, nil)
		a.devs[role] = newDevice(t, s, email)
	}
	return a
}

// prepare makes the row's fresh ticket (an incident of Rita's, routed to Ann) on Ann's desk,
// runs the setup there, and syncs every desk.
func (a *agreement) prepare(t *testing.T, setup func(*change)) *change {
	t.Helper()
	c := &change{t: t, ctx: context.Background(), a: a, r: a.desks["agent"]}
	tk, err := c.r.Desk.Tickets.Create(c.ctx, c.r.Actor, ticket.Draft{Type: ticket.Incident, Title: "printer", RequesterID: a.ids["requester"],
		Impact: 2, Urgency: 2, GroupID: "g-ann", AssigneeID: a.ids["agent"], Source: "phone"})
	if err != nil {
		t.Fatal(err)
	}
	c.tk = tk
	if setup != nil {
		setup(c)
	}
	for _, role := range []string{"agent", "requester"} {
		a.desks[role].Sync(t)
	}
	if c.tk, err = c.r.Desk.Tickets.Get(c.ctx, c.r.Actor, tk.ID); err != nil {
		t.Fatal(err)
	}
	return c
}

// runAgreement runs a kind's table on SQLite and, where it is installed, PostgreSQL.
func runAgreement(t *testing.T, rows []agreeRow) {
	t.Run("sqlite", func(t *testing.T) { agree(t, newAgreement(t, ""), rows) })
	t.Run("postgres", func(t *testing.T) { agree(t, newAgreement(t, pgtest.DB(t)), rows) })
}

func agree(t *testing.T, a *agreement, rows []agreeRow) {
	for _, row := range rows {
		t.Run(row.role+"/"+row.name, func(t *testing.T) {
			c := a.prepare(t, row.setup)
			c.r = a.desks[row.role]
			err := row.desk(c)
			if got := fault.Code(err); got != row.want {
				t.Fatalf("the desk gives %q (%v), want %q", got, err, row.want)
			}
			if err == nil {
				if rep := c.r.Sync(t); rep.Rejected != 0 || rep.Accepted == 0 {
					t.Fatalf("the server did not accept what the desk accepted: %+v", rep)
				}
				return
			}
			if row.op == nil {
				return
			}
			before := a.s.Dump(t)
			d := a.devs[row.role]
			res := d.pushOne(row.op(d, c))
			if res.Status != protocol.Rejected || res.Code != row.want {
				t.Errorf("the server gives %s %q (%s), the desk %q", res.Status, res.Code, res.Reason, row.want)
			}
			if after := a.s.Dump(t); !reflect.DeepEqual(after, before) {
				t.Errorf("the refused op changed the server's records")
			}
		})
	}
}

// Setup steps, made by the agent.

func moved(m ticket.Move) func(*change) {
	return func(c *change) {
		c.t.Helper()
		if _, err := c.r.Desk.Tickets.Transition(c.ctx, c.r.Actor, c.tk.ID, m); err != nil {
			c.t.Fatal(err)
		}
	}
}

func steps(fs ...func(*change)) func(*change) {
	return func(c *change) {
		for _, f := range fs {
			f(c)
		}
	}
}

// another logs a second incident (not a major one).
func another(c *change) {
	c.t.Helper()
	o, err := c.r.Desk.Tickets.Create(c.ctx, c.r.Actor, ticket.Draft{Type: ticket.Incident, Title: "other",
		RequesterID: c.a.ids["requester"], Impact: 3, Urgency: 3, Source: "phone"})
	if err != nil {
		c.t.Fatal(err)
	}
	c.other = o
}

var (
	started         = moved(ticket.Move{To: ticket.InProgress})
	onHoldForCaller = moved(ticket.Move{To: ticket.OnHold, HoldReason: "awaiting_caller"})
	resolved        = moved(ticket.Move{To: ticket.Resolved, ResolutionCode: "solved_remotely", ResolutionNotes: "done"})
	closed          = steps(resolved, moved(ticket.Move{To: ticket.Closed}))
)

// Changes through the desk's service.

func update(p ticket.Patch) func(*change) error {
	return func(c *change) error {
		_, err := c.r.Desk.Tickets.Update(c.ctx, c.r.Actor, c.tk.ID, p)
		return err
	}
}

func transition(m ticket.Move) func(*change) error {
	return func(c *change) error {
		_, err := c.r.Desk.Tickets.Transition(c.ctx, c.r.Actor, c.tk.ID, m)
		return err
	}
}

func create(mod func(c *change, d *ticket.Draft)) func(*change) error {
	return func(c *change) error {
		d := ticket.Draft{Type: ticket.Incident, Title: "scanner", RequesterID: c.r.Actor.ID, Impact: 2, Urgency: 2, Source: "phone"}
		if mod != nil {
			mod(c, &d)
		}
		_, err := c.r.Desk.Tickets.Create(c.ctx, c.r.Actor, d)
		return err
	}
}

// The same changes as hand-made ops.

func set(field string, value func(c *change) any) func(d *device, c *change) protocol.Op {
	return func(d *device, c *change) protocol.Op {
		return d.op(ticket.EntityTicket, c.tk.ID, protocol.OpSet, field, value(c))
	}
}

func is(v any) func(*change) any { return func(*change) any { return v } }

func moveOp(from, to ticket.State, extra map[string]string) func(d *device, c *change) protocol.Op {
	return func(d *device, c *change) protocol.Op {
		v := map[string]string{"from": string(from), "to": string(to)}
		for k, x := range extra {
			v[k] = x
		}
		return d.op(ticket.EntityTicket, c.tk.ID, protocol.OpTransition, "state", v)
	}
}

// createOp is the create op a desk writes for a new ticket, changed by mod.
func createOp(mod func(c *change, t *ticket.Ticket)) func(d *device, c *change) protocol.Op {
	return func(d *device, c *change) protocol.Op {
		id := uuid.Must(uuid.NewV7()).String()
		t := ticket.Ticket{ID: id, Number: "INC-" + d.id[:8] + "-1", Type: ticket.Incident, Title: "scanner", RequesterID: d.user,
			Impact: 2, Urgency: 2, Priority: 3, State: ticket.New, Source: "phone", CreatedBy: d.user, CreatedAt: 1}
		mod(c, &t)
		return d.op(ticket.EntityTicket, id, protocol.OpCreate, "", t)
	}
}

func ptr[T any](v T) *T { return &v }

// TestAgreeTicket: who may log a ticket, set which field, make which move.
func TestAgreeTicket(t *testing.T) {
	runAgreement(t, []agreeRow{
		{name: "log a ticket", role: "agent", desk: create(nil)},
		{name: "log their own ticket", role: "requester", desk: create(nil)},
		{name: "log a ticket without a title", role: "agent",
			desk: create(func(_ *change, d *ticket.Draft) { d.Title = " " }),
			op:   createOp(func(_ *change, t *ticket.Ticket) { t.Title = " " }), want: fault.CodeValidation},
		{name: "log a ticket from an unknown source", role: "agent",
			desk: create(func(_ *change, d *ticket.Draft) { d.Source = "fax" }),
			op:   createOp(func(_ *change, t *ticket.Ticket) { t.Source = "fax" }), want: fault.CodeValidation},
		{name: "log a ticket with an unexplained priority", role: "agent",
			desk: create(func(_ *change, d *ticket.Draft) { d.Priority = 1 }),
			op:   createOp(func(_ *change, t *ticket.Ticket) { t.Priority = 1 }), want: fault.CodeValidation},
		{name: "log a ticket for an assignee outside its group", role: "agent",
			desk: create(func(c *change, d *ticket.Draft) { d.GroupID, d.AssigneeID = "g-bob", c.a.ids["agent"] }),
			op: createOp(func(c *change, t *ticket.Ticket) {
				t.GroupID, t.AssigneeID = ptr("g-bob"), ptr(c.a.ids["agent"])
			}), want: fault.CodeValidation},
		{name: "retitle", role: "agent", desk: update(ticket.Patch{Title: ptr("printer on fire")})},
		{name: "retitle their new ticket", role: "requester", desk: update(ticket.Patch{Title: ptr("printer on fire")})},
		{name: "retitle their ticket in progress", role: "requester", setup: started,
			desk: update(ticket.Patch{Title: ptr("printer on fire")}), op: set("title", is("printer on fire")), want: fault.CodeForbidden},
		{name: "give a reason for a priority", role: "requester", desk: update(ticket.Patch{Priority: ptr(1), PriorityReason: ptr("urgent")}),
			op: set("priorityOverrideReason", is("urgent")), want: fault.CodeForbidden},
		{name: "override the priority without a reason", role: "agent", desk: update(ticket.Patch{Priority: ptr(1)}),
			op: set("priority", is(1)), want: fault.CodeValidation},
		{name: "override the priority with a reason", role: "agent", desk: update(ticket.Patch{Priority: ptr(1), PriorityReason: ptr("the CEO's")})},
		{name: "set an unknown source", role: "agent", desk: update(ticket.Patch{Source: ptr("fax")}),
			op: set("source", is("fax")), want: fault.CodeValidation},
		{name: "empty the title", role: "agent", desk: update(ticket.Patch{Title: ptr("  ")}),
			op: set("title", is("  ")), want: fault.CodeValidation},
		{name: "route to a group the assignee is not in", role: "agent",
			desk: func(c *change) error {
				return update(ticket.Patch{GroupID: ptr("g-bob"), AssigneeID: ptr(c.a.ids["agent"])})(c)
			},
			op: set("groupId", is("g-bob")), want: fault.CodeValidation},
		{name: "assign someone outside the group", role: "agent",
			desk: func(c *change) error { return update(ticket.Patch{AssigneeID: ptr(c.a.ids["bob"])})(c) },
			op:   set("assigneeId", func(c *change) any { return c.a.ids["bob"] }), want: fault.CodeValidation},
		{name: "reroute with its assignee", role: "agent", desk: update(ticket.Patch{GroupID: ptr("g-bob")})},
		{name: "edit a closed ticket", role: "agent", setup: closed, desk: update(ticket.Patch{Title: ptr("again")}),
			op: set("title", is("again")), want: fault.CodeInvalidTransition},
		{name: "declare a major incident", role: "agent", desk: func(c *change) error {
			_, err := c.r.Desk.Tickets.SetMajor(c.ctx, c.r.Actor, c.tk.ID, true, "half the floor")
			return err
		}},
		{name: "declare a resolved incident major", role: "agent", setup: resolved, desk: func(c *change) error {
			_, err := c.r.Desk.Tickets.SetMajor(c.ctx, c.r.Actor, c.tk.ID, true, "half the floor")
			return err
		}, op: set("major", is(true)), want: fault.CodeInvalidTransition},
		{name: "make a ticket its own parent", role: "agent", desk: func(c *change) error {
			_, err := c.r.Desk.Tickets.SetParent(c.ctx, c.r.Actor, c.tk.ID, c.tk.ID)
			return err
		}, op: set("parentId", func(c *change) any { return c.tk.ID }), want: fault.CodeValidation},
		{name: "put a ticket under one that is not major", role: "agent", setup: another, desk: func(c *change) error {
			_, err := c.r.Desk.Tickets.SetParent(c.ctx, c.r.Actor, c.tk.ID, c.other.ID)
			return err
		}, op: set("parentId", func(c *change) any { return c.other.ID }), want: fault.CodeValidation},
		{name: "mark a ticket a duplicate of itself", role: "agent", desk: func(c *change) error {
			_, err := c.r.Desk.Tickets.MarkDuplicate(c.ctx, c.r.Actor, c.tk.ID, c.tk.ID)
			return err
		}, op: set("duplicateOf", func(c *change) any { return c.tk.ID }), want: fault.CodeValidation},
		{name: "mark a duplicate", role: "agent", setup: another, desk: func(c *change) error {
			_, err := c.r.Desk.Tickets.MarkDuplicate(c.ctx, c.r.Actor, c.tk.ID, c.other.ID)
			return err
		}},
		{name: "start work", role: "agent", desk: transition(ticket.Move{To: ticket.InProgress})},
		{name: "start work", role: "requester", desk: transition(ticket.Move{To: ticket.InProgress}),
			op: moveOp(ticket.New, ticket.InProgress, nil), want: fault.CodeForbidden},
		{name: "cancel their new ticket", role: "requester", desk: transition(ticket.Move{To: ticket.Canceled, Reason: "fixed itself"})},
		{name: "cancel without a reason", role: "agent", desk: transition(ticket.Move{To: ticket.Canceled}),
			op: moveOp(ticket.New, ticket.Canceled, nil), want: fault.CodeValidation},
		{name: "resolve without notes", role: "agent", desk: transition(ticket.Move{To: ticket.Resolved, ResolutionCode: "solved_remotely"}),
			op: moveOp(ticket.New, ticket.Resolved, map[string]string{"resolutionCode": "solved_remotely"}), want: fault.CodeValidation},
		{name: "put on hold for no reason", role: "agent", desk: transition(ticket.Move{To: ticket.OnHold}),
			op: moveOp(ticket.New, ticket.OnHold, nil), want: fault.CodeValidation},
		{name: "reopen without a reason", role: "requester", setup: resolved, desk: transition(ticket.Move{To: ticket.InProgress}),
			op: moveOp(ticket.Resolved, ticket.InProgress, nil), want: fault.CodeValidation},
		{name: "reopen their resolved ticket", role: "requester", setup: resolved, desk: transition(ticket.Move{To: ticket.InProgress, Reason: "still broken"})},
		{name: "confirm the resolution of their ticket", role: "requester", setup: resolved, desk: transition(ticket.Move{To: ticket.Closed})},
		{name: "close their ticket in progress", role: "requester", setup: started, desk: transition(ticket.Move{To: ticket.Closed}),
			op: moveOp(ticket.InProgress, ticket.Closed, nil), want: fault.CodeInvalidTransition},
		{name: "resume their ticket on hold by a move", role: "requester", setup: onHoldForCaller, desk: transition(ticket.Move{To: ticket.InProgress}),
			op: moveOp(ticket.OnHold, ticket.InProgress, nil), want: fault.CodeForbidden},
		{name: "close a new ticket", role: "agent", desk: transition(ticket.Move{To: ticket.Closed}),
			op: moveOp(ticket.New, ticket.Closed, nil), want: fault.CodeInvalidTransition},
	})
}

func addComment(kind, body string, minutes int) func(*change) error {
	return func(c *change) error {
		_, err := c.r.Desk.Tickets.AddComment(c.ctx, c.r.Actor, c.tk.ID, kind, body, minutes)
		return err
	}
}

func commentOp(kind, body string, minutes int) func(d *device, c *change) protocol.Op {
	return func(d *device, c *change) protocol.Op {
		id := uuid.Must(uuid.NewV7()).String()
		return d.op(ticket.EntityComment, id, protocol.OpAppend, "", ticket.Comment{ID: id, TicketID: c.tk.ID, AuthorID: d.user,
			Kind: kind, Body: body, Minutes: minutes, CreatedAt: 1})
	}
}

// TestAgreeComment: who may add which comment, to which ticket.
func TestAgreeComment(t *testing.T) {
	runAgreement(t, []agreeRow{
		{name: "reply", role: "agent", desk: addComment(ticket.KindReply, "on my way", 0)},
		{name: "work note", role: "agent", desk: addComment(ticket.KindNote, "toner low", 0)},
		{name: "log work", role: "agent", desk: addComment(ticket.KindWorklog, "", 30)},
		{name: "log no time", role: "agent", desk: addComment(ticket.KindWorklog, "", 0),
			op: commentOp(ticket.KindWorklog, "", 0), want: fault.CodeValidation},
		{name: "log a day and more", role: "agent", desk: addComment(ticket.KindWorklog, "", 24*60+1),
			op: commentOp(ticket.KindWorklog, "", 24*60+1), want: fault.CodeValidation},
		{name: "reply that says nothing", role: "agent", desk: addComment(ticket.KindReply, "  ", 0),
			op: commentOp(ticket.KindReply, " ", 0), want: fault.CodeValidation},
		{name: "comment of no known kind", role: "agent", desk: addComment("memo", "hello", 0),
			op: commentOp("memo", "hello", 0), want: fault.CodeValidation},
		{name: "reply on a closed ticket", role: "agent", setup: closed, desk: addComment(ticket.KindReply, "still there?", 0),
			op: commentOp(ticket.KindReply, "still there?", 0), want: fault.CodeInvalidTransition},
		{name: "reply on their ticket", role: "requester", desk: addComment(ticket.KindReply, "it is the tray", 0)},
		{name: "work note", role: "requester", desk: addComment(ticket.KindNote, "psst", 0),
			op: commentOp(ticket.KindNote, "psst", 0), want: fault.CodeForbidden},
		// The reply resumes the ticket: the desk writes the reply and the move, and the server
		// takes the move as the reply's step.
		{name: "answer the hold", role: "requester", setup: onHoldForCaller, desk: func(c *change) error {
			if err := addComment(ticket.KindReply, "here is the serial", 0)(c); err != nil {
				return err
			}
			if tk, err := c.r.Desk.Tickets.Get(c.ctx, c.r.Actor, c.tk.ID); err != nil || tk.State != ticket.InProgress {
				c.t.Fatalf("the reply left the ticket %v (%v), want in progress", tk, err)
			}
			return nil
		}},
	})
}

func attachFile(name string, data []byte, internal bool) func(*change) error {
	return func(c *change) error {
		var err error
		if internal {
			_, err = c.r.Desk.Tickets.AttachInternal(c.ctx, c.r.Actor, c.tk.ID, name, data)
		} else {
			_, err = c.r.Desk.Tickets.Attach(c.ctx, c.r.Actor, c.tk.ID, name, data)
		}
		return err
	}
}

func attachOp(name string, size int64, internal bool) func(d *device, c *change) protocol.Op {
	return func(d *device, c *change) protocol.Op {
		id := uuid.Must(uuid.NewV7()).String()
		return d.op(ticket.EntityAttachment, id, protocol.OpAppend, "", ticket.Attachment{ID: id, TicketID: c.tk.ID, AuthorID: d.user,
			SHA256: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08", Name: name, Mime: "text/plain", Size: size,
			Internal: internal, CreatedAt: 1})
	}
}

// TestAgreeAttachment: who may attach which file, to which ticket.
func TestAgreeAttachment(t *testing.T) {
	data := []byte("test")
	runAgreement(t, []agreeRow{
		{name: "attach", role: "agent", desk: attachFile("log.txt", data, false)},
		{name: "attach internally", role: "agent", desk: attachFile("log.txt", data, true)},
		{name: "attach to their ticket", role: "requester", desk: attachFile("photo.txt", data, false)},
		{name: "attach internally", role: "requester", desk: attachFile("photo.txt", data, true),
			op: attachOp("photo.txt", 4, true), want: fault.CodeForbidden},
		{name: "attach to a closed ticket", role: "agent", setup: closed, desk: attachFile("log.txt", data, false),
			op: attachOp("log.txt", 4, false), want: fault.CodeInvalidTransition},
		{name: "attach an empty file", role: "agent", desk: attachFile("empty.txt", nil, false),
			op: attachOp("empty.txt", 0, false), want: fault.CodeValidation},
	})
}

func relate(to func(c *change) string) func(*change) error {
	return func(c *change) error { return c.r.Desk.Tickets.Relate(c.ctx, c.r.Actor, c.tk.ID, to(c)) }
}

func linkOp(to func(c *change) string, kind string) func(d *device, c *change) protocol.Op {
	return func(d *device, c *change) protocol.Op {
		id := uuid.Must(uuid.NewV7()).String()
		return d.op(ticket.EntityLink, id, protocol.OpAppend, "", ticket.Link{ID: id, FromID: c.tk.ID, ToID: to(c), Kind: kind,
			CreatedBy: d.user, CreatedAt: 1})
	}
}

// TestAgreeLink: who may link which tickets. (Relating two tickets again is no change on the
// desk, which writes no op for it; the server refuses such an op as a conflict, see
// TestServerRefusesALinkTwice.)
func TestAgreeLink(t *testing.T) {
	other := func(c *change) string { return c.other.ID }
	self := func(c *change) string { return c.tk.ID }
	runAgreement(t, []agreeRow{
		{name: "relate two tickets", role: "agent", setup: another, desk: relate(other)},
		{name: "relate a ticket to itself", role: "agent", desk: relate(self),
			op: linkOp(self, ticket.LinkRelated), want: fault.CodeValidation},
		{name: "relate two tickets", role: "requester", setup: another, desk: relate(other),
			op: linkOp(other, ticket.LinkRelated), want: fault.CodeForbidden},
	})
}

// TestServerRefusesALinkTwice: links are a union keyed by (from, to, kind); an op making a
// link that is already there, stored or earlier in the same batch, is refused as a conflict.
func TestServerRefusesALinkTwice(t *testing.T) {
	a := newAgreement(t, "")
	c := a.prepare(t, another)
	d := a.devs["agent"]
	other := func(c *change) string { return c.other.ID }
	if r := d.pushOne(linkOp(other, ticket.LinkRelated)(d, c)); r.Status != protocol.Accepted {
		t.Fatalf("first link: %+v", r)
	}
	if r := d.pushOne(linkOp(other, ticket.LinkRelated)(d, c)); r.Status != protocol.Rejected || r.Code != fault.CodeConflict {
		t.Errorf("the same link again: got %s %q, want rejected %q", r.Status, r.Code, fault.CodeConflict)
	}
	st, resp, body := d.push(linkOp(other, ticket.LinkDuplicate)(d, c), linkOp(other, ticket.LinkDuplicate)(d, c))
	if st != 200 || len(resp.Results) != 2 {
		t.Fatalf("push: %d %s", st, body)
	}
	if r := resp.Results[0]; r.Status != protocol.Accepted {
		t.Errorf("a link of another kind: %+v", r)
	}
	if r := resp.Results[1]; r.Status != protocol.Rejected || r.Code != fault.CodeConflict {
		t.Errorf("the same link twice in a batch: got %s %q, want rejected %q", r.Status, r.Code, fault.CodeConflict)
	}
}
