package kind

// Merge is how a field merges, declared per field; sync/merge decides by it and
// domain/replica applies by it (both name this type, so the kinds are spelled once).
type Merge string

const (
	LWW      Merge = "lww"       // plain field: last writer wins by (HLC, device), conflict if concurrent and different
	LongText Merge = "long_text" // description, article body: LWW, and the losing text is kept in the conflict
	Status   Merge = "status"    // state machine field, moved only by transition ops
	Archive  Merge = "archive"   // archived flag: once set, stays set
	Fixed    Merge = "fixed"     // set at create and never changed by an op (type, created by)
	Local    Merge = "local"     // this profile's own bookkeeping (updated_at): never synced
)
