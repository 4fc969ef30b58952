package server

import (
	"encoding/json"
	"fmt"

	"outpost/domain/fault"
	"outpost/domain/kind"
	"outpost/domain/replica"
	"outpost/sync/protocol"
	"outpost/sync/server/store"
)

// A pushed op bypasses the desk's service, so it is judged again here by the rules that
// service calls: its kind's declared rules (replica.Type.Rules), fed by a reader over the
// server's merged records. The server knows no kind's rules of its own.

// reader answers a kind's rules from the server's records, for one op.
type reader struct {
	p   *pusher
	typ *replica.Type
	rec *store.Record // the record the op judges (its stamps date the prior change)
}

func (p *pusher) reader(typ *replica.Type, rec *store.Record) reader {
	return reader{p: p, typ: typ, rec: rec}
}

func (r reader) Get(entity, id string) (kind.Doc, error) {
	rec, err := r.p.record(entity, id)
	if err != nil || rec == nil {
		return nil, err
	}
	return rec.Doc, nil
}

func (r reader) Members(group string) ([]string, error) {
	var ids []string
	if err := r.p.tx.Raw(`SELECT user_id FROM group_members WHERE group_id = ?`, group).Scan(&ids).Error; err != nil {
		return nil, fmt.Errorf("members of %s: %w", group, err)
	}
	return ids, nil
}

func (r reader) Settings() kind.Settings { return r.p.settings() }

// Children lists the records of entity under parent: a child's pull scope (ticket_id) is its
// parent, as placeRecord derives it from the declaration.
func (r reader) Children(entity, parent string) ([]kind.Doc, error) {
	var ids []string
	if err := r.p.tx.Raw(`SELECT id FROM records WHERE entity = ? AND ticket_id = ?`, entity, parent).Scan(&ids).Error; err != nil {
		return nil, err
	}
	for _, rec := range r.p.records { // staged earlier in this batch
		if rec != nil && rec.Entity == entity && rec.TicketID == parent && !contains(ids, rec.ID) {
			ids = append(ids, rec.ID)
		}
	}
	out := make([]kind.Doc, 0, len(ids))
	for _, id := range ids {
		rec, err := r.p.record(entity, id)
		if err != nil {
			return nil, err
		}
		if rec != nil {
			out = append(out, rec.Doc)
		}
	}
	return out, nil
}

// Prior is the device's op just before this one, when it was accepted.
func (r reader) Prior() (*kind.Prior, error) {
	prev, err := r.p.previous()
	if err != nil || prev == nil || prev.Status != protocol.Accepted {
		return nil, err
	}
	rec, err := r.p.record(prev.Entity, prev.RecordID)
	if err != nil || rec == nil {
		return nil, err
	}
	newer := true
	if r.rec != nil {
		newer = prev.HLC > version(r.rec, r.typ.State).HLC
	}
	return &kind.Prior{Entity: prev.Entity, Doc: rec.Doc, Newer: newer}, nil
}

// checkAuthor: an append-only record names the pushing user as its author, by declaration.
func (p *pusher) checkAuthor(typ *replica.Type, rec *store.Record) error {
	if typ.Author == "" || str(rec.Doc, typ.Author) == p.act.ID {
		return nil
	}
	return fault.Field(typ.Author, "a %s is made by the signed-in user", typ.Entity)
}

// checkBlob: the blob a record refers to is uploaded, and has the declared size.
func (p *pusher) checkBlob(typ *replica.Type, rec *store.Record) error {
	rec.Blob = str(rec.Doc, typ.Blob)
	if typ.BlobSize != "" {
		var size int64
		_ = json.Unmarshal(rec.Doc[typ.BlobSize], &size)
		have, err := store.BlobSize(p.tx, rec.Blob)
		if err != nil {
			return err
		}
		if have < 0 {
			return fault.Field(typ.Blob, "upload the file before attaching it")
		}
		if have != size {
			return fault.Field(typ.BlobSize, "the file has %d bytes, not %d", have, size)
		}
	}
	return p.mayRefer(typ.Blob, rec.Blob)
}

func str(doc map[string]json.RawMessage, name string) string {
	s, _ := replica.JSONString(doc[name])
	return s
}

// numberPrefix is the prefix of a numbered kind's number for a NumberKind value, by the
// declaration ("" for an unknown one).
func numberPrefix(typ *replica.Type, nk string) string {
	if typ.Prefix == nil {
		return ""
	}
	return typ.Prefix(nk)
}

// leasePrefix is the number prefix of nk among every numbered kind ("" when none numbers it):
// a lease names the number kind, not the record kind.
func leasePrefix(nk string) string {
	for _, typ := range replica.Types() {
		if typ.Number != "" {
			if prefix := numberPrefix(typ, nk); prefix != "" {
				return prefix
			}
		}
	}
	return ""
}
