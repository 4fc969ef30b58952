package replica

import (
	"encoding/json"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/changelog"
)

// TxReader is the desk's Reader: records from its tables, in a transaction, and the desk's
// settings as its caller read them.
type TxReader struct {
	Tx   *gorm.DB
	Team Settings
}

// Get returns the record of entity with id, or nil.
func (r TxReader) Get(entity, id string) (Doc, error) {
	t, ok := Lookup(entity)
	if !ok {
		return nil, fmt.Errorf("%s does not sync", entity)
	}
	return ReadDoc(r.Tx, t, id)
}

// Members lists the user ids in group.
func (r TxReader) Members(group string) ([]string, error) {
	var ids []string
	err := r.Tx.Raw(`SELECT user_id FROM group_members WHERE group_id = ? AND active = 1 ORDER BY user_id`, group).Scan(&ids).Error
	return ids, err
}

// Settings returns the team's settings.
func (r TxReader) Settings() Settings { return r.Team }

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// WriteSeeds inserts the seeds of t this profile lacks (none of them is logged).
func WriteSeeds(tx *gorm.DB, t *Type, at int64) error {
	for _, s := range t.Seeds {
		if _, err := Insert(tx, t, s, map[string]any{"updatedAt": at}); err != nil {
			return err
		}
	}
	return nil
}

// Adopt logs, once, the records of t that this profile wrote before t synced, so that they
// reach the server like any other edit ("joining a server uploads the whole local history"):
// a record the log has never mentioned is logged as created, and a seed whose content differs
// from the seed every desk starts with is logged as sets of the fields that differ. author is
// who the log credits (the profile's owner). It returns how many changes it logged.
func Adopt(tx *gorm.DB, log *changelog.Log, author string, t *Type) (int, error) {
	var ids []string
	if err := tx.Raw(`SELECT id FROM `+t.Table+` WHERE id NOT IN (SELECT record_id FROM changes WHERE entity = ?)
		ORDER BY id`, t.Entity).Scan(&ids).Error; err != nil {
		return 0, err
	}
	var entries []changelog.Entry
	for _, id := range ids {
		doc, err := ReadDoc(tx, t, id)
		if err != nil {
			return 0, err
		}
		seed := t.Seed(id)
		if seed == nil {
			entries = append(entries, changelog.Entry{Entity: t.Entity, RecordID: id, Op: changelog.OpCreate, Value: doc})
			continue
		}
		for _, f := range t.Synced() {
			if f.Kind == Fixed || Canonical1(doc[f.Name]) == Canonical1(seed[f.Name]) {
				continue
			}
			e := changelog.Entry{Entity: t.Entity, RecordID: id, Op: changelog.OpSet, Field: f.Name, Value: json.RawMessage(doc[f.Name])}
			if f.Kind == Archive {
				e.Op, e.Field, e.Value = changelog.OpArchive, "", true
			}
			entries = append(entries, e)
		}
	}
	return len(entries), log.Append(tx, author, entries...)
}

// Children lists the records of the append-only entity that belong to parent, by the
// entity's declared parent field.
func (r TxReader) Children(entity, parent string) ([]Doc, error) {
	t, ok := Lookup(entity)
	if !ok || t.Parent == "" {
		return nil, fmt.Errorf("%s is not a child kind", entity)
	}
	f, _ := t.Field(t.Parent)
	var ids []string
	if err := r.Tx.Raw(`SELECT id FROM `+t.Table+` WHERE `+f.Column+` = ? ORDER BY id`, parent).Scan(&ids).Error; err != nil {
		return nil, err
	}
	out := make([]Doc, 0, len(ids))
	for _, id := range ids {
		doc, err := ReadDoc(r.Tx, t, id)
		if err != nil {
			return nil, err
		}
		out = append(out, doc)
	}
	return out, nil
}

// Prior is nil on the desk: its service judges a step implied by another (a reply that
// resumes a ticket) within the same call, not as a separate change.
func (r TxReader) Prior() (*Prior, error) { return nil, nil }
