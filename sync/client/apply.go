package client

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"gorm.io/gorm"

	"outpost/domain/hlc"
	"outpost/domain/replica"
	"outpost/domain/store"
	"outpost/domain/ticket"
	"outpost/sync/merge"
	"outpost/sync/protocol"
)

// apply applies one pulled page in one transaction, in sequence order, skipping changes at or
// below the stored cursor (a duplicated or replayed page changes nothing) and moving the
// cursor with them. It returns how many changes it applied and how many conflicts it recorded.
func (c *Client) apply(ctx context.Context, cursor int64, page []protocol.Change) (int, int, error) {
	if err := c.fetchBlobs(ctx, cursor, page); err != nil {
		return 0, 0, err
	}
	applied, conflicts := 0, 0
	var maxHLC uint64
	err := store.Tx(ctx, c.Desk.DB, func(tx *gorm.DB) error {
		// A page runs the same few statements thousands of times: prepare them once.
		tx = tx.Session(&gorm.Session{PrepareStmt: true})
		applied, conflicts, maxHLC = 0, 0, 0
		cur, err := replica.StateInt(tx, replica.KeyCursor)
		if err != nil {
			return err
		}
		a := &applier{c: c, tx: tx, touched: map[string]bool{}}
		for _, ch := range page {
			if ch.Seq <= cur {
				continue
			}
			if err := a.one(ch); err != nil {
				return fmt.Errorf("apply change %d (%s %s %s): %w", ch.Seq, ch.Op, ch.Entity, ch.RecordID, err)
			}
			if err := tx.Exec(`INSERT INTO changes(id, entity, record_id, op, field, value, hlc, device_id, author_id, pushed)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1) ON CONFLICT(id) DO NOTHING`, ch.ChangeID, ch.Entity, ch.RecordID, ch.Op,
				ch.Field, string(ch.Value), int64(ch.HLC), ch.DeviceID, ch.AuthorID).Error; err != nil {
				return err
			}
			cur = ch.Seq
			maxHLC = max(maxHLC, ch.HLC)
			applied++
		}
		conflicts = a.conflicts
		if err := reindexTickets(tx, a.touched); err != nil {
			return err
		}
		return replica.SetState(tx, replica.KeyCursor, strconv.FormatInt(cur, 10))
	})
	if err == nil && maxHLC > 0 {
		// Later local edits must order after everything seen from the server.
		c.Desk.Log.Clock.Observe(hlc.Timestamp(maxHLC))
	}
	return applied, conflicts, err
}

type applier struct {
	c         *Client
	tx        *gorm.DB
	touched   map[string]bool // tickets whose search row needs rebuilding
	conflicts int
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
	exists, err := replica.Exists(a.tx, typ, ch.RecordID)
	if err != nil || !exists {
		return err // not visible here (or refused locally): nothing to change
	}
	a.touch(typ, ch.RecordID, nil)
	switch ch.Op {
	case protocol.OpTransition:
		// The server accepted it against its state machine; applying accepted moves in
		// sequence order gives every replica the server's state.
		effects, err := typ.Transition(ch.Value, int64(ch.HLC>>16))
		if err != nil {
			return err
		}
		if err := replica.SetFields(a.tx, typ, ch.RecordID, effects); err != nil {
			return err
		}
		return replica.PutVersion(a.tx, ch.Entity, ch.RecordID, ch.Field, ver)
	case protocol.OpArchive:
		return replica.SetFields(a.tx, typ, ch.RecordID, map[string]any{"archived": true})
	}
	return fmt.Errorf("unknown op %q", ch.Op)
}

func (a *applier) touch(typ *replica.Type, id string, doc map[string]json.RawMessage) {
	if typ.Entity == ticket.EntityTicket {
		a.touched[id] = true
		return
	}
	if typ.Parent != "" && doc != nil {
		var p string
		_ = json.Unmarshal(doc[typ.Parent], &p)
		if p != "" {
			a.touched[p] = true
		}
	}
}

func (a *applier) create(typ *replica.Type, ch protocol.Change, ver replica.Version) error {
	var doc map[string]json.RawMessage
	if err := json.Unmarshal(ch.Value, &doc); err != nil {
		return err
	}
	exists, err := replica.Exists(a.tx, typ, ch.RecordID)
	if err != nil {
		return err
	}
	if exists {
		// Our own create back from the server (or a re-delivery): it may carry the number the
		// server issued in place of ours, and a clamped HLC.
		if typ.Number != "" {
			var num string
			_ = json.Unmarshal(doc[typ.Number], &num)
			if err := renumber(a.tx, ch.Entity, ch.RecordID, num); err != nil {
				return err
			}
		}
	} else {
		ok, err := a.resolveRefs(typ, doc)
		if err != nil || !ok {
			return err
		}
		if _, err := replica.Insert(a.tx, typ, doc, nil); err != nil {
			return err
		}
	}
	if ch.Alias != "" && typ.Number != "" {
		if err := replica.AddAlias(a.tx, ch.RecordID, ch.Alias); err != nil {
			return err
		}
	}
	a.touch(typ, ch.RecordID, doc)
	if typ.Append {
		return nil // never edited: no versions to keep
	}
	return replica.PutVersion(a.tx, ch.Entity, ch.RecordID, "", ver)
}

// resolveRefs blanks optional references to tickets this replica cannot see (a requester's
// profile holds only their own tickets); it reports false when a required one is missing.
func (a *applier) resolveRefs(typ *replica.Type, doc map[string]json.RawMessage) (bool, error) {
	for _, f := range typ.Fields {
		target, ok := replica.Lookup(f.Ref)
		if !ok {
			continue
		}
		var id string
		if json.Unmarshal(doc[f.Name], &id) != nil || id == "" {
			continue
		}
		exists, err := replica.Exists(a.tx, target, id)
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
	curValue, exists, err := replica.ReadField(a.tx, typ, ch.RecordID, ch.Field)
	if err != nil || !exists {
		return err // not visible here (or refused locally): nothing to change
	}
	a.touch(typ, ch.RecordID, nil)
	cv, err := replica.ReadVersion(a.tx, ch.Entity, ch.RecordID, ch.Field)
	if err != nil {
		return err
	}
	cur := merge.Current{Value: curValue, Stamp: protocol.Stamp{HLC: cv.HLC, Device: cv.Device},
		Base: protocol.Stamp{HLC: cv.BaseHLC, Device: cv.BaseDevice}, ChangeID: cv.ChangeID}
	value := ch.Value
	if target, ok := replica.Lookup(f.Ref); ok {
		var id string
		if json.Unmarshal(value, &id) == nil && id != "" {
			if exists, err := replica.Exists(a.tx, target, id); err != nil {
				return err
			} else if !exists {
				value = json.RawMessage("null")
			}
		}
	}
	d := merge.Field(merge.Kind(f.Kind), ch.Field, cur, merge.Incoming{Value: value, Stamp: ch.Stamp(), Base: ch.Base, ChangeID: ch.ChangeID})
	if d.Apply {
		if err := replica.SetFields(a.tx, typ, ch.RecordID, map[string]any{ch.Field: value}); err != nil {
			return err
		}
		if err := replica.PutVersion(a.tx, ch.Entity, ch.RecordID, ch.Field, ver); err != nil {
			return err
		}
	}
	// The inbox shows conflicts this desk took part in: its own value won or lost.
	if d.Conflict != nil && cv.Device == a.c.Desk.DeviceID {
		mine, theirs, winner := cur.Value, value, "theirs"
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
