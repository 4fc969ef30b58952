package store

import (
	"strings"

	"gorm.io/gorm"
)

// AutoKeys returns, of the given keys of automatic work, those already done, with the device
// that did them.
func AutoKeys(tx *gorm.DB, keys []string) (map[string]string, error) {
	out := map[string]string{}
	if len(keys) == 0 {
		return out, nil
	}
	rows, err := tx.Raw(`SELECT auto_key, device_id FROM auto_keys WHERE auto_key IN ?`, keys).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k, d string
		if err := rows.Scan(&k, &d); err != nil {
			return nil, err
		}
		out[k] = d
	}
	return out, rows.Err()
}

// AutoKey is one key of automatic work and who did it first.
type AutoKey struct {
	Key      string
	DeviceID string
	Seq      int64
}

// PutAutoKeys records keys of automatic work as done, in the push's transaction. A key
// already recorded keeps its first device.
func PutAutoKeys(tx *gorm.DB, keys []AutoKey) error {
	for start := 0; start < len(keys); start += 200 {
		part := keys[start:min(start+200, len(keys))]
		args := make([]any, 0, 3*len(part))
		for _, k := range part {
			args = append(args, k.Key, k.DeviceID, k.Seq)
		}
		marks := strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", len(part)), ", ")
		if err := tx.Exec(`INSERT INTO auto_keys(auto_key, device_id, seq) VALUES `+marks+` ON CONFLICT (auto_key) DO NOTHING`, args...).Error; err != nil {
			return err
		}
	}
	return nil
}
