package audit

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"outpost/domain/store"
)

// sealPending is the setting migration 0017 leaves for Seal: rows written before the chain
// existed wait to be chained.
const sealPending = "audit_seal_pending"

// sealBatch is how many legacy rows Seal reads and rewrites at a time.
const sealBatch = 5000

// Seal chains, once, the rows written before the chain existed, in the order they were
// written (rowid), in one transaction, then clears the setting that asked for it. SQLite has
// no sha256 function, so migration 0017 cannot do it. Those rows get seq, prev_hash and hash
// like any later entry, so each stays verifiable on its own; an anchor entry covering them
// all would only tell that something among them changed. Rows that turn up without a seq
// after this are reported by Verify, never chained silently.
func Seal(ctx context.Context, db *gorm.DB) error {
	var pending string
	if err := db.WithContext(ctx).Raw(`SELECT value FROM settings WHERE key = ?`, sealPending).Scan(&pending).Error; err != nil {
		return fmt.Errorf("seal the audit trail: %w", err)
	}
	if pending != "1" {
		return nil
	}
	err := store.Tx(ctx, db, func(tx *gorm.DB) error {
		c, err := Tail(tx)
		if err != nil {
			return err
		}
		var after int64
		for {
			type legacy struct {
				Rowid int64
				Entry
			}
			var batch []legacy
			rows, err := tx.Raw(`SELECT rowid, id, entity, ticket_id, actor_id, at, field, old_value, new_value
				FROM audit_entries WHERE seq IS NULL AND rowid > ? ORDER BY rowid LIMIT ?`, after, sealBatch).Rows()
			if err != nil {
				return err
			}
			for rows.Next() {
				var r legacy
				if err := rows.Scan(&r.Rowid, &r.ID, &r.Entity, &r.RecordID, &r.ActorID, &r.At, &r.Field, &r.Old, &r.New); err != nil {
					rows.Close()
					return err
				}
				batch = append(batch, r)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			if len(batch) == 0 {
				break
			}
			for _, r := range batch {
				l := c.Next(r.Entry)
				if err := store.Exec(tx, `UPDATE audit_entries SET seq = ?, prev_hash = ?, hash = ? WHERE rowid = ?`,
					l.Seq, l.Prev, l.Hash, r.Rowid); err != nil {
					return err
				}
			}
			after = batch[len(batch)-1].Rowid
		}
		return tx.Exec(`DELETE FROM settings WHERE key = ?`, sealPending).Error
	})
	if err != nil {
		return fmt.Errorf("seal the audit trail: %w", err)
	}
	return nil
}
