package server

import (
	"encoding/json"

	"gorm.io/gorm"

	"outpost/domain/desk"
	"outpost/domain/replica"
	_ "outpost/domain/sla" // declares the SLA configuration kinds
	"outpost/sync/protocol"
	"outpost/sync/server/store"
)

// A kind with no entry in rules is judged by its declaration's Rules (replica.Type.Rules),
// the very functions the desk's writer calls, fed by a Reader over the server's records.

// reader answers a kind's rules from the server's merged records.
type reader struct{ p *pusher }

func (r reader) Get(entity, id string) (replica.Doc, error) {
	rec, err := r.p.record(entity, id)
	if err != nil || rec == nil {
		return nil, err
	}
	return rec.Doc, nil
}

func (r reader) Members(group string) ([]string, error) {
	var ids []string
	err := r.p.tx.Raw(`SELECT user_id FROM group_members WHERE group_id = ? ORDER BY user_id`, group).Scan(&ids).Error
	return ids, err
}

func (r reader) Settings() replica.Settings { return r.p.settings() }

// declared is the rule of a kind judged by its declaration.
func declared(typ *replica.Type) rule {
	var out rule
	if typ.Rules.Create != nil {
		out.create = func(p *pusher, rec *store.Record) error { return typ.Rules.Create(reader{p}, p.act, rec.Doc) }
	}
	if typ.Rules.Set != nil {
		out.set = func(p *pusher, rec *store.Record, f *replica.Field, value json.RawMessage) error {
			return typ.Rules.Set(reader{p}, p.act, rec.Doc, f.Name, value)
		}
	}
	if typ.Rules.Archive != nil {
		out.archive = func(p *pusher, rec *store.Record) error { return typ.Rules.Archive(reader{p}, p.act, rec.Doc) }
	}
	return out
}

// ruleFor returns the checks of a kind: the server's own for tickets and their children,
// else the declaration's.
func ruleFor(typ *replica.Type) rule {
	if r, ok := rules[typ.Entity]; ok {
		return r
	}
	return declared(typ)
}

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
