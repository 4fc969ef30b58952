package ticket

import (
	"fmt"
	"strings"

	"outpost/domain/fault"
	"outpost/domain/people"
)

// State is where a ticket is in its life.
type State string

const (
	New        State = "new"
	InProgress State = "in_progress"
	OnHold     State = "on_hold"
	Resolved   State = "resolved"
	Closed     State = "closed"
	Canceled   State = "canceled"
)

// States lists every state in lifecycle order.
var States = []State{New, InProgress, OnHold, Resolved, Closed, Canceled}

// Open reports whether work on the ticket is still expected.
func (s State) Open() bool { return s == New || s == InProgress || s == OnHold }

// Valid reports whether s is a known state.
func (s State) Valid() bool {
	for _, x := range States {
		if x == s {
			return true
		}
	}
	return false
}

// allowed lists the ITIL lifecycle: work starts, pauses and resumes; a fix resolves; a
// resolved ticket is reopened or closed; any open ticket can be canceled.
var allowed = map[State][]State{
	New:        {InProgress, OnHold, Resolved, Canceled},
	InProgress: {OnHold, Resolved, Canceled},
	OnHold:     {InProgress, Resolved, Canceled},
	Resolved:   {InProgress, Closed},
}

// Next lists the states reachable from s.
func Next(s State) []State { return allowed[s] }

// Move is a requested transition with what it needs.
type Move struct {
	To              State  `json:"to"`
	HoldReason      string `json:"holdReason"`
	ResolutionCode  string `json:"resolutionCode"`
	ResolutionNotes string `json:"resolutionNotes"`
	Reason          string `json:"reason"`          // why a ticket is reopened or canceled
	IncludeChildren bool   `json:"includeChildren"` // resolve a major incident's open children too
}

// CheckMove validates a transition of t by actor, without side effects. It is the state
// machine: every refusal is ErrInvalidTransition, ErrForbidden or a field error.
func CheckMove(t *Ticket, actor people.Actor, m Move) error {
	if !m.To.Valid() {
		return fault.Field("to", "unknown state %q", m.To)
	}
	if !canReach(t.State, m.To) {
		return fmt.Errorf("%s cannot go from %s to %s: %w", t.Number, t.State, m.To, fault.ErrInvalidTransition)
	}
	if !actor.IsStaff() {
		own := t.RequesterID == actor.ID || t.CreatedBy == actor.ID
		// A requester answers a resolution: they confirm it (close) or reopen it; and they
		// may withdraw a ticket nobody has started on.
		reopen := t.State == Resolved && m.To == InProgress
		confirm := t.State == Resolved && m.To == Closed
		cancelNew := t.State == New && m.To == Canceled
		if !own || (!reopen && !confirm && !cancelNew) {
			return fmt.Errorf("move %s to %s: %w", t.Number, m.To, fault.ErrForbidden)
		}
	}
	v := &fault.Validation{}
	switch m.To {
	case OnHold:
		if !contains(HoldReasons, m.HoldReason) {
			v.Add("holdReason", "choose why the ticket is on hold")
		}
	case Resolved:
		if !contains(ResolutionCodes, m.ResolutionCode) {
			v.Add("resolutionCode", "choose a resolution code")
		}
		if strings.TrimSpace(m.ResolutionNotes) == "" {
			v.Add("resolutionNotes", "say how it was resolved")
		}
	case Canceled:
		if strings.TrimSpace(m.Reason) == "" {
			v.Add("reason", "say why the ticket is canceled")
		}
	case InProgress:
		if t.State == Resolved && strings.TrimSpace(m.Reason) == "" {
			v.Add("reason", "say why the ticket is reopened")
		}
	}
	checkText(v, "resolutionNotes", strings.TrimSpace(m.ResolutionNotes))
	checkText(v, "reason", strings.TrimSpace(m.Reason))
	return v.Err()
}

func canReach(from, to State) bool {
	for _, s := range allowed[from] {
		if s == to {
			return true
		}
	}
	return false
}
