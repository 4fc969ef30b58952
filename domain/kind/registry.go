package kind

import (
	"encoding/json"
	"fmt"
	"sort"

	"gorm.io/gorm"
)

// A kind's declaration: its table, its fields and their merge kinds, its parent, owners,
// numbering, states and rules. The domain package that owns a kind declares it here
// (Register in an init), so the desk, the sync client and the server all work from one
// declaration; domain/replica applies by it.

// ColType is how a field's JSON value maps to its column.
type ColType int

const (
	Text     ColType = iota // string
	NullText                // string or null
	Int                     // integer
	NullInt                 // integer or null
	Bool                    // boolean
)

// Field is one synced field.
type Field struct {
	Name   string // JSON name in ops and documents
	Column string
	Kind   Merge
	Type   ColType
	Ref    string // the entity (or "user", "group") a non-empty value refers to
	Max    int    // longest text accepted, in bytes (0: no limit besides the protocol's)
	Min    int64  // integer range, when Max is set for Int
	MaxInt int64
	From   string // a Local field a new record takes from this (synced) field
	// Derived, when set, computes this field from others of its record (priority from impact
	// and urgency): after a merge writes any of them, the field is computed again.
	Derived *Derived
}

// Derived declares how a field follows other fields of its record.
type Derived struct {
	// From names the fields the value follows (an override's reason among them: while it
	// stands, Value keeps the field as it is).
	From []string
	// Value computes the field from the record's synced fields, as JSON.
	Value func(doc map[string]json.RawMessage, s Settings) json.RawMessage
}

// Type is one record type that syncs.
type Type struct {
	Entity string
	Table  string
	// Append marks an append-only child (comment, attachment, link): created once by an
	// append op, merged as a union, never edited.
	Append bool
	// Parent names the field holding the ticket a child belongs to; "" for a root record.
	Parent string
	// Owners name the user fields that may see a root record besides staff (scoping pulls).
	Owners []string
	// Private marks a root kind that only its Owners (and the members of its Audience group)
	// see, staff included: a person's saved views. The server neither sends its changes to
	// anyone else nor lets anyone else change it.
	Private bool
	// Audience names the group field of a Private kind whose members also see the record (a
	// view shared with a group); "" when only its owners do.
	Audience string
	// Public reports whether a root record is for everyone signed in, requesters included
	// (an article written for requesters): the server sends its changes to every desk.
	// Decided by Fixed fields only, so a record never becomes public after its first changes
	// were kept from someone. nil: staff and Owners only.
	Public func(doc Doc) bool
	// Internal reports whether a record is hidden from requesters (work notes, worklogs).
	Internal func(doc map[string]json.RawMessage) bool
	// Number names the field holding the human number; NumberKind the field giving its kind.
	Number, NumberKind string
	// Blob names the field holding a content hash that must be uploaded before the record.
	Blob string
	// State names the field a transition op moves ("" for a type without states).
	State string
	// Transition turns a transition op's value into the fields it sets (including the state);
	// at is the op's time in unix ms, for Local fields such as a resolved-at time.
	Transition func(value json.RawMessage, at int64) (map[string]any, error)
	// Reindex refreshes derived data (full-text search) of the given records after changes.
	Reindex func(tx *gorm.DB, ids []string) error
	// IndexNew is Reindex for records inserted in the transaction that have no children nor
	// old numbers yet: nothing to remove first, nothing to gather (nil: Reindex serves).
	IndexNew func(tx *gorm.DB, ids []string) error
	// Rules judge creates, sets and moves of this kind, on the desk and on the server alike.
	Rules Rules
	// Mirrored marks a kind whose rows a desk also holds without a record: the directory's
	// people and groups copied from the server's /directory, a new profile's own defaults.
	// Dump leaves it out (the convergence tests compare records); its own tests check it.
	Mirrored bool
	// Seeds are records every replica holds from the start, identical everywhere (fixed ids
	// and content): written without a log entry, so two desks' seeds are one record.
	Seeds []Doc
	// Auto reports whether an op marked automatic (made by a desk by itself: an auto-close,
	// an SLA escalation) is work this kind lets a desk do by itself; nil: none is. The mark
	// cannot dress up anything else as automatic.
	Auto func(op, field string, value json.RawMessage) bool
	// Author names the user field of an append-only record that must be its pusher.
	Author string
	// BlobSize names the field holding the size of the Blob, checked against the upload.
	BlobSize string
	// Prefix gives the number prefix for a NumberKind value ("" when it is no kind).
	Prefix func(kind string) string
	// NumberKinds lists the NumberKind values a desk leases blocks of numbers for.
	NumberKinds []string
	Fields      []Field
	byName      map[string]*Field
	// dependents maps a field to the derived fields computed from it.
	dependents map[string][]*Field
}

// Dependents lists the derived fields a write of name must compute again.
func (t *Type) Dependents(name string) []*Field { return t.dependents[name] }

// Derive computes the derived fields that depend on name again in doc, and returns the names
// of those whose value changed.
func (t *Type) Derive(doc map[string]json.RawMessage, name string, s Settings) []string {
	var changed []string
	for _, f := range t.dependents[name] {
		v := f.Derived.Value(doc, s)
		if v != nil && string(v) != string(doc[f.Name]) {
			doc[f.Name] = v
			changed = append(changed, f.Name)
		}
	}
	return changed
}

// Field returns the declared field called name.
func (t *Type) Field(name string) (*Field, bool) {
	f, ok := t.byName[name]
	return f, ok
}

// Synced lists the fields that sync (all but Local ones), in declaration order.
func (t *Type) Synced() []Field {
	out := make([]Field, 0, len(t.Fields))
	for _, f := range t.Fields {
		if f.Kind != Local {
			out = append(out, f)
		}
	}
	return out
}

// StatusFields lists the fields a transition may set.
func (t *Type) StatusFields() []string {
	var out []string
	for _, f := range t.Fields {
		if f.Kind == Status {
			out = append(out, f.Name)
		}
	}
	return out
}

// Seed returns the seed of t with id (a copy), or nil: a record every replica holds from the
// start, with the same id and content everywhere, so it is never logged as created. The
// server answers for a seed nobody has changed yet as if it were stored.
func (t *Type) Seed(id string) Doc {
	for _, s := range t.Seeds {
		if sid, _ := JSONString(s["id"]); sid == id {
			out := make(Doc, len(s))
			for k, v := range s {
				out[k] = v
			}
			return out
		}
	}
	return nil
}

var registry = map[string]*Type{}

// Register declares a record type. It panics on a malformed declaration: they are static.
func Register(t *Type) {
	if t.Entity == "" || t.Table == "" {
		panic("kind: a type needs an entity and a table")
	}
	if _, dup := registry[t.Entity]; dup {
		panic("kind: " + t.Entity + " registered twice")
	}
	t.byName = map[string]*Field{}
	for i := range t.Fields {
		f := &t.Fields[i]
		if _, dup := t.byName[f.Name]; dup {
			panic(fmt.Sprintf("kind: %s.%s declared twice", t.Entity, f.Name))
		}
		t.byName[f.Name] = f
	}
	t.dependents = map[string][]*Field{}
	for i := range t.Fields {
		f := &t.Fields[i]
		if f.Derived == nil {
			continue
		}
		for _, from := range f.Derived.From {
			t.dependents[from] = append(t.dependents[from], f)
		}
	}
	if _, ok := t.byName["id"]; !ok {
		panic("kind: " + t.Entity + " needs an id field")
	}
	registry[t.Entity] = t
}

// Lookup returns the declaration of an entity.
func Lookup(entity string) (*Type, bool) {
	t, ok := registry[entity]
	return t, ok
}

// Types lists every declared type, roots first, then by entity name (the order to apply or
// dump them in).
func Types() []*Type {
	out := make([]*Type, 0, len(registry))
	for _, t := range registry {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool {
		if (out[i].Parent == "") != (out[j].Parent == "") {
			return out[i].Parent == ""
		}
		return out[i].Entity < out[j].Entity
	})
	return out
}
