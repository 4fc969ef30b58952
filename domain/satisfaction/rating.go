// Package satisfaction is what requesters think of how their tickets were handled: a rating
// of 1 to 5 with an optional comment, given once per ticket by its requester once it is
// resolved or closed, and the report managers read (average, distribution, count, by group
// and by agent, over a period).
//
// A rating is a record kind (an append-only child of the ticket, authored by the requester),
// so it is written offline, syncs, and the server re-checks it with the very rules below.
// It is given once and never changed: an append-only record merges as a union, so a change
// would be a second record and two desks could disagree on which one counts; the first one
// the server accepts is the rating, and a second is refused as a conflict on both sides.
package satisfaction

import (
	"fmt"
	"strings"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

// EntityRating is the kind's entity name in the change log and on the server.
const EntityRating = "rating"

// Score bounds.
const (
	MinScore = 1
	MaxScore = 5
)

// MaxComment is the longest comment, in characters (the declaration's limit is in bytes).
const MaxComment = 2000

// Rating is one requester's rating of one ticket.
type Rating struct {
	ID       string `gorm:"column:id;primaryKey" json:"id"`
	TicketID string `gorm:"column:ticket_id" json:"ticketId"`
	UserID   string `gorm:"column:user_id" json:"userId"`
	Score    int    `gorm:"column:score" json:"score"`
	Comment  string `gorm:"column:comment" json:"comment"`
	// CreatedAt is when it was given, unix ms (the report's period reads it).
	CreatedAt int64 `gorm:"column:created_at" json:"createdAt"`
}

// TableName is the desk's table.
func (Rating) TableName() string { return "ratings" }

// Rateable reports whether a ticket in state s can be rated: its work is done.
func Rateable(s ticket.State) bool { return s == ticket.Resolved || s == ticket.Closed }

// CheckRate refuses a rating r of ticket t by actor, who may see t: only the ticket's
// requester rates it, as themselves, only once it is resolved or closed, only once (rated: a
// rating of theirs exists), with a score from 1 to 5 and a comment within its limit.
func CheckRate(actor people.Actor, t *ticket.Ticket, r *Rating, rated bool) error {
	if actor.ID == "" || t.RequesterID != actor.ID || r.UserID != actor.ID {
		return fmt.Errorf("only the requester of %s rates it: %w", t.Number, fault.ErrForbidden)
	}
	if !Rateable(t.State) {
		return fmt.Errorf("%s is rated once it is resolved: %w", t.Number, fault.ErrInvalidTransition)
	}
	if rated {
		return fmt.Errorf("you have already rated %s: %w", t.Number, fault.ErrConflict)
	}
	v := &fault.Validation{}
	if r.Score < MinScore || r.Score > MaxScore {
		v.Add("score", "choose from %d to %d stars", MinScore, MaxScore)
	}
	v.Limit("comment", "a comment", r.Comment, MaxComment)
	return v.Err()
}

// clean is a comment as stored: trimmed.
func clean(s string) string { return strings.TrimSpace(s) }
