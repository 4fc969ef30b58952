// Package kind holds what a record kind's rules are written against: the record as a
// document, what a rule may read beyond it, the rules' shape, and the declaration of a kind
// (Type, Field, Register). It is a leaf (of this module it imports only people), so the
// domain package that owns a kind (domain/ticket) declares it and writes its rules here
// once, and the desk's service, the sync server and domain/replica all call the very same
// functions.
package kind

import (
	"encoding/json"

	"outpost/domain/people"
)

// Doc is a record as its synced fields, by JSON name.
type Doc = map[string]json.RawMessage

// Reader is what a kind's rules may read beyond the record they judge. The desk answers it
// from its tables, the server from its merged records, so one rule gives one answer on both.
type Reader interface {
	// Get returns the record of entity with id, or nil when there is none. It does not judge
	// whether the actor may see it: the rule does.
	Get(entity, id string) (Doc, error)
	// Members lists the user ids in group.
	Members(group string) ([]string, error)
	// Settings returns the team's configuration the rules and derivations read.
	Settings() Settings
	// Children lists the records of an append-only entity that belong to parent (by the
	// entity's declared parent field), including those made earlier in the same write.
	Children(entity, parent string) ([]Doc, error)
	// Prior is the change made just before the one judged, by the same device, when it was
	// accepted; nil when there is none. A step implied by another (a requester's reply
	// resumes their ticket) is judged with it.
	Prior() (*Prior, error)
}

// Prior is a device's change just before the one judged, as a rule sees it.
type Prior struct {
	Entity string
	// Doc is the record the change made or changed, as it is now.
	Doc Doc
	// Newer reports whether the change is later than the last move of the judged record.
	Newer bool
}

// Move is a transition op as a rule sees it: the state it left, the state it asks for, and
// the other fields of the op's value (hold reason, resolution, reason).
type Move struct {
	From, To string
	Value    Doc
}

// Rules are who may do what to a kind, written once as pure functions of (actor, record
// before, change) and called by the desk's service before it writes and by the server when
// it re-checks a pushed op. A nil function allows what the declaration itself allows (for
// Archive: managers).
type Rules struct {
	// Create judges a new record (doc holds every synced field).
	Create func(r Reader, act people.Actor, doc Doc) error
	// Set judges a change of one field of before (the record as the change finds it).
	Set func(r Reader, act people.Actor, before Doc, field string, value json.RawMessage) error
	// Move judges a transition of before.
	Move func(r Reader, act people.Actor, before Doc, m Move) error
	// Archive judges archiving before.
	Archive func(r Reader, act people.Actor, before Doc) error
}

// Settings are what rules and derivations read beyond their record: the desk's (or
// server's) configuration, the same on every replica of a team.
type Settings struct {
	// Matrix maps impact × urgency to a priority (ticket.Matrix has this shape).
	Matrix [3][3]int
}

// With returns a copy of doc with field set to value: the record a set op leaves, which a
// kind's Set rule judges as a whole.
func With(doc Doc, field string, value json.RawMessage) Doc {
	out := make(Doc, len(doc)+1)
	for k, v := range doc {
		out[k] = v
	}
	out[field] = value
	return out
}
