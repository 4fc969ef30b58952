// Package replica is how a profile applies merged changes to its tables, by the declarations
// of what syncs. Each record type declares its table, its fields and each field's merge kind
// (in domain/kind, from the domain package that owns it); the sync client and server work
// from these declarations only, so a new record type (problems, changes, assets, articles)
// syncs by declaring its fields.
package replica

import "outpost/domain/kind"

// Kind is how a field merges (declared once, in domain/kind; sync/merge names it too).
type Kind = kind.Merge

// The merge kinds of a field.
const (
	LWW      = kind.LWW      // last writer wins by (HLC, device), conflict if concurrent
	LongText = kind.LongText // LWW, and the losing text is kept in the conflict record
	Status   = kind.Status   // moved only by transition ops, validated by the state machine
	Archive  = kind.Archive  // once archived, stays archived
	Fixed    = kind.Fixed    // written at create, never changed by an op
	Local    = kind.Local    // this profile's own bookkeeping (updated_at): never synced
)

// The declaration moved to domain/kind, beside the rules' vocabulary, so the package that
// owns a kind can declare it without importing replica; these names keep callers compiling.
type (
	ColType = kind.ColType
	Field   = kind.Field
	Derived = kind.Derived
	Type    = kind.Type
)

// How a field's JSON value maps to its column.
const (
	Text     = kind.Text
	NullText = kind.NullText
	Int      = kind.Int
	NullInt  = kind.NullInt
	Bool     = kind.Bool
)

// Register declares a record type (kind.Register).
func Register(t *Type) { kind.Register(t) }

// Lookup returns the declaration of an entity (kind.Lookup).
func Lookup(entity string) (*Type, bool) { return kind.Lookup(entity) }

// Types lists every declared type, roots first, then by entity name (kind.Types).
func Types() []*Type { return kind.Types() }
