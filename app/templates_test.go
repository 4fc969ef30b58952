package app

import (
	"strings"
	"testing"

	"outpost/domain/canned"
	"outpost/domain/fault"
	"outpost/domain/ticket"
)

// TestTemplatesFacade: a reply saved through the facade is listed and expanded for a ticket;
// an unknown variable comes back as a validation error on the body, with the input's text
// nowhere half-saved.
func TestTemplatesFacade(t *testing.T) {
	a := openApp(t, false)
	tm := NewTemplates(a)
	_, err := tm.SaveReply(canned.Reply{Name: "Bad", Body: "Hi {{requester.nickname}}"})
	if e, ok := FormatError(err).(Error); !ok || e.Code != fault.CodeValidation || !strings.Contains(e.Fields["body"], "{{requester.nickname}}") {
		t.Fatalf("got %+v, want a validation error naming the variable", FormatError(err))
	}
	r, err := tm.SaveReply(canned.Reply{Name: "Ack", Body: "{{ticket.number}} for {{requester.name}}, from {{agent.name}}"})
	if err != nil {
		t.Fatal(err)
	}
	list, err := tm.Replies(false)
	if err != nil || len(list) != 1 || list[0].ID != r.ID {
		t.Fatalf("Replies = %+v, %v", list, err)
	}
	tk, err := NewTickets(a).Create(ticket.Draft{Type: ticket.Incident, Title: "Printer jams", Impact: 3, Urgency: 3})
	if err != nil {
		t.Fatal(err)
	}
	got, err := tm.ExpandReply(r.ID, tk.ID)
	me, _ := NewSession(a).Me()
	if want := tk.Number + " for " + me.User.Name + ", from " + me.User.Name; err != nil || got != want {
		t.Fatalf("ExpandReply = %q, %v; want %q", got, err, want)
	}
	if len(tm.Variables()) != len(canned.Known) {
		t.Errorf("Variables lists %d, want %d", len(tm.Variables()), len(canned.Known))
	}
}
