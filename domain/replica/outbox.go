package replica

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"gorm.io/gorm"

	"outpost/domain/changelog"
)

// Sync state keys.
const (
	KeyServer   = "server_url"
	KeyToken    = "device_token"
	KeyUserID   = "user_id"
	KeyCursor   = "pull_cursor"
	KeyLastOpID = "last_op_id"
	KeyLastSync = "last_sync"
)

// State reads one sync state value ("" when unset).
func State(tx *gorm.DB, key string) (string, error) {
	var v string
	err := tx.Raw(`SELECT value FROM sync_state WHERE key = ?`, key).Row().Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetState writes one sync state value.
func SetState(tx *gorm.DB, key, value string) error {
	return tx.Exec(`INSERT INTO sync_state(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value).Error
}

// StateInt reads a numeric state value (0 when unset).
func StateInt(tx *gorm.DB, key string) (int64, error) {
	s, err := State(tx, key)
	if err != nil || s == "" {
		return 0, err
	}
	var n int64
	_, err = fmt.Sscan(s, &n)
	return n, err
}

// Absorb takes this device's new change-log rows into the outbox, in log order: each gets the
// next op id and the version of its field at that moment (what its author saw), and becomes
// the field's current version. It runs before every pull is applied, so a local edit and a
// remote one are always compared version to version.
func Absorb(ctx context.Context, db *gorm.DB, deviceID string) (int, error) {
	n := 0
	err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		n, err = AbsorbTx(tx, deviceID)
		return err
	})
	return n, err
}

// AbsorbTx is Absorb inside the caller's transaction. Applying pulled changes calls it first
// in the same transaction, so a local edit made while a sync runs is never compared against
// a stale version.
func AbsorbTx(tx *gorm.DB, deviceID string) (int, error) {
	n := 0
	err := func() error {
		// A restored desk waits for the server's op sequence first (restored.go).
		if restored, err := Restored(tx); err != nil || restored {
			return err
		}
		var rows []changelog.Change
		if err := tx.Raw(`SELECT * FROM changes c WHERE c.pushed = 0 AND c.device_id = ?
			AND NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.change_seq = c.seq) ORDER BY c.seq`, deviceID).Scan(&rows).Error; err != nil {
			return err
		}
		if len(rows) == 0 {
			return nil
		}
		var last int64
		if err := tx.Raw(`SELECT MAX(COALESCE((SELECT MAX(op_id) FROM sync_outbox), 0),
			COALESCE((SELECT CAST(value AS INTEGER) FROM sync_state WHERE key = ?), 0))`, KeyOpFloor).Scan(&last).Error; err != nil {
			return err
		}
		for _, c := range rows {
			if _, ok := Lookup(c.Entity); !ok {
				// Not a synced record type (yet): it stays in the local log only.
				if err := tx.Exec(`UPDATE changes SET pushed = 1 WHERE seq = ?`, c.Seq).Error; err != nil {
					return err
				}
				continue
			}
			field := c.Field
			if c.Op == changelog.OpCreate || c.Op == changelog.OpAppend {
				field = ""
			}
			base, err := ReadVersion(tx, c.Entity, c.RecordID, field)
			if err != nil {
				return err
			}
			if c.Op == changelog.OpCreate || c.Op == changelog.OpAppend {
				base = Version{}
			}
			last++
			if err := tx.Exec(`INSERT INTO sync_outbox(op_id, change_seq, base_hlc, base_device) VALUES (?, ?, ?, ?)`,
				last, c.Seq, int64(base.HLC), base.Device).Error; err != nil {
				return err
			}
			v := Version{HLC: uint64(c.HLC), Device: deviceID, BaseHLC: base.HLC, BaseDevice: base.Device, ChangeID: c.ID}
			if err := PutVersion(tx, c.Entity, c.RecordID, field, v); err != nil {
				return err
			}
			n++
		}
		return nil
	}()
	return n, err
}

// OutOp is an op waiting to be pushed.
type OutOp struct {
	OpID   int64
	Change changelog.Change
	Base   Version
}

// Pending lists up to limit ops not yet answered by the server, in op id order, stopping
// before the op that would take their values over maxBytes (the first op comes whatever its
// size) and before a gap in the op ids.
func Pending(ctx context.Context, db *gorm.DB, limit, maxBytes int) ([]OutOp, error) {
	rows, err := db.WithContext(ctx).Raw(`SELECT o.op_id, o.base_hlc, o.base_device, c.seq, c.id, c.entity, c.record_id, c.op, c.field,
		c.value, c.hlc, c.device_id, c.author_id, c.cause FROM sync_outbox o JOIN changes c ON c.seq = o.change_seq
		WHERE o.status = 'pending' ORDER BY o.op_id LIMIT ?`, limit).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []OutOp
	size := 0
	for rows.Next() {
		var o OutOp
		var bh int64
		c := &o.Change
		if err := rows.Scan(&o.OpID, &bh, &o.Base.Device, &c.Seq, &c.ID, &c.Entity, &c.RecordID, &c.Op, &c.Field, &c.Value, &c.HLC, &c.DeviceID, &c.AuthorID, &c.Cause); err != nil {
			return nil, err
		}
		if size += len(c.Value); size > maxBytes && len(out) > 0 {
			break
		}
		// A batch's op ids run by one: a restored desk's new ops start after the server's last
		// op, past the ops it replays (restored.go), and go in the next batch.
		if len(out) > 0 && o.OpID != out[len(out)-1].OpID+1 {
			break
		}
		o.Base.HLC = uint64(bh)
		out = append(out, o)
	}
	return out, rows.Err()
}

// PendingCount is how many local changes wait for the server (absorbed or not).
func PendingCount(ctx context.Context, db *gorm.DB, deviceID string) (int64, error) {
	var n int64
	err := db.WithContext(ctx).Raw(`SELECT (SELECT COUNT(*) FROM sync_outbox WHERE status = 'pending') +
		(SELECT COUNT(*) FROM changes c WHERE c.pushed = 0 AND c.device_id = ? AND NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.change_seq = c.seq))`, deviceID).Scan(&n).Error
	return n, err
}

// MarkAccepted records the server's acceptance of an op (with the HLC it stored).
func MarkAccepted(tx *gorm.DB, op OutOp, h uint64) error {
	if err := tx.Exec(`UPDATE sync_outbox SET status = 'accepted' WHERE op_id = ?`, op.OpID).Error; err != nil {
		return err
	}
	if err := tx.Exec(`UPDATE changes SET pushed = 1 WHERE seq = ?`, op.Change.Seq).Error; err != nil {
		return err
	}
	if h != 0 && h != uint64(op.Change.HLC) {
		return RestampChange(tx, op.Change.ID, h)
	}
	return nil
}

// Rejection is an op the server refused, kept for its author.
type Rejection struct {
	OpID     int64           `json:"opId"`
	ChangeID string          `json:"changeId"`
	Entity   string          `json:"entity"`
	RecordID string          `json:"recordId"`
	Op       string          `json:"op"`
	Field    string          `json:"field"`
	Value    json.RawMessage `json:"value"`
	AuthorID string          `json:"authorId"`
	Code     string          `json:"code"`
	Reason   string          `json:"reason"`
	At       int64           `json:"at"`
	Seen     bool            `json:"seen"`
	// Auto marks the desk's own work (auto-close, SLA escalations) that its signed-in user
	// pushed; set by the sync client, which knows the desk's system user.
	Auto bool `json:"auto"`
}

// MarkRejected stores a refusal for the op's author and takes the op out of the outbox. The
// op's version no longer counts: the caller restores the server's values.
func MarkRejected(tx *gorm.DB, op OutOp, code, reason string, at int64) error {
	if err := tx.Exec(`UPDATE sync_outbox SET status = 'rejected' WHERE op_id = ?`, op.OpID).Error; err != nil {
		return err
	}
	if err := tx.Exec(`UPDATE changes SET pushed = 1 WHERE seq = ?`, op.Change.Seq).Error; err != nil {
		return err
	}
	c := op.Change
	return tx.Exec(`INSERT INTO sync_rejected(op_id, change_id, entity, record_id, op, field, value, author_id, code, reason, at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(op_id) DO NOTHING`,
		op.OpID, c.ID, c.Entity, c.RecordID, c.Op, c.Field, c.Value, c.AuthorID, code, reason, at).Error
}

// Rejections lists the refused ops of the given authors (of everyone when none is given),
// newest first.
func Rejections(ctx context.Context, db *gorm.DB, authorIDs ...string) ([]Rejection, error) {
	q, args := db.WithContext(ctx).Table("sync_rejected"), []any{}
	where := ""
	if len(authorIDs) > 0 {
		where, args = ` WHERE author_id IN ?`, append(args, authorIDs)
	}
	rows, err := q.Raw(`SELECT op_id, change_id, entity, record_id, op, field, value, author_id, code, reason, at, seen
		FROM sync_rejected`+where+` ORDER BY op_id DESC`, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Rejection
	for rows.Next() {
		var r Rejection
		var v string
		if err := rows.Scan(&r.OpID, &r.ChangeID, &r.Entity, &r.RecordID, &r.Op, &r.Field, &v, &r.AuthorID, &r.Code, &r.Reason, &r.At, &r.Seen); err != nil {
			return nil, err
		}
		r.Value = json.RawMessage(v)
		out = append(out, r)
	}
	return out, rows.Err()
}
