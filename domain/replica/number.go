package replica

import (
	"fmt"
	"strings"

	"gorm.io/gorm"

	"outpost/domain/ticket"
)

// Numberer issues ticket numbers once the profile has joined a server (see Issuer); before
// joining it returns "" and the ticket service uses the profile's own counter.
func Numberer(deviceID string) ticket.Numberer {
	issue := Issuer(deviceID)
	return func(tx *gorm.DB, t ticket.Type) (string, error) {
		typ, _ := Lookup(ticket.EntityTicket)
		return issue(tx, typ, string(t))
	}
}

// Issuer issues the human numbers of any numbered kind once the profile has joined a
// server: from the blocks the server leased to this device for the number kind nk, skipping
// numbers already used here; past the last block, a provisional number (INC-<device>-<n>)
// that the server replaces on accept, keeping it as an alias. Before joining it returns "".
func Issuer(deviceID string) func(tx *gorm.DB, typ *Type, nk string) (string, error) {
	short := strings.ReplaceAll(deviceID, "-", "")
	if len(short) > 8 {
		short = short[len(short)-8:]
	}
	return func(tx *gorm.DB, typ *Type, nk string) (string, error) {
		server, err := State(tx, KeyServer)
		if err != nil || server == "" {
			return "", err
		}
		prefix := typ.Prefix(nk)
		col, _ := typ.Field(typ.Number)
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
			if err := tx.Raw(`SELECT COUNT(*) FROM `+typ.Table+` WHERE `+col.Column+` = ?`, num).Scan(&used).Error; err != nil {
				return "", err
			}
			if used == 0 {
				return num, nil
			}
		}
		var n int64
		if err := tx.Raw(`INSERT INTO counters(kind, next) VALUES (?, 2) ON CONFLICT(kind) DO UPDATE SET next = next + 1 RETURNING next - 1`,
			"provisional:"+nk).Scan(&n).Error; err != nil {
			return "", err
		}
		return fmt.Sprintf("%s-%s-%d", prefix, short, n), nil
	}
}

// IsProvisional reports whether a number was issued offline past the leased blocks.
func IsProvisional(number string) bool { return strings.Count(number, "-") == 2 }

// AddBlock stores a block of numbers leased from the server.
func AddBlock(tx *gorm.DB, kind string, start, end int64) error {
	return tx.Exec(`INSERT INTO number_blocks(kind, start, next, end) VALUES (?, ?, ?, ?) ON CONFLICT(kind, start) DO NOTHING`, kind, start, start, end).Error
}

// FreeNumbers is how many leased numbers of kind are left.
func FreeNumbers(tx *gorm.DB, kind string) (int64, error) {
	var n int64
	err := tx.Raw(`SELECT COALESCE(SUM(end - next + 1), 0) FROM number_blocks WHERE kind = ? AND next <= end`, kind).Scan(&n).Error
	return n, err
}
