package server_test

import (
	"context"
	"reflect"
	"testing"

	"github.com/google/uuid"

	"outpost/domain/fault"
	"outpost/domain/ticket"
	"outpost/sync/protocol"
	"outpost/sync/synctest"
)

// TestServerRefusesWhatTheDeskRefuses: an op pushed by hand that the desk's service would
// refuse for the same change is refused by the server with the desk's code, and leaves the
// ticket as it was.
func TestServerRefusesWhatTheDeskRefuses(t *testing.T) {
	ctx := context.Background()
	s := synctest.StartServer(t, "", synctest.NewClock().Now)
	ann := s.AddUser(t, "Ann", "ann@x.test", "agent")
	bob := s.AddUser(t, "Bob", "bob@x.test", "agent")
	s.AddGroup(t, "g-ann", "Ann's", ann.ID)
	s.AddGroup(t, "g-bob", "Bob's", bob.ID)
	r := synctest.NewReplica(t, s, "ann@x.test", nil)
	tk, err := r.Desk.Tickets.Create(ctx, r.Actor, ticket.Draft{Type: ticket.Incident, Title: "printer", RequesterID: ann.ID,
		Impact: 2, Urgency: 2, GroupID: "g-ann", AssigneeID: ann.ID})
	if err != nil {
		t.Fatal(err)
	}
	r.Sync(t)
	d := newDevice(t, s, "ann@x.test")
	one, fax, bobs := 1, "fax", "g-bob"
	cases := []struct {
		name string
		desk func() error // the same change through the desk's service (nil: the desk cannot make it)
		op   func() protocol.Op
		want string
	}{
		{"priority override without a reason",
			func() error {
				_, err := r.Desk.Tickets.Update(ctx, r.Actor, tk.ID, ticket.Patch{Priority: &one})
				return err
			},
			func() protocol.Op { return d.op(ticket.EntityTicket, tk.ID, protocol.OpSet, "priority", 1) }, fault.CodeValidation},
		{"source outside the list",
			func() error {
				_, err := r.Desk.Tickets.Update(ctx, r.Actor, tk.ID, ticket.Patch{Source: &fax})
				return err
			},
			func() protocol.Op { return d.op(ticket.EntityTicket, tk.ID, protocol.OpSet, "source", "fax") }, fault.CodeValidation},
		{"group change that leaves the assignee outside it",
			func() error {
				_, err := r.Desk.Tickets.Update(ctx, r.Actor, tk.ID, ticket.Patch{GroupID: &bobs, AssigneeID: &ann.ID})
				return err
			},
			func() protocol.Op { return d.op(ticket.EntityTicket, tk.ID, protocol.OpSet, "groupId", "g-bob") }, fault.CodeValidation},
		{"transition that carries another field", nil,
			func() protocol.Op {
				return d.op(ticket.EntityTicket, tk.ID, protocol.OpTransition, "title", map[string]string{"from": "printer", "to": "in_progress"})
			}, fault.CodeValidation},
		{"transition whose value carries another field", nil,
			func() protocol.Op {
				return d.op(ticket.EntityTicket, tk.ID, protocol.OpTransition, "state", map[string]any{"from": "new", "to": "in_progress", "priority": 1})
			}, fault.CodeValidation},
		{"reply that says nothing",
			func() error {
				_, err := r.Desk.Tickets.AddComment(ctx, r.Actor, tk.ID, ticket.KindReply, "  ", 0)
				return err
			},
			func() protocol.Op { return commentOf(d, tk.ID, ticket.KindReply, " ", 0) }, fault.CodeValidation},
		{"worklog of no time",
			func() error {
				_, err := r.Desk.Tickets.AddComment(ctx, r.Actor, tk.ID, ticket.KindWorklog, "", 0)
				return err
			},
			func() protocol.Op { return commentOf(d, tk.ID, ticket.KindWorklog, "", 0) }, fault.CodeValidation},
	}
	before := s.Dump(t)[ticket.EntityTicket][tk.ID]
	comments := len(s.Dump(t)[ticket.EntityComment])
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.desk != nil {
				if got := fault.Code(tc.desk()); got != tc.want {
					t.Fatalf("the desk gives %q, want %q", got, tc.want)
				}
			}
			res := d.pushOne(tc.op())
			if res.Status != protocol.Rejected || res.Code != tc.want {
				t.Errorf("server: got %s %q (%s), want rejected %q", res.Status, res.Code, res.Reason, tc.want)
			}
			if after := s.Dump(t)[ticket.EntityTicket][tk.ID]; !reflect.DeepEqual(after, before) {
				t.Errorf("the refused op changed the ticket:\n got %v\nwant %v", after, before)
			}
			if n := len(s.Dump(t)[ticket.EntityComment]); n != comments {
				t.Errorf("the refused op added a comment: %d, want %d", n, comments)
			}
		})
	}
}

func commentOf(d *device, ticketID, kind, body string, minutes int) protocol.Op {
	id := uuid.Must(uuid.NewV7()).String()
	return d.op(ticket.EntityComment, id, protocol.OpAppend, "", ticket.Comment{ID: id, TicketID: ticketID, AuthorID: d.user,
		Kind: kind, Body: body, Minutes: minutes, CreatedAt: 1})
}
