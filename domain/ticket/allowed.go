package ticket

import (
	"errors"

	"outpost/domain/fault"
	"outpost/domain/people"
)

// Allowed is what an actor may do to a ticket now, as the rules decide it: the UI shows only
// these controls, so a requester never sees "Start work" or "Declare major incident" only to
// have it refused. It asks the same Check functions the writes call; it copies no rule.
type Allowed struct {
	// Next lists the states the actor may move the ticket to.
	Next []State `json:"next"`
	// Edit lists the fields the actor may set.
	Edit []string `json:"edit"`
	// Major: the actor may declare the ticket a major incident, or clear the flag.
	Major bool `json:"major"`
	// Link: the actor may relate the ticket, give it a parent or mark it a duplicate.
	Link bool `json:"link"`
	// Internal: the actor may write work notes, log work and attach internal files.
	Internal bool `json:"internal"`
	// Comment: the actor may add a reply (or anything else) to the ticket.
	Comment bool `json:"comment"`
}

// AllowedFor answers what actor may do to t. A move or field counts as allowed when its only
// objection would be the input still to give (a reason, a resolution code): the dialog asks
// for it.
func AllowedFor(actor people.Actor, t *Ticket) Allowed {
	a := Allowed{Next: []State{}, Edit: []string{}}
	for _, s := range Next(t.State) {
		if permitted(CheckMove(t, actor, Move{To: s})) {
			a.Next = append(a.Next, s)
		}
	}
	for _, f := range fields {
		if f.name == "major" || f.name == "majorReason" || f.name == "parentId" || f.name == "duplicateOf" {
			continue // set through the major-incident flag and the links
		}
		if CheckEdit(actor, t, f.name) == nil {
			a.Edit = append(a.Edit, f.name)
		}
	}
	a.Major = t.Type == Incident && CheckMajor(actor, t) == nil
	a.Link = CheckLink(actor, t.ID, t.ID+"-other", LinkRelated) == nil && CheckEdit(actor, t, "parentId") == nil
	a.Internal = permitted(CheckComment(actor, t, KindNote, "", 0))
	a.Comment = permitted(CheckComment(actor, t, KindReply, "", 0))
	return a
}

// permitted reports whether err objects only to the input (a validation), not to the actor
// or the ticket's state.
func permitted(err error) bool {
	var v *fault.Validation
	return err == nil || errors.As(err, &v)
}
