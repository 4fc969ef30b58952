package server

import (
	"gorm.io/gorm"

	"outpost/domain/desk"
	_ "outpost/domain/knowledge" // declares the knowledge kinds (desk links it too)
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
