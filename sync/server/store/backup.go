package store

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"

	"gorm.io/gorm"

	"outpost/sync/protocol"
)

// Epoch is the history line the database is on. A database restored from a backup gets a new
// epoch whose parent is the one the backup was taken in and whose start is the last change
// sequence the backup holds: every change up to Start is shared history, everything after it
// (in either line) may differ. Desks compare it with the epoch they last saw to notice a
// restore. A database never restored has the zero epoch.
func (s *Store) Epoch(ctx context.Context) (protocol.Epoch, error) {
	return readEpoch(s.DB.WithContext(ctx))
}

func readEpoch(tx *gorm.DB) (protocol.Epoch, error) {
	var e protocol.Epoch
	rows, err := tx.Raw(`SELECT name, value FROM counters WHERE name IN ('epoch', 'epoch_parent', 'epoch_start')`).Rows()
	if err != nil {
		return e, err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var v int64
		if err := rows.Scan(&name, &v); err != nil {
			return e, err
		}
		switch name {
		case "epoch":
			e.ID = v
		case "epoch_parent":
			e.Parent = v
		case "epoch_start":
			e.Start = v
		}
	}
	return e, rows.Err()
}

// MarkRestored starts a new epoch after the database was restored from a backup (run it on
// the restored database before serving it): desks that synced with the lost history re-send
// their ops and re-pull from the restored head.
func (s *Store) MarkRestored(ctx context.Context) (protocol.Epoch, error) {
	var e protocol.Epoch
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		old, err := readEpoch(tx)
		if err != nil {
			return err
		}
		var seq int64
		if err := tx.Raw(`SELECT value FROM counters WHERE name = 'seq'`).Scan(&seq).Error; err != nil {
			return err
		}
		var b [8]byte
		if _, err := rand.Read(b[:]); err != nil {
			return err
		}
		e = protocol.Epoch{ID: int64(binary.BigEndian.Uint64(b[:])>>1) | 1, Parent: old.ID, Start: seq}
		for name, v := range map[string]int64{"epoch": e.ID, "epoch_parent": e.Parent, "epoch_start": e.Start} {
			if err := tx.Exec(`INSERT INTO counters(name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value`, name, v).Error; err != nil {
				return err
			}
		}
		return nil
	})
	return e, err
}

// Backup writes a consistent copy of a SQLite database to out while the server keeps running
// (PostgreSQL is backed up with pg_dump).
func (s *Store) Backup(ctx context.Context, out string) error {
	if s.Postgres {
		return errors.New("back up PostgreSQL with pg_dump")
	}
	return s.DB.WithContext(ctx).Exec(`VACUUM INTO ?`, out).Error
}

// Restore replaces the SQLite database at path (its server stopped) with a copy of backup,
// brings its schema up to date and starts a new epoch, so desks that synced after the backup
// was taken notice and re-send what it lacks.
func Restore(ctx context.Context, backup, path string) (protocol.Epoch, error) {
	if IsPostgres(path) {
		return protocol.Epoch{}, errors.New("restore PostgreSQL with pg_restore, then run mark-restored")
	}
	if err := copyFile(backup, path+".restoring"); err != nil {
		return protocol.Epoch{}, fmt.Errorf("restore %s: %w", backup, err)
	}
	// A write-ahead log left by the old database would be replayed into the restored one.
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(path + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return protocol.Epoch{}, err
		}
	}
	if err := os.Rename(path+".restoring", path); err != nil {
		return protocol.Epoch{}, err
	}
	st, err := Open(ctx, path)
	if err != nil {
		return protocol.Epoch{}, err
	}
	defer st.Close()
	return st.MarkRestored(ctx)
}

func copyFile(from, to string) error {
	in, err := os.Open(from)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		_ = out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		_ = out.Close()
		return err
	}
	return out.Close()
}
