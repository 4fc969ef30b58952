package client

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"gorm.io/gorm"

	"outpost/domain/desk"
	"outpost/domain/hlc"
	"outpost/domain/replica"
	"outpost/domain/sla"
	"outpost/domain/store"
	"outpost/domain/ticket"
	"outpost/sync/merge"
	"outpost/sync/protocol"
)

// apply applies one pulled page in one transaction, in sequence order, skipping changes at or
// below the stored cursor (a duplicated or replayed page changes nothing) and moving the
// cursor with them. It returns how many changes it applied and how many conflicts it recorded.
// docs, when not nil, holds the page's created records already decoded, by index; rows,
// when not nil, the page's rows of the local change log (logRows). db is the pull's connection
// (Client.pull).
func (c *Client) apply(ctx context.Context, db *gorm.DB, cursor int64, page []protocol.Change, docs []map[string]json.RawMessage, rows []any) (int, int, error) {
	if err := c.fetchBlobs(ctx, cursor, page); err != nil {
		return 0, 0, err
	}
	applied, conflicts := 0, 0
	var maxHLC uint64
	err := store.Tx(ctx, db, func(tx *gorm.DB) error {
		applied, conflicts, maxHLC = 0, 0, 0
		// The page's records take its later edits in place. A transaction tried again (busy)
		// must start from the values the changes carried: it decodes them again.
		pageDocs := docs
		docs = nil
		if _, err := replica.AbsorbTx(tx, c.Desk.DeviceID); err != nil {
			return err
		}
		cur, err := replica.StateInt(tx, replica.KeyCursor)
		if err != nil {
			return err
		}
		// Sized for the page up front: grown from empty, the version maps' rehashing was 3 % of
		// a page's CPU (a change sets at most one version and writes about one audit line).
		a := &applier{c: c, tx: tx, touched: roots{}, exists: make(map[string]bool, len(page)),
			versions: make(map[vkey]replica.Version, len(page)), isDirty: make(map[vkey]bool, len(page)),
			dirty: make([]vkey, 0, len(page)), page: page, logRows: rows, log: make([]int, 0, len(page)),
			audit: make([]ticket.AuditEntry, 0, len(page))}
		if err := a.preload(page, cur); err != nil {
			return err
		}
		for i, ch := range page {
			if ch.Seq <= cur {
				continue
			}
			a.decoded = nil
			if pageDocs != nil {
				a.decoded = pageDocs[i]
			}
			if err := a.one(ch); err != nil {
				return fmt.Errorf("apply change %d (%s %s %s): %w", ch.Seq, ch.Op, ch.Entity, ch.RecordID, err)
			}
			a.log = append(a.log, i)
			// another desk's configuration change (this desk recomputed when it made its own)
			a.config = a.config || (isConfig[ch.Entity] && ch.DeviceID != c.Desk.DeviceID)
			cur = ch.Seq
			maxHLC = max(maxHLC, ch.HLC)
			applied++
		}
		if err := a.derive(); err != nil {
			return err
		}
		a.buildRows()
		a.now = c.Desk.Now().UTC()
		if err := a.settle(); err != nil {
			return err
		}
		if err := a.flush(); err != nil {
			return err
		}
		conflicts = a.conflicts
		if err := a.dropUnseen(); err != nil {
			return err
		}
		if err := reindex(tx, a.touched, a.bare()); err != nil {
			return err
		}
		if err := a.afterWrite(); err != nil {
			return err
		}
		if a.config {
			// Recomputed once after the pull (Client.Sync), not per op; the mark survives a crash.
			if err := sla.MarkStale(tx); err != nil {
				return err
			}
		}
		return replica.SetState(tx, replica.KeyCursor, strconv.FormatInt(cur, 10))
	})
	if err == nil && maxHLC > 0 {
		// Later local edits must order after everything seen from the server.
		c.Desk.Log.Clock.Observe(hlc.Timestamp(maxHLC))
	}
	return applied, conflicts, err
}

// vkey names a field version: entity, record id, field ("" for the record's create).
type vkey struct{ entity, id, field string }

type freshRecord struct {
	typ   *replica.Type
	doc   map[string]json.RawMessage
	local map[string]any
}

type applier struct {
	c         *Client
	tx        *gorm.DB
	touched   roots // root records whose search rows and write hooks need running
	conflicts int
	// Page-wide caches, loaded in a few queries and written back at the end: a page touches
	// the same records many times, and every statement costs a parse.
	exists   map[string]bool // entity/id -> present
	versions map[vkey]replica.Version
	// Records created in this page are kept here and inserted at the end, with the page's
	// later edits already folded in: one multi-row insert instead of an insert and updates.
	fresh      map[string]*freshRecord // entity/id
	freshOrder []*freshRecord
	aliases    [][3]string // entity, record id, old number
	dirty      []vkey
	isDirty    map[vkey]bool
	page       []protocol.Change
	log        []int                      // the page's changes to write into the local log, by index
	logRows    []any                      // logRows of the page, or nil
	audit      []ticket.AuditEntry        // the trail of remote ticket ops, written before the records (flush)
	decoded    map[string]json.RawMessage // the current change's record, decoded ahead (or nil)
	// tickets that got a comment, attachment or link in this page: the SLA hook reads them back
	withChildren map[string]bool
	// records whose derived fields follow a field the page wrote, in page order (derived.go)
	derived      map[string]*toDerive
	derivedOrder []*toDerive
	config       bool      // the page changed configuration (desk.ConfigKinds)
	now          time.Time // the page's instant, for its new tickets' SLA state and the write hooks
	// the SLA state of the page's new tickets, computed before their insert, which writes it
	// (sla.Service.Settle), and the new tickets handed to the write hooks (inserted)
	settled  *sla.Settled
	finish   func() (*sla.Settled, error) // settled, once derived (settle)
	rows     chan builtRows               // the new records' column values, once built (buildRows)
	newTicks map[string]*ticket.Inserted
}

// isConfig holds the kinds whose pulled changes make the desk reload and recompute.
var isConfig = func() map[string]bool {
	m := map[string]bool{}
	for _, e := range desk.ConfigKinds() {
		m[e] = true
	}
	return m
}()

// preload reads which of the page's records exist and their versions.
func (a *applier) preload(page []protocol.Change, cursor int64) error {
	byEntity := map[string][]string{}
	seen := map[string]bool{}
	for _, ch := range page {
		if key := ch.Entity + "/" + ch.RecordID; ch.Seq > cursor && !seen[key] {
			seen[key] = true
			byEntity[ch.Entity] = append(byEntity[ch.Entity], ch.RecordID)
		}
	}
	for entity, ids := range byEntity {
		typ, ok := replica.Lookup(entity)
		if !ok {
			continue
		}
		found, err := replica.ExistingIDs(a.tx, typ, ids)
		if err != nil {
			return err
		}
		for _, id := range ids {
			a.exists[entity+"/"+id] = found[id]
		}
		rows, err := replica.ReadVersions(a.tx, entity, ids)
		if err != nil {
			return err
		}
		for _, r := range rows {
			a.versions[vkey{entity, r.RecordID, r.Field}] = r.Version
		}
	}
	return nil
}

func (a *applier) has(typ *replica.Type, id string) (bool, error) {
	key := typ.Entity + "/" + id
	if v, ok := a.exists[key]; ok {
		return v, nil
	}
	v, err := replica.Exists(a.tx, typ, id)
	a.exists[key] = v
	return v, err
}

func (a *applier) version(entity, id, field string) replica.Version {
	if v, ok := a.versions[vkey{entity, id, field}]; ok {
		return v
	}
	return a.versions[vkey{entity, id, ""}]
}

func (a *applier) setVersion(entity, id, field string, v replica.Version) {
	key := vkey{entity, id, field}
	a.versions[key] = v
	if a.isDirty == nil {
		a.isDirty = map[vkey]bool{}
	}
	if !a.isDirty[key] {
		a.isDirty[key] = true
		a.dirty = append(a.dirty, key)
	}
}

// flush writes the page's records, versions and audit lines, and its changes into the local
// log (history, and the highest HLC seen survives a restart). The records go last: their
// column values (buildRows) and the new tickets' SLA state (settle) are made on other
// goroutines while the rest is written.
func (a *applier) flush() error {
	// The audit lines are chained beside the versions' and the log's inserts, and go after them.
	chained, err := a.prepareAudit()
	if err != nil {
		return err
	}
	rows := make([]replica.VersionRow, 0, len(a.dirty))
	for _, key := range a.dirty {
		rows = append(rows, replica.VersionRow{Entity: key.entity, RecordID: key.id, Field: key.field, Version: a.versions[key]})
	}
	if err := replica.PutVersions(a.tx, rows); err != nil {
		return err
	}
	per := max(1, store.MaxValues/logColumns)
	for start := 0; start < len(a.log); start += per {
		chunk := a.log[start:min(start+per, len(a.log))]
		args := make([]any, 0, logColumns*len(chunk))
		for _, at := range chunk {
			if a.logRows != nil {
				args = append(args, a.logRows[at*logColumns:(at+1)*logColumns]...)
			} else {
				args = appendLogRow(args, a.page[at])
			}
		}
		values, args := store.Rows(logColumns, logSame, args, "1")
		if err := store.Exec(a.tx, `INSERT OR FAIL INTO changes(id, entity, record_id, op, field, value, hlc, device_id, author_id, pushed)
			VALUES `+values+` ON CONFLICT(id) DO NOTHING`, args...); err != nil {
			return err
		}
	}
	batch, err := chained()
	if err != nil {
		return err
	}
	if err := batch.Write(a.tx); err != nil {
		return err
	}
	if a.finish != nil {
		settled, err := a.finish()
		if err != nil {
			return err
		}
		a.settled, a.finish = settled, nil
	}
	if a.rows == nil {
		a.buildRows()
	}
	var built builtRows
	if a.rows != nil {
		built, a.rows = <-a.rows, nil
	}
	if built.err != nil {
		return built.err
	}
	for _, typ := range replica.Types() { // roots before children, page order within a type
		var docs []map[string]json.RawMessage
		var values [][]any
		for i, r := range a.freshOrder {
			if r.typ == typ {
				docs, values = append(docs, r.doc), append(values, built.values[i])
			}
		}
		if len(docs) > 0 {
			if err := replica.InsertRows(a.tx, typ, values, a.extra(typ, docs)); err != nil {
				return err
			}
		}
	}
	for _, al := range a.aliases {
		if err := replica.KeepAlias(a.tx, al[0], al[1], al[2]); err != nil {
			return err
		}
	}
	return nil
}

// bare reports the records the page inserted that have no children and no old number (no
// alias kept) in it: before the page they did not exist, so nothing else references them.
func (a *applier) bare() func(entity, id string) bool {
	aliased := make(map[string]bool, len(a.aliases))
	for _, al := range a.aliases {
		aliased[al[0]+"/"+al[1]] = true
	}
	return func(entity, id string) bool {
		key := entity + "/" + id
		return a.fresh[key] != nil && !a.withChildren[id] && !aliased[key]
	}
}

// builtRows are the column values of the page's new records, by their index in freshOrder.
type builtRows struct {
	values [][]any
	err    error
}

// buildRows starts building the column values of the page's new records on another
// goroutine: their records are final once the page's changes and derived fields are in, and
// flush writes the page's other rows meanwhile. Turning every field into its column was
// 0.18 s of the applying goroutine's CPU in 5 pulls of 20000 ops.
func (a *applier) buildRows() {
	if len(a.freshOrder) == 0 {
		return
	}
	fresh := a.freshOrder
	done := make(chan builtRows, 1)
	go func() {
		out := builtRows{values: make([][]any, len(fresh))}
		for i, r := range fresh {
			if out.values[i], out.err = replica.RowValues(r.typ, r.doc, r.local); out.err != nil {
				break
			}
		}
		done <- out
	}()
	a.rows = done
}

// logColumns is how many values a change's row of the local log binds (flush).
const logColumns = 9

// logSame are the columns of the log's rows a page's changes often all share (entity, op,
// field, device, author): bound once a statement when they do (store.Rows).
var logSame = []int{1, 3, 4, 7, 8}

// appendLogRow appends a pulled change's row of the local log, as flush's insert lists them.
func appendLogRow(args []any, ch protocol.Change) []any {
	return append(args, ch.ChangeID, ch.Entity, ch.RecordID, ch.Op, ch.Field, string(ch.Value), int64(ch.HLC), ch.DeviceID, ch.AuthorID)
}

// logRows returns a page's rows of the local log, logColumns values a change, by index: built
// beside the apply of the page before (fetchPage), they spare the applying goroutine a copy of
// every value and nine boxed arguments a change.
func logRows(page []protocol.Change) []any {
	args := make([]any, 0, logColumns*len(page))
	for _, ch := range page {
		args = appendLogRow(args, ch)
	}
	return args
}

func (a *applier) one(ch protocol.Change) error {
	typ, ok := replica.Lookup(ch.Entity)
	if !ok {
		return nil // a record type this version does not know yet
	}
	stamp := ch.Stamp()
	ver := replica.Version{HLC: stamp.HLC, Device: stamp.Device, BaseHLC: ch.Base.HLC, BaseDevice: ch.Base.Device, ChangeID: ch.ChangeID}
	switch ch.Op {
	case protocol.OpCreate, protocol.OpAppend:
		return a.create(typ, ch, ver)
	}
	if ch.Op == protocol.OpSet {
		return a.set(typ, ch, ver)
	}
	exists, err := a.has(typ, ch.RecordID)
	if err != nil || !exists {
		return err // not visible here (or refused locally): nothing to change
	}
	a.touch(typ, ch.RecordID, nil)
	a.audit = append(a.audit, a.auditFor(typ, ch, nil, nil, false)...)
	switch ch.Op {
	case protocol.OpTransition:
		// The server accepted it against its state machine; applying accepted moves in
		// sequence order gives every replica the server's state.
		effects, err := typ.Transition(ch.Value, int64(ch.HLC>>16))
		if err != nil {
			return err
		}
		if err := a.setFields(typ, ch.RecordID, effects); err != nil {
			return err
		}
		a.setVersion(ch.Entity, ch.RecordID, ch.Field, ver)
		return nil
	case protocol.OpArchive:
		return a.setFields(typ, ch.RecordID, map[string]any{"archived": true})
	}
	return fmt.Errorf("unknown op %q", ch.Op)
}

// setFields changes a record: in the page's buffer if it was created in this page, else in
// its table.
func (a *applier) setFields(typ *replica.Type, id string, values map[string]any) error {
	r, ok := a.fresh[typ.Entity+"/"+id]
	if !ok {
		return replica.SetFields(a.tx, typ, id, values)
	}
	for name, v := range values {
		f, ok := typ.Field(name)
		if !ok {
			return fmt.Errorf("%s has no field %s", typ.Entity, name)
		}
		if f.Kind == replica.Local {
			r.local[name] = v
			continue
		}
		raw, isRaw := v.(json.RawMessage)
		if !isRaw {
			var err error
			if raw, err = json.Marshal(v); err != nil {
				return err
			}
		}
		r.doc[name] = raw
	}
	return nil
}

// touch notes the root record a change reaches (the record, or a child's parent), for its
// kind's reindex and write hooks.
func (a *applier) touch(typ *replica.Type, id string, doc map[string]json.RawMessage) {
	if typ.Parent == "" {
		a.touched.add(typ.Entity, id)
		return
	}
	if doc != nil {
		if p, _ := replica.JSONString(doc[typ.Parent]); p != "" {
			a.touched.add(parentEntity(typ), p)
			if a.withChildren == nil {
				a.withChildren = map[string]bool{}
			}
			a.withChildren[p] = true
		}
	}
}

func (a *applier) create(typ *replica.Type, ch protocol.Change, ver replica.Version) error {
	// Decoded ahead for this attempt alone (apply): the record takes the page's later edits.
	doc := a.decoded
	if doc == nil {
		var err error
		if doc, err = replica.DecodeDoc(ch.Value); err != nil {
			return err
		}
	}
	exists, err := a.has(typ, ch.RecordID)
	if err != nil {
		return err
	}
	if exists {
		// Our own create back from the server (or a re-delivery): it may carry the number the
		// server issued in place of ours, and a clamped HLC.
		if typ.Number != "" {
			num, _ := replica.JSONString(doc[typ.Number])
			if err := renumber(a.tx, ch.Entity, ch.RecordID, num); err != nil {
				return err
			}
		}
	} else {
		ok, err := a.resolveRefs(typ, doc)
		if err != nil || !ok {
			return err
		}
		r := &freshRecord{typ: typ, doc: doc, local: map[string]any{}}
		if a.fresh == nil {
			a.fresh = map[string]*freshRecord{}
		}
		a.fresh[typ.Entity+"/"+ch.RecordID] = r
		a.freshOrder = append(a.freshOrder, r)
		a.exists[typ.Entity+"/"+ch.RecordID] = true
		a.audit = append(a.audit, a.auditFor(typ, ch, doc, nil, false)...)
	}
	if ch.Alias != "" && typ.Number != "" {
		a.aliases = append(a.aliases, [3]string{ch.Entity, ch.RecordID, ch.Alias}) // after the record is inserted
	}
	a.touch(typ, ch.RecordID, doc)
	if typ.Append {
		return nil // never edited: no versions to keep
	}
	a.setVersion(ch.Entity, ch.RecordID, "", ver)
	return nil
}

// resolveRefs blanks optional references to tickets this replica cannot see (a requester's
// profile holds only their own tickets); it reports false when a required one is missing.
func (a *applier) resolveRefs(typ *replica.Type, doc map[string]json.RawMessage) (bool, error) {
	for _, f := range typ.Fields {
		target, ok := replica.Lookup(f.Ref)
		if !ok {
			continue
		}
		id, _ := replica.JSONString(doc[f.Name])
		if id == "" {
			continue
		}
		exists, err := a.has(target, id)
		if err != nil {
			return false, err
		}
		if !exists {
			if f.Type != replica.NullText {
				return false, nil
			}
			doc[f.Name] = json.RawMessage("null")
		}
	}
	return true, nil
}

func (a *applier) set(typ *replica.Type, ch protocol.Change, ver replica.Version) error {
	f, ok := typ.Field(ch.Field)
	if !ok {
		return nil
	}
	exists, err := a.has(typ, ch.RecordID)
	if err != nil || !exists {
		return err // not visible here (or refused locally): nothing to change
	}
	a.touch(typ, ch.RecordID, nil)
	cv := a.version(ch.Entity, ch.RecordID, ch.Field)
	cur := merge.Current{Stamp: protocol.Stamp{HLC: cv.HLC, Device: cv.Device},
		Base: protocol.Stamp{HLC: cv.BaseHLC, Device: cv.BaseDevice}, ChangeID: cv.ChangeID}
	value := ch.Value
	if target, ok := replica.Lookup(f.Ref); ok {
		if id, _ := replica.JSONString(value); id != "" {
			if exists, err := a.has(target, id); err != nil {
				return err
			} else if !exists {
				value = json.RawMessage("null")
			}
		}
	}
	in := merge.Incoming{Value: value, Stamp: ch.Stamp(), Base: ch.Base, ChangeID: ch.ChangeID}
	if !merge.Sequential(cur, in) {
		// Only a concurrent write can conflict: only then is the current value needed.
		if r, ok := a.fresh[typ.Entity+"/"+ch.RecordID]; ok {
			cur.Value = r.doc[ch.Field]
		} else if cur.Value, _, err = replica.ReadField(a.tx, typ, ch.RecordID, ch.Field); err != nil {
			return err
		}
	}
	d := merge.Field(f.Kind, ch.Field, cur, in)
	if (typ.Entity == ticket.EntityTicket || typ.Parent == "") && ch.DeviceID != a.c.Desk.DeviceID {
		// The trail names the value the field had here before the op (every root kind has a
		// trail: auditFor).
		old := cur.Value
		if d.Apply && merge.Sequential(cur, merge.Incoming{Value: value, Stamp: ch.Stamp(), Base: ch.Base, ChangeID: ch.ChangeID}) {
			if r, ok := a.fresh[typ.Entity+"/"+ch.RecordID]; ok {
				old = r.doc[ch.Field]
			} else if old, _, err = replica.ReadField(a.tx, typ, ch.RecordID, ch.Field); err != nil {
				return err
			}
		}
		a.audit = append(a.audit, a.auditFor(typ, ch, nil, old, d.Apply)...)
	}
	if d.Apply {
		if err := a.setFields(typ, ch.RecordID, map[string]any{ch.Field: value}); err != nil {
			return err
		}
		a.setVersion(ch.Entity, ch.RecordID, ch.Field, ver)
		a.followed(typ, ch)
	}
	// The inbox shows conflicts this desk took part in: its own value won or lost.
	if d.Conflict != nil && cv.Device == a.c.Desk.DeviceID {
		mine, theirs, winner := cur.Value, in.Value, "theirs"
		if !d.Apply {
			winner = "mine"
		}
		err := replica.SaveConflict(a.tx, replica.Conflict{Entity: ch.Entity, RecordID: ch.RecordID, Field: ch.Field, Kind: string(f.Kind),
			Mine: mine, Theirs: theirs, MineHLC: cv.HLC, TheirsHLC: ch.HLC, TheirsDevice: ch.DeviceID, Winner: winner,
			CreatedAt: a.c.Desk.Now().UnixMilli()})
		if err != nil {
			return err
		}
		a.conflicts++
	}
	return nil
}

// fetchBlobs downloads, before the page's transaction, the content of attachments the page
// adds and this profile lacks, checking each against its hash.
func (c *Client) fetchBlobs(ctx context.Context, cursor int64, page []protocol.Change) error {
	for _, ch := range page {
		typ, ok := replica.Lookup(ch.Entity)
		if ch.Seq <= cursor || !ok || typ.Blob == "" || ch.Op != protocol.OpAppend {
			continue
		}
		var doc map[string]json.RawMessage
		if err := json.Unmarshal(ch.Value, &doc); err != nil {
			return err
		}
		var sha string
		_ = json.Unmarshal(doc[typ.Blob], &sha)
		var n int64
		if err := c.Desk.DB.WithContext(ctx).Raw(`SELECT COUNT(*) FROM blobs WHERE sha256 = ?`, sha).Scan(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			continue
		}
		var data []byte
		if err := c.call(ctx, http.MethodGet, "/blobs/"+sha, nil, &data); err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		if hex.EncodeToString(sum[:]) != sha {
			return fmt.Errorf("blob %s: the server sent content with another hash", sha)
		}
		if err := c.Desk.DB.WithContext(ctx).Exec(`INSERT INTO blobs(sha256, size, data) VALUES (?, ?, ?) ON CONFLICT(sha256) DO NOTHING`,
			sha, len(data), data).Error; err != nil {
			return err
		}
	}
	return nil
}

// dropUnseen removes the records of private kinds (saved views) the page took away from the
// signed-in person: a view no longer shared with their group. The server sends them no more
// of its changes; should it be shared with them again, it comes back whole (the server
// sends its create again), so no stale copy is kept meanwhile.
func (a *applier) dropUnseen() error {
	var user string
	for entity, ids := range a.touched {
		typ, ok := replica.Lookup(entity)
		if !ok || !typ.Private {
			continue
		}
		if user == "" {
			var err error
			if user, err = replica.State(a.tx, replica.KeyUserID); err != nil || user == "" {
				return err
			}
		}
		for id := range ids {
			doc, err := replica.ReadDoc(a.tx, typ, id)
			if err != nil || doc == nil {
				return err
			}
			seen, err := privateSeen(a.tx, typ, doc, user)
			if err != nil {
				return err
			}
			if !seen {
				if err := replica.Remove(a.tx, typ, id); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// privateSeen reports whether user sees doc of a private kind, as the server judges it: they
// own it, or are a member of the group it is shared with.
func privateSeen(tx *gorm.DB, typ *replica.Type, doc map[string]json.RawMessage, user string) (bool, error) {
	for _, f := range typ.Owners {
		if id, _ := replica.JSONString(doc[f]); id == user {
			return true, nil
		}
	}
	group, _ := replica.JSONString(doc[typ.Audience])
	if typ.Audience == "" || group == "" {
		return false, nil
	}
	var n int64
	err := tx.Raw(`SELECT COUNT(*) FROM group_members WHERE group_id = ? AND user_id = ? AND active = 1`, group, user).Scan(&n).Error
	return n > 0, err
}
