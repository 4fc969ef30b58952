package replica

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"

	"gorm.io/gorm"

	"outpost/domain/store"
	"outpost/domain/ticket"
)

// Version is the stamp of one field on this replica: who wrote it when, what they had seen.
type Version struct {
	HLC        uint64
	Device     string
	BaseHLC    uint64
	BaseDevice string
	ChangeID   string
}

// ReadVersion returns the version of a field: its own row, else the record's create version.
func ReadVersion(tx *gorm.DB, entity, id, field string) (Version, error) {
	rows, err := tx.Raw(`SELECT field, hlc, device_id, base_hlc, base_device, change_id FROM replica_versions
		WHERE entity = ? AND record_id = ? AND field IN (?, '') ORDER BY field DESC LIMIT 1`, entity, id, field).Rows()
	if err != nil {
		return Version{}, err
	}
	defer rows.Close()
	var v Version
	if rows.Next() {
		var f string
		var h, bh int64
		if err := rows.Scan(&f, &h, &v.Device, &bh, &v.BaseDevice, &v.ChangeID); err != nil {
			return Version{}, err
		}
		v.HLC, v.BaseHLC = uint64(h), uint64(bh)
	}
	return v, rows.Err()
}

// PutVersion stores the version of a field (” for the record's create version).
func PutVersion(tx *gorm.DB, entity, id, field string, v Version) error {
	return tx.Exec(`INSERT INTO replica_versions(entity, record_id, field, hlc, device_id, base_hlc, base_device, change_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(entity, record_id, field) DO UPDATE SET hlc = excluded.hlc,
		device_id = excluded.device_id, base_hlc = excluded.base_hlc, base_device = excluded.base_device, change_id = excluded.change_id`,
		entity, id, field, int64(v.HLC), v.Device, int64(v.BaseHLC), v.BaseDevice, v.ChangeID).Error
}

// RestampChange replaces the HLC of every version written by changeID (the server clamped it).
func RestampChange(tx *gorm.DB, changeID string, h uint64) error {
	return tx.Exec(`UPDATE replica_versions SET hlc = ? WHERE change_id = ?`, int64(h), changeID).Error
}

// ToColumn converts a field's JSON value to what its column stores, checking its type.
func ToColumn(f *Field, raw json.RawMessage) (any, error) {
	isNull := len(raw) == 0 || string(raw) == "null"
	switch f.Type {
	case Text, NullText:
		if isNull {
			if f.Type == NullText {
				return nil, nil
			}
			return nil, fmt.Errorf("%s must be text", f.Name)
		}
		s, ok := JSONString(raw)
		if !ok {
			return nil, fmt.Errorf("%s must be text", f.Name)
		}
		if f.Max > 0 && len(s) > f.Max {
			return nil, fmt.Errorf("%s is over %d bytes", f.Name, f.Max)
		}
		return s, nil
	case Int, NullInt:
		if isNull {
			if f.Type == NullInt {
				return nil, nil
			}
			return nil, fmt.Errorf("%s must be a number", f.Name)
		}
		n, ok := JSONInt(raw)
		if !ok {
			return nil, fmt.Errorf("%s must be an integer", f.Name)
		}
		if f.MaxInt != 0 && (n < f.Min || n > f.MaxInt) {
			return nil, fmt.Errorf("%s must be between %d and %d", f.Name, f.Min, f.MaxInt)
		}
		return n, nil
	case Bool:
		var b bool
		if err := json.Unmarshal(raw, &b); err != nil {
			return nil, fmt.Errorf("%s must be true or false", f.Name)
		}
		return b, nil
	}
	return nil, fmt.Errorf("%s: unknown column type", f.Name)
}

// scanner returns a holder to scan a column of f into, and a function giving its JSON.
func scanner(f *Field) (any, func() json.RawMessage) {
	switch f.Type {
	case Int, NullInt:
		var v sql.NullInt64
		return &v, func() json.RawMessage {
			if !v.Valid {
				return json.RawMessage("null")
			}
			b, _ := json.Marshal(v.Int64)
			return b
		}
	case Bool:
		var v sql.NullInt64
		return &v, func() json.RawMessage {
			if v.Int64 != 0 {
				return json.RawMessage("true")
			}
			return json.RawMessage("false")
		}
	default:
		var v sql.NullString
		return &v, func() json.RawMessage {
			if !v.Valid {
				return json.RawMessage("null")
			}
			b, _ := json.Marshal(v.String)
			return b
		}
	}
}

// ReadDoc reads the synced fields of a record as JSON values (nil when absent).
func ReadDoc(tx *gorm.DB, t *Type, id string) (map[string]json.RawMessage, error) {
	fields := t.Synced()
	cols := make([]string, len(fields))
	holders := make([]any, len(fields))
	gets := make([]func() json.RawMessage, len(fields))
	for i := range fields {
		cols[i] = fields[i].Column
		holders[i], gets[i] = scanner(&fields[i])
	}
	row := tx.Raw(`SELECT `+strings.Join(cols, ", ")+` FROM `+t.Table+` WHERE id = ?`, id).Row()
	if err := row.Scan(holders...); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return nil, nil
		}
		return nil, fmt.Errorf("read %s %s: %w", t.Entity, id, err)
	}
	doc := make(map[string]json.RawMessage, len(fields))
	for i := range fields {
		doc[fields[i].Name] = gets[i]()
	}
	return doc, nil
}

// ReadField reads one synced field of a record as JSON; ok is false when the record is absent.
func ReadField(tx *gorm.DB, t *Type, id, name string) (json.RawMessage, bool, error) {
	f, found := t.Field(name)
	if !found {
		return nil, false, fmt.Errorf("%s has no field %s", t.Entity, name)
	}
	holder, get := scanner(f)
	err := tx.Raw(`SELECT `+f.Column+` FROM `+t.Table+` WHERE id = ?`, id).Row().Scan(holder)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	return get(), true, nil
}

// Exists reports whether a record is present.
func Exists(tx *gorm.DB, t *Type, id string) (bool, error) {
	var n int64
	err := tx.Raw(`SELECT COUNT(*) FROM `+t.Table+` WHERE id = ?`, id).Scan(&n).Error
	return n > 0, err
}

// Insert writes a new record from its document (synced fields; Local ones from local).
// It does nothing if the record is already there (a union).
func Insert(tx *gorm.DB, t *Type, doc map[string]json.RawMessage, local map[string]any) (bool, error) {
	var cols, marks []string
	var args []any
	for i := range t.Fields {
		f := &t.Fields[i]
		var v any
		if f.Kind == Local {
			lv, ok := local[f.Name]
			if !ok && f.From != "" {
				if raw, has := doc[f.From]; has {
					var x any
					_ = json.Unmarshal(raw, &x)
					lv, ok = x, true
				}
			}
			if !ok {
				continue
			}
			v = lv
		} else {
			raw, ok := doc[f.Name]
			if !ok {
				continue
			}
			var err error
			if v, err = ToColumn(f, raw); err != nil {
				return false, fmt.Errorf("%s %s: %w", t.Entity, string(doc["id"]), err)
			}
		}
		cols, marks, args = append(cols, f.Column), append(marks, "?"), append(args, v)
	}
	res := tx.Exec(`INSERT INTO `+t.Table+`(`+strings.Join(cols, ", ")+`) VALUES (`+strings.Join(marks, ", ")+`) ON CONFLICT(id) DO NOTHING`, args...)
	if res.Error != nil {
		return false, fmt.Errorf("insert %s: %w", t.Entity, res.Error)
	}
	return res.RowsAffected > 0, nil
}

// InsertMany writes new records of one type with few statements (records already there are
// left alone). locals gives Local field values per record, by index.
func InsertMany(tx *gorm.DB, t *Type, docs []map[string]json.RawMessage, locals []map[string]any) error {
	return InsertManyWith(tx, t, docs, locals, nil)
}

// Extra is columns beyond a type's fields that an insert writes too (a ticket's SLA state,
// computed before the insert so the row is not updated right after): each record's values
// by index, Default where a record has none.
type Extra struct {
	Columns []string
	Default []any
	Values  [][]any
}

// InsertManyWith is InsertMany writing extra's columns too (extra may be nil).
func InsertManyWith(tx *gorm.DB, t *Type, docs []map[string]json.RawMessage, locals []map[string]any, extra *Extra) error {
	rows := make([][]any, len(docs))
	for i := range docs {
		var err error
		if rows[i], err = RowValues(t, docs[i], locals[i]); err != nil {
			return err
		}
	}
	return InsertRows(tx, t, rows, extra)
}

// RowValues is a new record's values of t's columns, as InsertRows takes them. It reads doc
// and local only, so a writer may build the rows beside its other statements.
func RowValues(t *Type, doc map[string]json.RawMessage, local map[string]any) ([]any, error) {
	return rowValues(t, doc, local)
}

// InsertRows is InsertManyWith for records whose values RowValues gave, by index.
func InsertRows(tx *gorm.DB, t *Type, values [][]any, extra *Extra) error {
	cols := make([]string, len(t.Fields))
	for i, f := range t.Fields {
		cols[i] = f.Column
	}
	// As many rows a statement as without the extra columns: they ride along (fewer rows a
	// statement made the ticket insert of a pulled page cost more than the extra binds).
	per := max(1, store.MaxValues/len(cols))
	if extra != nil {
		cols = append(cols, extra.Columns...)
	}
	// Any column may hold one value in every row of a statement (a page's tickets of one
	// requester, type and state; columns left empty): it is bound once then (store.Rows).
	same := make([]int, min(len(cols), 64))
	for i := range same {
		same[i] = i
	}
	for start := 0; start < len(values); start += per {
		end := min(start+per, len(values))
		args := make([]any, 0, (end-start)*len(cols))
		for i := start; i < end; i++ {
			args = append(args, values[i]...)
			if extra != nil {
				if v := extra.Values[i]; v != nil {
					args = append(args, v...)
				} else {
					args = append(args, extra.Default...)
				}
			}
		}
		rows, args := store.Rows(len(cols), same, args, "")
		if err := store.Exec(tx, `INSERT INTO `+t.Table+`(`+strings.Join(cols, ", ")+`) VALUES `+rows+` ON CONFLICT(id) DO NOTHING`, args...); err != nil {
			return fmt.Errorf("insert %s: %w", t.Entity, err)
		}
	}
	return nil
}

// rowValues gives every declared column's value for a new record; absent fields take the
// column's zero (or NULL) so that one statement fits all rows.
func rowValues(t *Type, doc map[string]json.RawMessage, local map[string]any) ([]any, error) {
	out := make([]any, len(t.Fields))
	for i := range t.Fields {
		f := &t.Fields[i]
		var raw json.RawMessage
		if f.Kind == Local {
			if v, ok := local[f.Name]; ok {
				out[i] = v
				continue
			}
			if f.From != "" {
				raw = doc[f.From]
			}
		} else {
			raw = doc[f.Name]
		}
		if len(raw) == 0 {
			switch f.Type {
			case Text:
				out[i] = ""
			case Int, Bool:
				out[i] = 0
			}
			continue
		}
		v, err := ToColumn(f, raw)
		if err != nil {
			if f.Kind == Local {
				continue
			}
			return nil, fmt.Errorf("%s %s: %w", t.Entity, string(doc["id"]), err)
		}
		out[i] = v
	}
	return out, nil
}

// SetFields updates columns of a record from field values (JSON or Go values).
func SetFields(tx *gorm.DB, t *Type, id string, values map[string]any) error {
	if len(values) == 0 {
		return nil
	}
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	sort.Strings(names) // one statement text per set of fields, so it is prepared once
	sets := make([]string, 0, len(names))
	args := make([]any, 0, len(names)+1)
	for _, name := range names {
		f, ok := t.Field(name)
		if !ok {
			return fmt.Errorf("%s has no field %s", t.Entity, name)
		}
		v := values[name]
		if raw, isRaw := v.(json.RawMessage); isRaw {
			cv, err := ToColumn(f, raw)
			if err != nil {
				return err
			}
			v = cv
		}
		sets, args = append(sets, f.Column+" = ?"), append(args, v)
	}
	return tx.Exec(`UPDATE `+t.Table+` SET `+strings.Join(sets, ", ")+` WHERE id = ?`, append(args, id)...).Error
}

// Remove deletes a record that the server refused to create: it never existed anywhere else.
// A ticket takes its local children and search row with it, not its audit trail: the trail
// is append-only and hash-chained (domain/audit), so its entries stay and the caller adds
// one saying the ticket was removed.
func Remove(tx *gorm.DB, t *Type, id string) error {
	if t.Table == "tickets" {
		for _, q := range []string{
			`DELETE FROM tickets_fts WHERE rowid = (SELECT rowid FROM tickets WHERE id = ?)`,
			`DELETE FROM comments WHERE ticket_id = ?`, `DELETE FROM attachments WHERE ticket_id = ?`,
			`DELETE FROM ticket_links WHERE from_id = ? OR to_id = ?`,
			`DELETE FROM ticket_aliases WHERE ticket_id = ?`,
			`UPDATE tickets SET parent_id = NULL WHERE parent_id = ?`, `UPDATE tickets SET duplicate_of = NULL WHERE duplicate_of = ?`,
		} {
			args := []any{id}
			if strings.Count(q, "?") == 2 {
				args = append(args, id)
			}
			if err := tx.Exec(q, args...).Error; err != nil {
				return fmt.Errorf("remove ticket %s: %w", id, err)
			}
		}
	}
	if err := tx.Exec(`DELETE FROM replica_versions WHERE entity = ? AND record_id = ?`, t.Entity, id).Error; err != nil {
		return err
	}
	return tx.Exec(`DELETE FROM `+t.Table+` WHERE id = ?`, id).Error
}

// AddAlias keeps a ticket's replaced number so search and lookups still find it.
func AddAlias(tx *gorm.DB, ticketID, number string) error {
	return tx.Exec(`INSERT INTO ticket_aliases(number, ticket_id) VALUES (?, ?) ON CONFLICT(number) DO NOTHING`, number, ticketID).Error
}

// KeepAlias keeps a record's replaced number: a ticket's in ticket_aliases (search and
// lookups find it), another numbered kind's (an asset's tag) in number_aliases.
func KeepAlias(tx *gorm.DB, entity, id, number string) error {
	if entity == ticket.EntityTicket {
		return AddAlias(tx, id, number)
	}
	return tx.Exec(`INSERT INTO number_aliases(number, entity, record_id) VALUES (?, ?, ?) ON CONFLICT(number) DO NOTHING`, number, entity, id).Error
}

// Dump is a canonical form of every synced record, for comparing replicas: entity -> id ->
// field -> JSON value.
func Dump(tx *gorm.DB) (map[string]map[string]map[string]string, error) {
	out := map[string]map[string]map[string]string{}
	for _, t := range Types() {
		if t.Mirrored {
			continue
		}
		var ids []string
		if err := tx.Raw(`SELECT id FROM ` + t.Table + ` ORDER BY id`).Scan(&ids).Error; err != nil {
			return nil, err
		}
		recs := map[string]map[string]string{}
		for _, id := range ids {
			doc, err := ReadDoc(tx, t, id)
			if err != nil {
				return nil, err
			}
			recs[id] = Canonical(t, doc)
		}
		out[t.Entity] = recs
	}
	return out, nil
}

// Canonical renders the synced fields of a document as compact JSON strings, so a profile's
// row and the server's document compare equal when they hold the same values.
func Canonical(t *Type, doc map[string]json.RawMessage) map[string]string {
	out := map[string]string{}
	for _, f := range t.Synced() {
		raw, ok := doc[f.Name]
		if !ok {
			raw = json.RawMessage("null")
		}
		var v any
		if err := json.Unmarshal(raw, &v); err != nil {
			out[f.Name] = "!" + string(raw)
			continue
		}
		if f.Type == Bool && v == nil {
			v = false
		}
		b, _ := json.Marshal(v)
		out[f.Name] = string(b)
	}
	return out
}

// VersionRow is one stored version, for batched reads and writes.
type VersionRow struct {
	Entity, RecordID, Field string
	Version
}

// ReadVersions loads every stored version of the given records of one entity.
func ReadVersions(tx *gorm.DB, entity string, ids []string) ([]VersionRow, error) {
	var out []VersionRow
	for start := 0; start < len(ids); start += store.MaxValues {
		chunk := ids[start:min(start+store.MaxValues, len(ids))]
		rows, err := tx.Raw(`SELECT record_id, field, hlc, device_id, base_hlc, base_device, change_id FROM replica_versions
			WHERE entity = ? AND record_id IN ?`, entity, chunk).Rows()
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			r := VersionRow{Entity: entity}
			var h, bh int64
			if err := rows.Scan(&r.RecordID, &r.Field, &h, &r.Device, &bh, &r.BaseDevice, &r.ChangeID); err != nil {
				rows.Close()
				return nil, err
			}
			r.HLC, r.BaseHLC = uint64(h), uint64(bh)
			out = append(out, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// versionSame are the columns of versions a page often writes all alike (entity, field,
// device_id, base_device): bound once a statement when they are (store.Rows).
var versionSame = []int{0, 2, 4, 6}

// PutVersions stores many versions with few statements.
func PutVersions(tx *gorm.DB, rows []VersionRow) error {
	per := max(1, store.MaxValues/8)
	for start := 0; start < len(rows); start += per {
		chunk := rows[start:min(start+per, len(rows))]
		args := make([]any, 0, 8*len(chunk))
		for _, r := range chunk {
			args = append(args, r.Entity, r.RecordID, r.Field, int64(r.HLC), r.Device, int64(r.BaseHLC), r.BaseDevice, r.ChangeID)
		}
		values, args := store.Rows(8, versionSame, args, "")
		err := store.Exec(tx, `INSERT INTO replica_versions(entity, record_id, field, hlc, device_id, base_hlc, base_device, change_id)
			VALUES `+values+` ON CONFLICT(entity, record_id, field) DO UPDATE SET hlc = excluded.hlc,
			device_id = excluded.device_id, base_hlc = excluded.base_hlc, base_device = excluded.base_device, change_id = excluded.change_id`, args...)
		if err != nil {
			return err
		}
	}
	return nil
}

// ExistingIDs returns which of ids are present in t's table.
func ExistingIDs(tx *gorm.DB, t *Type, ids []string) (map[string]bool, error) {
	out := map[string]bool{}
	for start := 0; start < len(ids); start += store.MaxValues {
		var found []string
		if err := tx.Raw(`SELECT id FROM `+t.Table+` WHERE id IN ?`, ids[start:min(start+store.MaxValues, len(ids))]).Scan(&found).Error; err != nil {
			return nil, err
		}
		for _, id := range found {
			out[id] = true
		}
	}
	return out, nil
}
