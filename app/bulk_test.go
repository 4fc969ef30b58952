package app

import (
	"testing"

	"outpost/domain/fault"
	"outpost/domain/ticket"
)

// Bulk on a whole view takes every ticket its filters select, not only a loaded page, less the
// ones unticked; the refused ones come back with their number and code.
func TestBulkWholeView(t *testing.T) {
	a := openApp(t, false)
	tickets := NewTickets(a)
	var made []*ticket.Ticket
	for _, title := range []string{"VPN drops", "Printer jams", "Mail slow", "Disk full"} {
		tk, err := tickets.Create(ticket.Draft{Type: ticket.Incident, Title: title, Impact: 2, Urgency: 2})
		if err != nil {
			t.Fatal(err)
		}
		made = append(made, tk)
	}
	if _, err := tickets.Transition(made[3].ID, ticket.Move{To: ticket.Canceled, Reason: "raised twice"}); err != nil {
		t.Fatal(err)
	}
	res, err := tickets.Bulk(Selection{All: true, Query: ticket.Query{View: "all", Limit: 1}, Except: []string{made[0].ID}},
		ticket.Change{AssignToMe: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Done != 2 || len(res.Refused) != 1 || res.Refused[0].Number != made[3].Number || res.Refused[0].Code != fault.CodeInvalidTransition {
		t.Fatalf("got %+v, want 2 done and %s refused as invalid_transition", res, made[3].Number)
	}
	for i, want := range []bool{false, true, true, false} {
		d, err := tickets.Get(made[i].ID)
		if err != nil {
			t.Fatal(err)
		}
		if got := d.Ticket.AssigneeID != nil && *d.Ticket.AssigneeID == a.actor.ID; got != want {
			t.Errorf("%s assigned to me: got %v, want %v", made[i].Number, got, want)
		}
	}
}

func TestAssignToMeAndTimeWorked(t *testing.T) {
	a := openApp(t, false)
	tickets := NewTickets(a)
	tk, err := tickets.Create(ticket.Draft{Type: ticket.Request, Title: "New laptop", Impact: 3, Urgency: 3})
	if err != nil {
		t.Fatal(err)
	}
	d, err := tickets.AssignToMe(tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if d.Ticket.AssigneeID == nil || *d.Ticket.AssigneeID != a.actor.ID || d.MinutesWorked != 0 {
		t.Fatalf("got assignee %v and %d minutes worked, want me and 0", d.Ticket.AssigneeID, d.MinutesWorked)
	}
	for _, m := range []int{30, 45} {
		if _, err := tickets.Comment(tk.ID, ticket.KindWorklog, "imaging", m); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := tickets.Comment(tk.ID, ticket.KindNote, "ordered", 0); err != nil {
		t.Fatal(err)
	}
	if d, _ = tickets.Get(tk.ID); d.MinutesWorked != 75 {
		t.Errorf("got %d minutes worked, want 75", d.MinutesWorked)
	}
}
