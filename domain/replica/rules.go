package replica

import "outpost/domain/kind"

// The rules' vocabulary lives in the leaf package kind, so a domain package can write its
// kind's rules without importing replica; these names keep the older spelling working.
type (
	// Doc is a record as its synced fields, by JSON name.
	Doc = kind.Doc
	// Reader is what a kind's rules may read beyond the record they judge.
	Reader = kind.Reader
	// Prior is a device's change just before the one judged.
	Prior = kind.Prior
	// Move is a transition op as a rule sees it.
	Move = kind.Move
	// Rules are who may do what to a kind.
	Rules = kind.Rules
	// Settings are what rules and derivations read beyond their record.
	Settings = kind.Settings
)

// JSONString decodes a JSON string (see kind.JSONString).
func JSONString(raw []byte) (string, bool) { return kind.JSONString(raw) }

// JSONInt decodes a JSON integer that fits an int64 (see kind.JSONInt).
func JSONInt(raw []byte) (int64, bool) { return kind.JSONInt(raw) }
