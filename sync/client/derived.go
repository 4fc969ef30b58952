package client

import (
	"encoding/json"

	"outpost/domain/replica"
	"outpost/domain/ticket"
	"outpost/sync/protocol"
)

// A derived field (a ticket's priority from impact × urgency) is computed again on every
// replica after a merge writes a field it follows, so that every desk and the server hold
// what the merged inputs give, unless an override still stands (see replica.Derived).

// toDerive is a record whose derived fields follow fields a page wrote.
type toDerive struct {
	typ    *replica.Type
	id     string
	fields []string        // the fields written, in page order
	last   protocol.Change // the last of those writes: the trail credits the change to it
	seen   map[string]bool
}

// followed notes that ch wrote a field that derived fields of its record follow.
func (a *applier) followed(typ *replica.Type, ch protocol.Change) {
	if len(typ.Dependents(ch.Field)) == 0 {
		return
	}
	key := typ.Entity + "/" + ch.RecordID
	r := a.derived[key]
	if r == nil {
		r = &toDerive{typ: typ, id: ch.RecordID, seen: map[string]bool{}}
		if a.derived == nil {
			a.derived = map[string]*toDerive{}
		}
		a.derived[key] = r
		a.derivedOrder = append(a.derivedOrder, r)
	}
	if !r.seen[ch.Field] {
		r.seen[ch.Field] = true
		r.fields = append(r.fields, ch.Field)
	}
	r.last = ch
}

// derive computes the derived fields of the page's written records from their merged values,
// writes those that changed, and puts the change in the ticket's trail (the SLA clock reads
// a priority change from there).
func (a *applier) derive() error {
	settings := replica.Settings{Matrix: a.c.Desk.Tickets.Matrix}
	for _, r := range a.derivedOrder {
		var all map[string]json.RawMessage
		if f, ok := a.fresh[r.typ.Entity+"/"+r.id]; ok {
			all = f.doc
		} else {
			var err error
			if all, err = replica.ReadDoc(a.tx, r.typ, r.id); err != nil || all == nil {
				return err
			}
		}
		// Only the derived fields and what they follow: a page derives for every ticket it
		// edits, and copying whole records would cost more than the derivation.
		doc, before := map[string]json.RawMessage{}, map[string]json.RawMessage{}
		for _, name := range r.fields {
			for _, f := range r.typ.Dependents(name) {
				doc[f.Name], before[f.Name] = all[f.Name], all[f.Name]
				for _, from := range f.Derived.From {
					doc[from] = all[from]
				}
			}
		}
		values := map[string]any{}
		for _, name := range r.fields {
			for _, changed := range r.typ.Derive(doc, name, settings) {
				values[changed] = doc[changed]
			}
		}
		if len(values) == 0 {
			continue
		}
		if err := a.setFields(r.typ, r.id, values); err != nil {
			return err
		}
		if r.typ.Entity != ticket.EntityTicket {
			continue
		}
		actor := r.last.AuthorID // as for the change itself (see auditFor)
		if r.last.Auto {
			actor = deskSystem
		}
		for _, f := range r.typ.Fields {
			if _, ok := values[f.Name]; ok {
				a.audit = append(a.audit, ticket.AuditEntry{ID: r.last.ChangeID + ".derived." + f.Name, TicketID: r.id,
					ActorID: actor, At: int64(r.last.HLC >> 16), Field: f.Name, OldValue: display(before[f.Name]), NewValue: display(doc[f.Name])})
			}
		}
	}
	return nil
}
