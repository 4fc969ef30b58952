package replica

import (
	"context"
	"encoding/json"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// Conflict is a concurrent edit of one field to different values, as the inbox shows it:
// this desk's value, the other one, and which of them is in place now.
type Conflict struct {
	ID           string          `json:"id"`
	Entity       string          `json:"entity"`
	RecordID     string          `json:"recordId"`
	Field        string          `json:"field"`
	Kind         string          `json:"kind"`
	Mine         json.RawMessage `json:"mine"`
	Theirs       json.RawMessage `json:"theirs"`
	MineHLC      uint64          `json:"mineHlc"`
	TheirsHLC    uint64          `json:"theirsHlc"`
	TheirsDevice string          `json:"theirsDevice"`
	Winner       string          `json:"winner"` // "mine" or "theirs"
	CreatedAt    int64           `json:"createdAt"`
	ResolvedAt   *int64          `json:"resolvedAt"`
	Resolution   string          `json:"resolution"`
}

// SaveConflict records a conflict for the inbox.
func SaveConflict(tx *gorm.DB, c Conflict) error {
	if c.ID == "" {
		c.ID = uuid.Must(uuid.NewV7()).String()
	}
	return tx.Exec(`INSERT INTO sync_conflicts(id, entity, record_id, field, kind, mine, theirs, mine_hlc, theirs_hlc, theirs_device, winner, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, c.ID, c.Entity, c.RecordID, c.Field, c.Kind, string(c.Mine), string(c.Theirs),
		int64(c.MineHLC), int64(c.TheirsHLC), c.TheirsDevice, c.Winner, c.CreatedAt).Error
}

// Conflicts lists conflicts, open ones only unless all, oldest first.
func Conflicts(ctx context.Context, db *gorm.DB, all bool) ([]Conflict, error) {
	q := `SELECT id, entity, record_id, field, kind, mine, theirs, mine_hlc, theirs_hlc, theirs_device, winner, created_at, resolved_at, resolution FROM sync_conflicts`
	if !all {
		q += ` WHERE resolved_at IS NULL`
	}
	rows, err := db.WithContext(ctx).Raw(q + ` ORDER BY created_at, id`).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Conflict
	for rows.Next() {
		var c Conflict
		var mine, theirs string
		var mh, th int64
		if err := rows.Scan(&c.ID, &c.Entity, &c.RecordID, &c.Field, &c.Kind, &mine, &theirs, &mh, &th, &c.TheirsDevice, &c.Winner, &c.CreatedAt, &c.ResolvedAt, &c.Resolution); err != nil {
			return nil, err
		}
		c.Mine, c.Theirs, c.MineHLC, c.TheirsHLC = json.RawMessage(mine), json.RawMessage(theirs), uint64(mh), uint64(th)
		out = append(out, c)
	}
	return out, rows.Err()
}

// SettleConflict closes a conflict with how it was settled (kept mine, kept theirs, edited).
func SettleConflict(tx *gorm.DB, id, resolution string, at int64) error {
	return tx.Exec(`UPDATE sync_conflicts SET resolved_at = ?, resolution = ? WHERE id = ? AND resolved_at IS NULL`, at, resolution, id).Error
}
