package server

import (
	"fmt"

	"gorm.io/gorm"

	"outpost/domain/fault"
	"outpost/sync/protocol"
	"outpost/sync/server/store"
)

// autoWork keeps automatic work from being done once per joined desk. Every desk holding a
// ticket runs the same SLA sweep and auto-close, so each pushes the same work under the same
// key (protocol.Op.AutoKey). The first device whose op under a key is accepted owns it: its
// other ops under that key (a raise's priority and reason) are judged as usual, and another
// device's are refused as duplicates, which the corrections then undo on that desk.
type autoWork struct {
	done  map[string]string // key -> owning device, as stored or taken in this batch
	fresh []store.AutoKey   // taken in this batch, written with its changes
}

// load reads, in one query, which keys of the batch's new ops are already owned.
func (w *autoWork) load(tx *gorm.DB, ops []protocol.Op, lastOpID int64) error {
	var keys []string
	for _, op := range ops {
		if op.OpID > lastOpID && op.Auto && op.AutoKey != "" {
			keys = append(keys, op.AutoKey)
		}
	}
	var err error
	w.done, err = store.AutoKeys(tx, keys)
	return err
}

// duplicate refuses an op whose automatic work another device already did.
func (w *autoWork) duplicate(op protocol.Op, device string) error {
	if !op.Auto || op.AutoKey == "" {
		return nil
	}
	if owner, ok := w.done[op.AutoKey]; ok && owner != device {
		return fmt.Errorf("another desk already did %s: %w", op.AutoKey, fault.ErrDuplicate)
	}
	return nil
}

// accepted makes the device the owner of an accepted op's key, if nobody was.
func (w *autoWork) accepted(op protocol.Op, device string, seq int64) {
	if !op.Auto || op.AutoKey == "" {
		return
	}
	if _, ok := w.done[op.AutoKey]; ok {
		return
	}
	if w.done == nil {
		w.done = map[string]string{}
	}
	w.done[op.AutoKey] = device
	w.fresh = append(w.fresh, store.AutoKey{Key: op.AutoKey, DeviceID: device, Seq: seq})
}

// flush stores the keys taken in this batch, in its transaction.
func (w *autoWork) flush(tx *gorm.DB) error {
	return store.PutAutoKeys(tx, w.fresh)
}
