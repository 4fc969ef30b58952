package ticket_test

import (
	"testing"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

func TestRequesterCreate(t *testing.T) {
	e := newEnv(t)
	tk, err := e.svc.Create(e.ctx, e.req, ticket.Draft{Type: ticket.Request, Title: "New mouse", Impact: 1, Urgency: 1,
		RequesterID: e.other.ID, GroupID: e.groups["Service Desk"], AssigneeID: e.agent.ID, Priority: 1, PriorityReason: "me first"})
	wantCode(t, err, "")
	if tk.RequesterID != e.req.ID || tk.CreatedBy != e.req.ID {
		t.Errorf("got requester %s created by %s, want the requester themself", tk.RequesterID, tk.CreatedBy)
	}
	if tk.GroupID != nil || tk.AssigneeID != nil {
		t.Errorf("a requester routed the ticket: group %v assignee %v", tk.GroupID, tk.AssigneeID)
	}
	if tk.PriorityOverrideReason != "" || tk.Priority != ticket.DefaultMatrix.Priority(1, 1) {
		t.Errorf("a requester overrode the priority: P%d %q", tk.Priority, tk.PriorityOverrideReason)
	}
}

// TestRoles runs each guarded action as every role, on a ticket the requester owns and one
// owned by somebody else.
func TestRoles(t *testing.T) {
	e := newEnv(t)
	type action struct {
		name string
		// setup returns a ticket the action applies to (owned by e.req unless noted).
		setup func() *ticket.Ticket
		do    func(a people.Actor, tk *ticket.Ticket) error
	}
	own := func(s ticket.State) func() *ticket.Ticket { return func() *ticket.Ticket { return e.inState(s) } }
	others := func(s ticket.State) func() *ticket.Ticket {
		return func() *ticket.Ticket {
			return e.inState(s, func(d *ticket.Draft) { d.RequesterID = e.other.ID })
		}
	}
	move := func(m ticket.Move) func(people.Actor, *ticket.Ticket) error {
		return func(a people.Actor, tk *ticket.Ticket) error {
			_, err := e.svc.Transition(e.ctx, a, tk.ID, m)
			return err
		}
	}
	comment := func(kind string, mins int) func(people.Actor, *ticket.Ticket) error {
		return func(a people.Actor, tk *ticket.Ticket) error {
			_, err := e.svc.AddComment(e.ctx, a, tk.ID, kind, "text", mins)
			return err
		}
	}
	sd := e.groups["Service Desk"]
	actions := []struct {
		action
		requester string // the code a requester gets; staff always succeed
	}{
		{action{"view own", own(ticket.New), func(a people.Actor, tk *ticket.Ticket) error { _, err := e.svc.Get(e.ctx, a, tk.ID); return err }}, ""},
		{action{"view other's", others(ticket.New), func(a people.Actor, tk *ticket.Ticket) error { _, err := e.svc.Get(e.ctx, a, tk.ID); return err }}, fault.CodeNotFound},
		{action{"timeline of other's", others(ticket.New), func(a people.Actor, tk *ticket.Ticket) error {
			_, err := e.svc.Timeline(e.ctx, a, tk.ID)
			return err
		}}, fault.CodeNotFound},
		{action{"reply on own", own(ticket.InProgress), comment(ticket.KindReply, 0)}, ""},
		{action{"reply on other's", others(ticket.InProgress), comment(ticket.KindReply, 0)}, fault.CodeNotFound},
		{action{"note on own", own(ticket.InProgress), comment(ticket.KindNote, 0)}, fault.CodeForbidden},
		{action{"worklog on own", own(ticket.InProgress), comment(ticket.KindWorklog, 30)}, fault.CodeForbidden},
		{action{"edit title of own new", own(ticket.New), func(a people.Actor, tk *ticket.Ticket) error {
			s := "Better title"
			_, err := e.svc.Update(e.ctx, a, tk.ID, ticket.Patch{Title: &s})
			return err
		}}, ""},
		{action{"edit title of own in progress", own(ticket.InProgress), func(a people.Actor, tk *ticket.Ticket) error {
			s := "Better title"
			_, err := e.svc.Update(e.ctx, a, tk.ID, ticket.Patch{Title: &s})
			return err
		}}, fault.CodeForbidden},
		{action{"reassign own", own(ticket.New), func(a people.Actor, tk *ticket.Ticket) error {
			_, err := e.svc.Update(e.ctx, a, tk.ID, ticket.Patch{GroupID: &sd, AssigneeID: &e.agent.ID})
			return err
		}}, fault.CodeForbidden},
		{action{"raise impact of own", own(ticket.New), func(a people.Actor, tk *ticket.Ticket) error {
			one := 1
			_, err := e.svc.Update(e.ctx, a, tk.ID, ticket.Patch{Impact: &one})
			return err
		}}, fault.CodeForbidden},
		{action{"start work on own", own(ticket.New), move(validMove(ticket.InProgress))}, fault.CodeForbidden},
		{action{"hold own", own(ticket.InProgress), move(validMove(ticket.OnHold))}, fault.CodeForbidden},
		{action{"resolve own", own(ticket.InProgress), move(validMove(ticket.Resolved))}, fault.CodeForbidden},
		{action{"confirm own resolution", own(ticket.Resolved), move(validMove(ticket.Closed))}, ""},
		{action{"confirm other's resolution", others(ticket.Resolved), move(validMove(ticket.Closed))}, fault.CodeNotFound},
		{action{"reopen own", own(ticket.Resolved), move(validMove(ticket.InProgress))}, ""},
		{action{"reopen other's", others(ticket.Resolved), move(validMove(ticket.InProgress))}, fault.CodeNotFound},
		{action{"cancel own new", own(ticket.New), move(validMove(ticket.Canceled))}, ""},
		{action{"cancel own in progress", own(ticket.InProgress), move(validMove(ticket.Canceled))}, fault.CodeForbidden},
		{action{"cancel other's new", others(ticket.New), move(validMove(ticket.Canceled))}, fault.CodeNotFound},
		{action{"declare major", own(ticket.InProgress), func(a people.Actor, tk *ticket.Ticket) error {
			_, err := e.svc.SetMajor(e.ctx, a, tk.ID, true, "site down")
			return err
		}}, fault.CodeForbidden},
		{action{"relate", own(ticket.New), func(a people.Actor, tk *ticket.Ticket) error {
			return e.svc.Relate(e.ctx, a, tk.ID, e.create("another").ID)
		}}, fault.CodeForbidden},
		{action{"merge duplicate", own(ticket.New), func(a people.Actor, tk *ticket.Ticket) error {
			_, err := e.svc.MarkDuplicate(e.ctx, a, tk.ID, e.create("original").ID)
			return err
		}}, fault.CodeForbidden},
		{action{"attach to own", own(ticket.New), func(a people.Actor, tk *ticket.Ticket) error {
			_, err := e.svc.Attach(e.ctx, a, tk.ID, "photo.txt", []byte("my screen"))
			return err
		}}, ""},
		{action{"attach to other's", others(ticket.New), func(a people.Actor, tk *ticket.Ticket) error {
			_, err := e.svc.Attach(e.ctx, a, tk.ID, "photo.txt", []byte("my screen"))
			return err
		}}, fault.CodeNotFound},
	}
	actors := []struct {
		name  string
		actor people.Actor
	}{{"requester", e.req}, {"agent", e.agent}, {"manager", e.manager}, {"admin", e.admin}}
	for _, a := range actions {
		for _, who := range actors {
			t.Run(a.name+"/"+who.name, func(t *testing.T) {
				tk := a.setup()
				want := ""
				if who.actor.Role == people.Requester {
					want = a.requester
				}
				wantCode(t, a.do(who.actor, tk), want)
			})
		}
	}
	t.Run("no actor", func(t *testing.T) {
		_, err := e.svc.Create(e.ctx, people.Actor{}, ticket.Draft{Type: ticket.Incident, Title: "x", Impact: 1, Urgency: 1})
		wantCode(t, err, fault.CodeForbidden)
	})
}

func TestRequesterSeesOwnOnly(t *testing.T) {
	e := newEnv(t)
	mine := e.create("Printer smudges pages")
	theirs := e.create("Printer makes noise", func(d *ticket.Draft) { d.RequesterID = e.other.ID })
	rows, err := e.svc.Queue(e.ctx, e.req, ticket.Query{View: "all"})
	wantCode(t, err, "")
	if len(rows) != 1 || rows[0].ID != mine.ID {
		t.Errorf("requester's queue: got %v, want only %s", rows, mine.Number)
	}
	if n, _ := e.svc.Count(e.ctx, e.req, ticket.Query{}); n != 1 {
		t.Errorf("requester's count: got %d, want 1", n)
	}
	hits, err := e.svc.Search(e.ctx, e.req, "printer", 50)
	wantCode(t, err, "")
	if len(hits) != 1 || hits[0].ID != mine.ID {
		t.Errorf("requester's search: got %v, want only %s", hits, mine.Number)
	}
	_, err = e.svc.GetByNumber(e.ctx, e.req, theirs.Number)
	wantCode(t, err, fault.CodeNotFound)
	// Internal notes and field changes stay off the requester's timeline.
	if _, err := e.svc.AddComment(e.ctx, e.agent, mine.ID, ticket.KindNote, "internal: user is difficult", 0); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddComment(e.ctx, e.agent, mine.ID, ticket.KindReply, "We are on it", 0); err != nil {
		t.Fatal(err)
	}
	title := "Printer smudges every page"
	if _, err := e.svc.Update(e.ctx, e.agent, mine.ID, ticket.Patch{Title: &title}); err != nil {
		t.Fatal(err)
	}
	events, err := e.svc.Timeline(e.ctx, e.req, mine.ID)
	wantCode(t, err, "")
	for _, ev := range events {
		if ev.Kind == ticket.KindNote || ev.Kind == ticket.KindWorklog || (ev.Audit != nil && ev.Audit.Field == "title") {
			t.Errorf("requester sees %s %+v", ev.Kind, ev)
		}
	}
	staffEvents, _ := e.svc.Timeline(e.ctx, e.agent, mine.ID)
	if len(staffEvents) <= len(events) {
		t.Errorf("staff timeline has %d events, requester's %d: want staff to see more", len(staffEvents), len(events))
	}
}

func TestInactiveUsers(t *testing.T) {
	e := newEnv(t)
	_, err := e.d.People.ActorFor(e.ctx, e.gone)
	wantCode(t, err, fault.CodeForbidden)
	_, err = e.svc.Create(e.ctx, e.agent, ticket.Draft{Type: ticket.Incident, Title: "x", Impact: 1, Urgency: 1, RequesterID: e.gone})
	wantFields(t, err, "requesterId")
	_, err = e.svc.Create(e.ctx, e.agent, ticket.Draft{Type: ticket.Incident, Title: "x", Impact: 1, Urgency: 1,
		GroupID: e.groups["Service Desk"], AssigneeID: e.gone})
	wantFields(t, err, "assigneeId")
}

func TestAssignee(t *testing.T) {
	e := newEnv(t)
	sd, nw := e.groups["Service Desk"], e.groups["Network"]
	tests := []struct {
		name            string
		group, assignee string
		field           string
	}{
		{"agent in group", sd, e.agent.ID, ""},
		{"manager in group", sd, e.manager.ID, ""},
		{"group only", nw, "", ""},
		{"agent without group", "", e.network.ID, ""},
		{"agent of another group", sd, e.network.ID, "assigneeId"},
		{"requester as assignee", sd, e.req.ID, "assigneeId"},
		{"unknown assignee", sd, "nobody", "assigneeId"},
		{"unknown group", "no-such-group", "", "groupId"},
		{"inactive agent in group", sd, e.gone, "assigneeId"},
	}
	for _, tt := range tests {
		t.Run("create/"+tt.name, func(t *testing.T) {
			tk, err := e.svc.Create(e.ctx, e.agent, ticket.Draft{Type: ticket.Incident, Title: tt.name, Impact: 2, Urgency: 2,
				RequesterID: e.req.ID, GroupID: tt.group, AssigneeID: tt.assignee})
			if tt.field != "" {
				wantFields(t, err, tt.field)
				return
			}
			wantCode(t, err, "")
			if got := deref(tk.AssigneeID); got != tt.assignee {
				t.Errorf("got assignee %q, want %q", got, tt.assignee)
			}
		})
		t.Run("update/"+tt.name, func(t *testing.T) {
			tk := e.create("reassign " + tt.name)
			got, err := e.svc.Update(e.ctx, e.manager, tk.ID, ticket.Patch{GroupID: &tt.group, AssigneeID: &tt.assignee})
			if tt.field != "" {
				wantFields(t, err, tt.field)
				return
			}
			wantCode(t, err, "")
			if deref(got.AssigneeID) != tt.assignee || deref(got.GroupID) != tt.group {
				t.Errorf("got %q/%q, want %q/%q", deref(got.GroupID), deref(got.AssigneeID), tt.group, tt.assignee)
			}
		})
	}
	t.Run("moving group drops an assignee outside it", func(t *testing.T) {
		tk := e.create("moves", draftGroup(sd, e.agent.ID))
		got, err := e.svc.Update(e.ctx, e.agent, tk.ID, ticket.Patch{GroupID: &nw})
		wantCode(t, err, "")
		if got.AssigneeID != nil || deref(got.GroupID) != nw {
			t.Errorf("got group %q assignee %q, want Network and no assignee", deref(got.GroupID), deref(got.AssigneeID))
		}
	})
}

func TestCallerReplyResumes(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name   string
		hold   string
		author func() people.Actor
		kind   string
		want   ticket.State
	}{
		{"caller answers", "awaiting_caller", func() people.Actor { return e.req }, ticket.KindReply, ticket.InProgress},
		{"caller answers a vendor hold", "awaiting_vendor", func() people.Actor { return e.req }, ticket.KindReply, ticket.OnHold},
		{"agent replies", "awaiting_caller", func() people.Actor { return e.agent }, ticket.KindReply, ticket.OnHold},
		{"agent notes", "awaiting_caller", func() people.Actor { return e.agent }, ticket.KindNote, ticket.OnHold},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tk := e.inState(ticket.InProgress)
			if _, err := e.svc.Transition(e.ctx, e.agent, tk.ID, ticket.Move{To: ticket.OnHold, HoldReason: tt.hold}); err != nil {
				t.Fatal(err)
			}
			if _, err := e.svc.AddComment(e.ctx, tt.author(), tk.ID, tt.kind, "Here is the screenshot.", 0); err != nil {
				t.Fatal(err)
			}
			got := e.get(tk.ID)
			if got.State != tt.want {
				t.Fatalf("got %s, want %s", got.State, tt.want)
			}
			if tt.want == ticket.InProgress {
				checkStateFields(t, got)
				n := e.count(`SELECT COUNT(*) FROM audit_entries WHERE ticket_id = ? AND field = 'state' AND old_value = 'on_hold'
					AND new_value = 'in_progress' AND actor_id = ?`, tk.ID, e.req.ID)
				if n != 1 {
					t.Errorf("got %d audit entries for the resume by the caller, want 1", n)
				}
			}
		})
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
