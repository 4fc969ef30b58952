package replica

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"gorm.io/gorm"

	"outpost/domain/changelog"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

// The desk-side writer of records that have no service of their own beyond their declaration
// (configuration: SLA policies, calendars, desk settings). It does what the ticket service
// does for a ticket, generically: the kind's rules, the declared limits, the row, the change
// log and the audit trail, in the caller's transaction, so an error leaves nothing written.

// Writer writes records of declared kinds for one actor.
type Writer struct {
	Tx     *gorm.DB
	Log    *changelog.Log
	Actor  people.Actor
	Reader Reader
	// At is the audit time in unix ms.
	At int64
}

// checkField checks one synced field's value against its declaration (type and limits).
func checkField(t *Type, name string, raw json.RawMessage) error {
	f, ok := t.Field(name)
	if !ok || f.Kind == Local {
		return fault.Field(name, "%s has no field %s", t.Entity, name)
	}
	if _, err := ToColumn(f, raw); err != nil {
		return fault.Field(name, "%v", err)
	}
	return nil
}

// Create writes a new record of t from doc (every synced field; archived is false).
func (w *Writer) Create(t *Type, doc Doc) error {
	id, _ := JSONString(doc["id"])
	if id == "" {
		return fault.Field("id", "a %s needs an id", t.Entity)
	}
	v := &fault.Validation{}
	for _, f := range t.Synced() {
		raw, ok := doc[f.Name]
		if f.Kind == Archive {
			doc[f.Name] = json.RawMessage("false")
			continue
		}
		if !ok && (f.Type == NullText || f.Type == NullInt) {
			// Absent is null, as the server reads a pushed create: a field declared after
			// a kind's first records (a saved view's subject) is null in theirs.
			doc[f.Name] = json.RawMessage("null")
			continue
		}
		if !ok {
			v.Add(f.Name, "%s is required", f.Name)
			continue
		}
		if err := checkField(t, f.Name, raw); err != nil {
			v.Add(f.Name, "%s", fault.Fields(err)[f.Name])
		}
	}
	for name := range doc {
		if _, ok := t.Field(name); !ok {
			v.Add(name, "%s has no field %s", t.Entity, name)
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	if t.Rules.Create != nil {
		if err := t.Rules.Create(w.Reader, w.Actor, doc); err != nil {
			return err
		}
	}
	ok, err := Insert(w.Tx, t, doc, map[string]any{"updatedAt": w.At})
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("%s %s already exists: %w", t.Entity, id, fault.ErrConflict)
	}
	if err := w.Log.Append(w.Tx, w.Actor.ID, changelog.Entry{Entity: t.Entity, RecordID: id, Op: changelog.OpCreate, Value: doc}); err != nil {
		return err
	}
	return ticket.WriteAudit(w.Tx, []ticket.AuditEntry{w.audit(t, id, "created", "", display(doc["name"]))})
}

// Set changes fields of the record of t with id: each changed field is judged by the kind's
// rules against the record as it stands (with the earlier fields of the same call applied),
// then written, logged as one set op and audited. Fields with their current value are left
// alone. It returns the names of the fields it changed.
func (w *Writer) Set(t *Type, id string, values Doc) ([]string, error) {
	before, err := ReadDoc(w.Tx, t, id)
	if err != nil {
		return nil, err
	}
	if before == nil {
		return nil, fmt.Errorf("%s %s: %w", t.Entity, id, fault.ErrNotFound)
	}
	if a, _ := t.Field("archived"); a != nil && string(before["archived"]) == "true" {
		return nil, fmt.Errorf("%s %s is archived: %w", t.Entity, id, fault.ErrNotFound)
	}
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names)
	v := &fault.Validation{}
	for _, name := range names {
		f, ok := t.Field(name)
		switch {
		case !ok || f.Kind == Local:
			v.Add(name, "%s has no field %s", t.Entity, name)
		case f.Kind != LWW && f.Kind != LongText:
			v.Add(name, "%s cannot be changed", name)
		default:
			if err := checkField(t, name, values[name]); err != nil {
				v.Add(name, "%s", fault.Fields(err)[name])
			}
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	cur := make(Doc, len(before))
	for k, x := range before {
		cur[k] = x
	}
	var changed []string
	cols := map[string]any{}
	var entries []changelog.Entry
	var trail []ticket.AuditEntry
	for _, name := range names {
		raw := values[name]
		if Canonical1(cur[name]) == Canonical1(raw) {
			continue
		}
		if t.Rules.Set != nil {
			if err := t.Rules.Set(w.Reader, w.Actor, cur, name, raw); err != nil {
				return nil, err
			}
		}
		trail = append(trail, w.audit(t, id, name, display(cur[name]), display(raw)))
		cur[name] = raw
		cols[name] = raw
		entries = append(entries, changelog.Entry{Entity: t.Entity, RecordID: id, Op: changelog.OpSet, Field: name, Value: raw})
		changed = append(changed, name)
	}
	if len(changed) == 0 {
		return nil, nil
	}
	if _, ok := t.Field("updatedAt"); ok {
		cols["updatedAt"] = w.At
	}
	if err := SetFields(w.Tx, t, id, cols); err != nil {
		return nil, fmt.Errorf("write %s %s: %w", t.Entity, id, err)
	}
	if err := w.Log.Append(w.Tx, w.Actor.ID, entries...); err != nil {
		return nil, err
	}
	return changed, ticket.WriteAudit(w.Tx, trail)
}

// Archive archives the record of t with id (configuration is archived, never deleted, so
// that the archive reaches every desk).
func (w *Writer) Archive(t *Type, id string) error {
	if _, ok := t.Field("archived"); !ok {
		return fmt.Errorf("%s records cannot be archived: %w", t.Entity, fault.ErrForbidden)
	}
	before, err := ReadDoc(w.Tx, t, id)
	if err != nil {
		return err
	}
	if before == nil || string(before["archived"]) == "true" {
		return fmt.Errorf("%s %s: %w", t.Entity, id, fault.ErrNotFound)
	}
	if t.Rules.Archive != nil {
		if err := t.Rules.Archive(w.Reader, w.Actor, before); err != nil {
			return err
		}
	}
	cols := map[string]any{"archived": true}
	if _, ok := t.Field("updatedAt"); ok {
		cols["updatedAt"] = w.At
	}
	if err := SetFields(w.Tx, t, id, cols); err != nil {
		return err
	}
	if err := w.Log.Append(w.Tx, w.Actor.ID, changelog.Entry{Entity: t.Entity, RecordID: id, Op: changelog.OpArchive, Value: true}); err != nil {
		return err
	}
	return ticket.WriteAudit(w.Tx, []ticket.AuditEntry{w.audit(t, id, "archived", "no", "yes")})
}

func (w *Writer) audit(t *Type, id, field, oldV, newV string) ticket.AuditEntry {
	return ticket.AuditEntry{ID: newID(), Entity: t.Entity, TicketID: id, ActorID: w.Actor.ID, At: w.At,
		Field: field, OldValue: oldV, NewValue: newV}
}

// Canonical1 renders one JSON value compactly, so equal values compare equal as strings.
func Canonical1(raw json.RawMessage) string {
	if len(raw) == 0 {
		return "null"
	}
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return "!" + string(raw)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// display is a value as the audit trail shows it: text as it is, anything else as JSON.
func display(raw json.RawMessage) string {
	if s, ok := JSONString(raw); ok {
		return s
	}
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	return strings.TrimSpace(Canonical1(raw))
}
