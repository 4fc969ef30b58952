package server

import (
	"gorm.io/gorm"

	"outpost/domain/desk"
	"outpost/domain/replica"
	_ "outpost/domain/sla" // declares the SLA configuration kinds
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
