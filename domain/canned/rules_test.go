package canned_test

import (
	"strings"
	"testing"

	"outpost/domain/canned"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

func TestCheckScope(t *testing.T) {
	rita := people.Actor{ID: "rita", Role: people.Requester}
	ann := people.Actor{ID: "ann", Role: people.Agent, Groups: []string{"g1"}}
	mia := people.Actor{ID: "mia", Role: people.Manager}
	ada := people.Actor{ID: "ada", Role: people.Admin}
	tests := []struct {
		name  string
		actor people.Actor
		scope canned.Scope
		want  string
	}{
		{"an agent's own", ann, canned.Scope{OwnerID: "ann"}, ""},
		{"an agent writes another's", ann, canned.Scope{OwnerID: "mia"}, fault.CodeForbidden},
		{"an agent writes their group's", ann, canned.Scope{GroupID: "g1"}, fault.CodeForbidden},
		{"a manager writes a group's", mia, canned.Scope{GroupID: "g1"}, ""},
		{"an admin writes a group's", ada, canned.Scope{GroupID: "g1"}, ""},
		{"an admin writes another's personal one", ada, canned.Scope{OwnerID: "ann"}, fault.CodeForbidden},
		{"a requester's own", rita, canned.Scope{OwnerID: "rita"}, fault.CodeForbidden},
		{"both scopes", mia, canned.Scope{OwnerID: "mia", GroupID: "g1"}, fault.CodeValidation},
		{"no scope", mia, canned.Scope{}, fault.CodeValidation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fault.Code(canned.CheckScope(tt.actor, tt.scope)); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	if !canned.CanSee(ann, canned.Scope{GroupID: "g1"}) || canned.CanSee(ann, canned.Scope{GroupID: "g2"}) ||
		canned.CanSee(ann, canned.Scope{OwnerID: "mia"}) || !canned.CanSee(mia, canned.Scope{GroupID: "g2"}) ||
		canned.CanSee(rita, canned.Scope{OwnerID: "rita"}) {
		t.Error("CanSee: want own and group templates for members, every group's for managers, none for requesters")
	}
}

func TestCheckReplyAndTicket(t *testing.T) {
	reply := func(name, body string) error { return canned.CheckReply(&canned.Reply{Name: name, Body: body}) }
	replies := []struct {
		name, rname, body, field string
	}{
		{"valid", "Thanks", "Hi {{requester.name}}", ""},
		{"no name", " ", "Hi", "name"},
		{"a name over its limit", strings.Repeat("n", canned.MaxName+1), "Hi", "name"},
		{"no text", "Thanks", "  ", "body"},
		{"a text over its limit", "Thanks", strings.Repeat("é", canned.MaxBody+1), "body"},
		{"an unknown variable", "Thanks", "Hi {{requester.first}}", "body"},
	}
	for _, tt := range replies {
		t.Run("reply/"+tt.name, func(t *testing.T) {
			err := reply(tt.rname, tt.body)
			if tt.field == "" && err != nil || tt.field != "" && fault.Fields(err)[tt.field] == "" {
				t.Errorf("got %v, want a problem with %q", err, tt.field)
			}
		})
	}
	ok := canned.Ticket{Name: "Printer jam", Type: ticket.Incident, Title: "Printer jams", Impact: 3, Urgency: 2}
	tickets := []struct {
		name  string
		mod   func(*canned.Ticket)
		field string
	}{
		{"valid", func(*canned.Ticket) {}, ""},
		{"no type", func(x *canned.Ticket) { x.Type = "" }, "type"},
		{"a title over the ticket's limit", func(x *canned.Ticket) { x.Title = strings.Repeat("t", 201) }, "title"},
		{"an impact of 4", func(x *canned.Ticket) { x.Impact = 4 }, "impact"},
		{"an urgency of 0", func(x *canned.Ticket) { x.Urgency = 0 }, "urgency"},
		{"a subcategory without its category", func(x *canned.Ticket) { x.Subcategory = "Toner" }, "subcategory"},
	}
	for _, tt := range tickets {
		t.Run("ticket/"+tt.name, func(t *testing.T) {
			x := ok
			tt.mod(&x)
			err := canned.CheckTicket(&x)
			if tt.field == "" && err != nil || tt.field != "" && fault.Fields(err)[tt.field] == "" {
				t.Errorf("got %v, want a problem with %q", err, tt.field)
			}
		})
	}
}
