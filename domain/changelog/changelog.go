// Package changelog records every domain write as per-field changes, stamped with a hybrid
// logical clock and the device id, in the same transaction as the write. Sync reads it; the
// audit view and tests read it too.
package changelog

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/fault"
	"outpost/domain/hlc"
)

// Ops a change can carry.
const (
	OpCreate     = "create"     // a new record; value is the full record
	OpSet        = "set"        // one field; value is the new value
	OpTransition = "transition" // a state change; value is {"from":..,"to":..,...}
	OpAppend     = "append"     // an append-only child (comment, audit, link, attachment)
	OpArchive    = "archive"    // business records are archived, never deleted
)

// Change is one row of the log.
type Change struct {
	Seq      int64         `gorm:"column:seq;primaryKey;autoIncrement"`
	ID       string        `gorm:"column:id"`
	Entity   string        `gorm:"column:entity"`
	RecordID string        `gorm:"column:record_id"`
	Op       string        `gorm:"column:op"`
	Field    string        `gorm:"column:field"`
	Value    string        `gorm:"column:value"`
	HLC      hlc.Timestamp `gorm:"column:hlc"`
	DeviceID string        `gorm:"column:device_id"`
	AuthorID string        `gorm:"column:author_id"`
	Pushed   bool          `gorm:"column:pushed"`
	// Cause is the key of the automatic work the change belongs to ("" for a person's edit).
	Cause string `gorm:"column:cause"`
}

// TableName is the log's table.
func (Change) TableName() string { return "changes" }

// Log appends changes for one device.
type Log struct {
	DeviceID string
	Clock    *hlc.Clock
}

// Open reads the device id and the highest timestamp in the log, so a restarted device never
// issues a timestamp at or below one it already wrote.
func Open(ctx context.Context, db *gorm.DB, deviceID string, wall func() time.Time) (*Log, error) {
	var last int64
	// A profile restored from a backup keeps, as hlc_floor, the highest timestamp the desk it
	// replaced had issued, which its log no longer holds.
	if err := db.WithContext(ctx).Raw(`SELECT MAX(COALESCE((SELECT MAX(hlc) FROM changes), 0),
		COALESCE((SELECT CAST(value AS INTEGER) FROM settings WHERE key = ?), 0))`, KeyHLCFloor).Scan(&last).Error; err != nil {
		return nil, fmt.Errorf("read last hlc: %w", err)
	}
	return &Log{DeviceID: deviceID, Clock: hlc.NewClock(wall, hlc.Timestamp(last))}, nil
}

// KeyHLCFloor is the setting below which the log never stamps a change (see Open).
const KeyHLCFloor = "hlc_floor"

// Entry is one change to append.
type Entry struct {
	Entity   string
	RecordID string
	Op       string
	Field    string
	Value    any
}

// Append writes entries inside tx, all with fresh timestamps from the clock. It is on the path
// of every write, so it is one raw multi-row INSERT on the transaction's connection rather
// than a reflective ORM create.
func (l *Log) Append(tx *gorm.DB, authorID string, entries ...Entry) error {
	return l.AppendCaused(tx, authorID, "", entries...)
}

// AppendCaused is Append for automatic work: every entry carries cause, the key naming the
// work (see people.Actor.Cause).
func (l *Log) AppendCaused(tx *gorm.DB, authorID, cause string, entries ...Entry) error {
	if len(entries) == 0 {
		return nil
	}
	var sb strings.Builder
	sb.WriteString(`INSERT INTO changes(id, entity, record_id, op, field, value, hlc, device_id, author_id, cause) VALUES `)
	args := make([]any, 0, len(entries)*10)
	for i, e := range entries {
		val, err := json.Marshal(e.Value)
		if err != nil {
			return fmt.Errorf("encode %s.%s: %w", e.Entity, e.Field, err)
		}
		if len(val) > MaxValue {
			return tooLarge(e, val)
		}
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString("(?,?,?,?,?,?,?,?,?,?)")
		args = append(args, uuid.Must(uuid.NewV7()).String(), e.Entity, e.RecordID, e.Op, e.Field,
			string(val), int64(l.Clock.Now()), l.DeviceID, authorID, cause)
	}
	ctx := tx.Statement.Context
	if ctx == nil {
		ctx = context.Background()
	}
	if _, err := tx.Statement.ConnPool.ExecContext(ctx, sb.String(), args...); err != nil {
		return fmt.Errorf("append changes: %w", err)
	}
	return nil
}

// MaxValue is the most bytes one change's value may take in its encoded form, the JSON the
// log holds and sync sends as it is (the protocol's per-value limit is this constant). A write
// whose value would be longer is refused here, in its transaction, so the desk never keeps
// what it could never push: characters such as <, > and & or control characters take six
// bytes each once encoded, so a text within its length limit can still be too long.
const MaxValue = 256 << 10

// tooLarge refuses an entry whose encoded value is over MaxValue, naming the field that holds
// the text: the set field, or the longest field of a whole record.
func tooLarge(e Entry, val []byte) error {
	field := e.Field
	if field == "" {
		var doc map[string]json.RawMessage
		if json.Unmarshal(val, &doc) == nil {
			longest := -1
			for k, v := range doc {
				if len(v) > longest || (len(v) == longest && k < field) {
					field, longest = k, len(v)
				}
			}
		}
	}
	if field == "" {
		field = "value"
	}
	return fault.Field(field, "too long to sync: %d bytes once encoded, the limit is %d (characters such as <, > and & take six bytes each)", len(val), MaxValue)
}

// ForRecord returns the log of one record, oldest first.
func ForRecord(ctx context.Context, db *gorm.DB, entity, recordID string) ([]Change, error) {
	var out []Change
	err := db.WithContext(ctx).Where("entity = ? AND record_id = ?", entity, recordID).Order("seq").Find(&out).Error
	return out, err
}
