package replica

import (
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// NextNumber issues the human number of a new record of a numbered kind other than a ticket
// (an asset's tag), as Numberer does for tickets: before the profile joins a server, from its
// own counter (prefix and seven digits, from 1001); once joined, from the blocks the server
// leased to this device for nk, skipping numbers used here (column of table), and past them a
// provisional number (<prefix>-<device>-<n>) the server replaces on accept.
func NextNumber(tx *gorm.DB, deviceID, nk, prefix, table, column string) (string, error) {
	server, err := State(tx, KeyServer)
	if err != nil {
		return "", err
	}
	if server == "" {
		var n int64
		if err := tx.Raw(`INSERT INTO counters(kind, next) VALUES (?, 1002)
			ON CONFLICT(kind) DO UPDATE SET next = next + 1 RETURNING next - 1`, nk).Scan(&n).Error; err != nil {
			return "", fmt.Errorf("next %s number: %w", nk, err)
		}
		return fmt.Sprintf("%s%07d", prefix, n), nil
	}
	for {
		var b struct{ Start, Next, End int64 }
		err := tx.Raw(`SELECT start, next, end FROM number_blocks WHERE kind = ? AND next <= end ORDER BY start LIMIT 1`, nk).Scan(&b).Error
		if err != nil {
			return "", err
		}
		if b.End == 0 {
			break
		}
		if err := tx.Exec(`UPDATE number_blocks SET next = next + 1 WHERE kind = ? AND start = ?`, nk, b.Start).Error; err != nil {
			return "", err
		}
		num := fmt.Sprintf("%s%07d", prefix, b.Next)
		var used int64
		if err := tx.Raw(`SELECT COUNT(*) FROM `+table+` WHERE `+column+` = ?`, num).Scan(&used).Error; err != nil {
			return "", err
		}
		if used == 0 {
			return num, nil
		}
	}
	short := strings.ReplaceAll(deviceID, "-", "")
	if len(short) > 8 {
		short = short[len(short)-8:]
	}
	var n int64
	if err := tx.Raw(`INSERT INTO counters(kind, next) VALUES (?, 2) ON CONFLICT(kind) DO UPDATE SET next = next + 1 RETURNING next - 1`,
		"provisional:"+nk).Scan(&n).Error; err != nil {
		return "", err
	}
	return fmt.Sprintf("%s-%s-%d", prefix, short, n), nil
}
