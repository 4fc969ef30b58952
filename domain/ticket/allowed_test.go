package ticket_test

import (
	"slices"
	"testing"

	"outpost/domain/people"
	"outpost/domain/ticket"
)

// TestAllowedFor: what the screen offers is what the rules accept.
func TestAllowedFor(t *testing.T) {
	rita := people.Actor{ID: "rita", Role: people.Requester}
	ann := people.Actor{ID: "ann", Role: people.Agent}
	mine := &ticket.Ticket{ID: "t1", Number: "INC1", Type: ticket.Incident, State: ticket.New, RequesterID: "rita", CreatedBy: "rita"}
	req := ticket.AllowedFor(rita, mine)
	if !slices.Equal(req.Next, []ticket.State{ticket.Canceled}) {
		t.Errorf("requester's moves on their new ticket: got %v, want only canceled", req.Next)
	}
	if req.Major || req.Link || req.Internal || !req.Comment {
		t.Errorf("requester: got %+v, want replies only", req)
	}
	if !slices.Equal(req.Edit, []string{"title", "description"}) {
		t.Errorf("requester edits: got %v, want title and description", req.Edit)
	}
	if slices.Contains(req.Edit, "priority") {
		t.Errorf("requester may override the priority")
	}
	staff := ticket.AllowedFor(ann, mine)
	if !slices.Equal(staff.Next, ticket.Next(ticket.New)) || !staff.Major || !staff.Link || !staff.Internal || !slices.Contains(staff.Edit, "priority") {
		t.Errorf("agent: got %+v, want everything", staff)
	}
	resolved := *mine
	resolved.State = ticket.Resolved
	if got := ticket.AllowedFor(rita, &resolved).Next; !slices.Equal(got, []ticket.State{ticket.InProgress, ticket.Closed}) {
		t.Errorf("requester on their resolved ticket: got %v, want reopen or confirm", got)
	}
	other := *mine
	other.RequesterID, other.CreatedBy = "someone", "someone"
	// (A requester never reads another's ticket: Get refuses it. No move is offered anyway.)
	if got := ticket.AllowedFor(rita, &other); len(got.Next) != 0 {
		t.Errorf("requester's moves on another's ticket: got %v, want none", got.Next)
	}
	closed := *mine
	closed.State = ticket.Closed
	if got := ticket.AllowedFor(ann, &closed); len(got.Next) != 0 || len(got.Edit) != 0 || got.Comment || got.Major {
		t.Errorf("agent on a closed ticket: got %+v, want nothing", got)
	}
}
