package server_test

import (
	"testing"

	"github.com/google/uuid"

	"outpost/domain/fault"
	"outpost/domain/satisfaction"
	"outpost/domain/ticket"
	"outpost/sync/protocol"
)

// The agreement table of satisfaction ratings: only the ticket's requester rates it, once,
// only when it is resolved or closed, from 1 to 5 stars; on the desk and through the server.

func rate(score int, comment string) func(*change) error {
	return func(c *change) error {
		_, err := c.r.Desk.Satisfaction.Rate(c.ctx, c.r.Actor, c.tk.ID, satisfaction.NewRating{Score: score, Comment: comment})
		return err
	}
}

// rateTwice: the second rating of one person is refused (the first is synced before it).
func rateTwice(c *change) error {
	if err := rate(5, "")(c); err != nil {
		c.t.Fatalf("the first rating: %v", err)
	}
	if rep := c.r.Sync(c.t); rep.Rejected != 0 {
		c.t.Fatalf("the first rating was refused: %+v", rep)
	}
	return rate(2, "changed my mind")(c)
}

func rateOp(score int, comment string) func(d *device, c *change) protocol.Op {
	return func(d *device, c *change) protocol.Op {
		id := uuid.Must(uuid.NewV7()).String()
		return d.op(satisfaction.EntityRating, id, protocol.OpAppend, "", map[string]any{"id": id, "ticketId": c.tk.ID,
			"userId": d.user, "score": score, "comment": comment, "createdAt": 2})
	}
}

// bobsResolved: the row's ticket is Bob's (not Rita's), resolved.
func bobsResolved(c *change) {
	c.t.Helper()
	bob := c.a.ids["bob"]
	if _, err := c.r.Desk.Tickets.Update(c.ctx, c.r.Actor, c.tk.ID, ticket.Patch{RequesterID: &bob}); err != nil {
		c.t.Fatal(err)
	}
	resolved(c)
}

func TestAgreeRating(t *testing.T) {
	runAgreement(t, []agreeRow{
		{name: "rate their resolved ticket", role: "requester", setup: resolved, desk: rate(4, "quick, thanks")},
		{name: "rate their closed ticket", role: "requester", setup: closed, desk: rate(1, "")},
		{name: "rate their ticket in progress", role: "requester", setup: started, desk: rate(4, ""),
			op: rateOp(4, ""), want: fault.CodeInvalidTransition},
		{name: "rate their new ticket", role: "requester", desk: rate(4, ""),
			op: rateOp(4, ""), want: fault.CodeInvalidTransition},
		{name: "rate with no star", role: "requester", setup: resolved, desk: rate(0, ""),
			op: rateOp(0, ""), want: fault.CodeValidation},
		{name: "rate with six stars", role: "requester", setup: resolved, desk: rate(6, ""),
			op: rateOp(6, ""), want: fault.CodeValidation},
		{name: "rate with a comment over its limit", role: "requester", setup: resolved, desk: rate(3, long(satisfaction.MaxComment+1)),
			op: rateOp(3, long(satisfaction.MaxComment+1)), want: fault.CodeValidation},
		{name: "rate their ticket twice", role: "requester", setup: resolved, desk: rateTwice,
			op: rateOp(2, ""), want: fault.CodeConflict},
		{name: "rate another's ticket", role: "requester", setup: bobsResolved, desk: rate(4, ""),
			op: rateOp(4, ""), want: fault.CodeNotFound},
		{name: "rate a ticket they resolved", role: "agent", setup: resolved, desk: rate(5, ""),
			op: rateOp(5, ""), want: fault.CodeForbidden},
	})
}
