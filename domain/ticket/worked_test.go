package ticket_test

import (
	"testing"

	"outpost/domain/people"
	"outpost/domain/ticket"
)

func TestMinutesWorked(t *testing.T) {
	e := newEnv(t)
	tk := e.inState(ticket.InProgress)
	other := e.inState(ticket.InProgress)
	for _, c := range []struct {
		on      *ticket.Ticket
		kind    string
		minutes int
	}{{tk, ticket.KindWorklog, 30}, {tk, ticket.KindWorklog, 45}, {tk, ticket.KindNote, 0}, {other, ticket.KindWorklog, 60}} {
		if _, err := e.svc.AddComment(e.ctx, e.agent, c.on.ID, c.kind, "done", c.minutes); err != nil {
			t.Fatal(err)
		}
	}
	// Worklogs are staff only: the requester's own ticket tells them nothing of them.
	for _, c := range []struct {
		name  string
		actor people.Actor
		want  int
	}{{"agent", e.agent, 75}, {"requester", e.req, 0}} {
		t.Run(c.name, func(t *testing.T) {
			got, err := e.svc.MinutesWorked(e.ctx, c.actor, tk.ID)
			wantCode(t, err, "")
			if got != c.want {
				t.Errorf("got %d minutes, want %d", got, c.want)
			}
		})
	}
}
