package backup

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"gorm.io/gorm"

	"outpost/domain/changelog"
	"outpost/domain/desk"
	"outpost/domain/replica"
	"outpost/domain/store"
)

// Restore replaces the profile at profile, which the caller has closed, with the backup at
// from. The backup is copied beside the profile and checked there first: a damaged, foreign
// or newer file is refused with an Error and the profile is not touched. The copy is brought
// up to this build's schema and prepared to sync again (replica.MarkRestored), the current
// profile is moved aside, the copy takes its place, and the aside copy is deleted only once
// the restored profile opens; if it does not, the current profile is put back.
func Restore(ctx context.Context, from, profile string, wall func() time.Time) (*Manifest, error) {
	staging := profile + ".restoring"
	removeDB(staging)
	if err := copyFile(from, staging); err != nil {
		removeDB(staging)
		return nil, fmt.Errorf("restore %s: %w", from, err)
	}
	m, err := check(ctx, staging)
	if err == nil {
		err = prepare(ctx, staging, replacedClock(ctx, profile, m.DeviceID), wall)
	}
	if err != nil {
		removeDB(staging)
		return nil, err
	}
	aside := profile + ".before-restore"
	removeDB(aside)
	if err := moveDB(profile, aside); err != nil {
		removeDB(staging)
		return nil, fmt.Errorf("move the current profile aside: %w", err)
	}
	if err := os.Rename(staging, profile); err != nil {
		_ = moveDB(aside, profile)
		removeDB(staging)
		return nil, fmt.Errorf("put the restored profile in place: %w", err)
	}
	d, err := desk.Open(ctx, profile, wall)
	if err != nil {
		removeDB(profile)
		if rerr := moveDB(aside, profile); rerr != nil {
			return nil, errors.Join(fmt.Errorf("open the restored profile: %w", err), fmt.Errorf("put the previous profile back from %s: %w", aside, rerr))
		}
		return nil, fmt.Errorf("open the restored profile (the previous one is back): %w", err)
	}
	if err := d.Close(); err != nil {
		return nil, err
	}
	removeDB(aside)
	return m, nil
}

// prepare opens the staged copy as a desk (which migrates it), drops the backup's manifest,
// keeps the replaced desk's clock as the floor of the restored one's, and marks a joined
// desk restored so that its next sync numbers ops after what the server has seen.
func prepare(ctx context.Context, staging string, floor int64, wall func() time.Time) error {
	d, err := desk.Open(ctx, staging, wall)
	if err != nil {
		return fmt.Errorf("open the backup: %w", err)
	}
	err = store.Tx(ctx, d.DB, func(tx *gorm.DB) error {
		if err := tx.Exec(`DROP TABLE IF EXISTS backup_manifest`).Error; err != nil {
			return err
		}
		if floor > 0 {
			if err := tx.Exec(`INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value
				WHERE CAST(settings.value AS INTEGER) < CAST(excluded.value AS INTEGER)`, changelog.KeyHLCFloor, fmt.Sprint(floor)).Error; err != nil {
				return err
			}
		}
		return replica.MarkRestored(tx, d.DeviceID)
	})
	if err == nil {
		err = d.DB.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`).Error
	}
	if cerr := d.Close(); err == nil {
		err = cerr
	}
	return err
}

// replacedClock is the highest timestamp the profile being replaced had issued or seen, when
// it is the same desk as the backup: the restored desk's clock starts above it, so its next
// changes order after the ones it loses. 0 when the profile is missing, unreadable or another
// desk's.
func replacedClock(ctx context.Context, profile, deviceID string) int64 {
	if _, err := os.Stat(profile); err != nil {
		return 0
	}
	c, err := openFile(profile)
	if err != nil {
		return 0
	}
	defer c.Close()
	var dev string
	var last int64
	if err := c.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = 'device_id'`).Scan(&dev); err != nil || dev != deviceID {
		return 0
	}
	if err := c.QueryRowContext(ctx, `SELECT MAX(COALESCE((SELECT MAX(hlc) FROM changes), 0),
		COALESCE((SELECT CAST(value AS INTEGER) FROM settings WHERE key = ?), 0))`, changelog.KeyHLCFloor).Scan(&last); err != nil {
		return 0
	}
	return last
}

var dbSuffixes = []string{"", "-wal", "-shm"}

// moveDB renames a database file and its WAL and shared-memory files, those that exist.
func moveDB(from, to string) error {
	for _, s := range dbSuffixes {
		if err := os.Rename(from+s, to+s); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

func removeDB(path string) {
	for _, s := range dbSuffixes {
		_ = os.Remove(path + s)
	}
}
