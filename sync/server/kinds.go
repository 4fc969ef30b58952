package server

import (
	"gorm.io/gorm"

	_ "outpost/domain/approval" // declares approvals and their decisions
	_ "outpost/domain/canned"   // declares the templates' kinds
	_ "outpost/domain/catalog"  // declares the catalog's items, requests and tasks
	"outpost/domain/desk"
	_ "outpost/domain/knowledge" // declares the knowledge kinds (desk links it too)
	_ "outpost/domain/notify"    // declares follows and notification switches
	"outpost/domain/people"
	"outpost/domain/replica"
	_ "outpost/domain/satisfaction" // declares ratings
	_ "outpost/domain/sla"          // declares the SLA configuration kinds
	_ "outpost/domain/view"         // declares saved views
	"outpost/sync/protocol"
	"outpost/sync/server/store"
)

// seeded returns a kind's seed as a stored record when nobody has changed it yet: every desk
// holds it from the start, so the server answers for it as if it were stored (with the
// zero version, so any write wins over it).
func seeded(entity, id string) *store.Record {
	typ, ok := replica.Lookup(entity)
	if !ok {
		return nil
	}
	doc := typ.Seed(id)
	if doc == nil {
		return nil
	}
	return &store.Record{Entity: entity, ID: id, TicketID: id, Doc: doc, Versions: map[string]protocol.Stamp{"": {}}}
}

// getRecord reads a stored record, or the seed it still is.
func getRecord(tx *gorm.DB, entity, id string) (*store.Record, error) {
	r, err := store.GetRecord(tx, entity, id)
	if err != nil || r != nil {
		return r, err
	}
	return seeded(entity, id), nil
}

// ownedKinds are the root kinds a requester pulls the records they own of (tickets, assets).
func ownedKinds() []string {
	var out []string
	for _, typ := range replica.Types() {
		if typ.Parent == "" && len(typ.Owners) > 0 {
			out = append(out, typ.Entity)
		}
	}
	return out
}

// settings are what derived fields and the priority rule read: the team's desk settings
// record (its matrix), read once per batch.
func (p *pusher) settings() replica.Settings {
	if p.team == nil {
		doc := replica.Doc(nil)
		if rec, err := p.record(desk.EntitySettings, desk.SettingsID); err == nil && rec != nil {
			doc = rec.Doc
		}
		p.team = &replica.Settings{Matrix: desk.MatrixOf(doc)}
	}
	return *p.team
}

// invalidateSettings makes the next read see a settings record this batch changed.
func (p *pusher) invalidateSettings(entity string) {
	if entity == desk.EntitySettings {
		p.team = nil
	}
}

// privateKinds lists the entities of the private kinds (kind.Type.Private): pulled only by
// their owners and the members of the group they are shared with.
func privateKinds() []string {
	var out []string
	for _, t := range replica.Types() {
		if t.Private {
			out = append(out, t.Entity)
		}
	}
	return out
}

// publicKinds lists the root kinds whose records may be for everyone (kind.Type.Public): a
// requester pulls those records' changes.
func publicKinds() []string {
	var out []string
	for _, typ := range replica.Types() {
		if typ.Parent == "" && typ.Public != nil {
			out = append(out, typ.Entity)
		}
	}
	return out
}

// privateVisible reports whether act sees rec of a private kind: they own it, or are in the
// group it is shared with; their role does not matter.
func privateVisible(typ *replica.Type, rec *store.Record, act people.Actor) bool {
	return act.ID != "" && (rec.Owner1 == act.ID || (typ.Audience != "" && rec.Owner2 != "" && act.InGroup(rec.Owner2)))
}

// shareSnapshot is the change that brings a private record to the group it is now shared
// with: members pull only what comes after their cursor, which the record's create may be
// long before. It is the record's create again, as it stands, with the create's stamp (the
// owner's desks hold the record, and a create of a record held changes nothing there).
func shareSnapshot(rec *store.Record, after store.Stored) (store.Stored, error) {
	value, err := replica.EncodeDoc(rec.Doc)
	if err != nil {
		return store.Stored{}, err
	}
	created := rec.Versions[""]
	return store.Stored{Change: protocol.Change{ChangeID: after.ChangeID + ".share", Entity: rec.Entity, RecordID: rec.ID,
		Op: protocol.OpCreate, Value: value, HLC: created.HLC, DeviceID: created.Device, AuthorID: rec.Owner1},
		TicketID: rec.TicketID}, nil
}
