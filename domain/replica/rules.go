package replica

import (
	"encoding/json"

	"outpost/domain/people"
)

// Doc is a record as its synced fields, by JSON name.
type Doc = map[string]json.RawMessage

// Reader is what a kind's rules may read beyond the record they judge. The desk answers it
// from its tables, the server from its merged records, so one rule gives one answer on both.
type Reader interface {
	// Get returns the record of entity with id, or nil when there is none.
	Get(entity, id string) (Doc, error)
	// Members lists the user ids in group.
	Members(group string) ([]string, error)
	// Settings returns the team's configuration the rules and derivations read.
	Settings() Settings
}

// Move is a transition op as a rule sees it: the state it left, the state it asks for, and
// the other fields of the op's value (hold reason, resolution, reason).
type Move struct {
	From, To string
	Value    Doc
}

// Rules are who may do what to a kind, written once as pure functions of (actor, record
// before, change) and called by the desk's service before it writes and by the server when
// it re-checks a pushed op. A nil function allows what the declaration itself allows.
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
