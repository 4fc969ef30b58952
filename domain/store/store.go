// Package store opens a profile's SQLite database and keeps its schema current.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DSN is the connection string for path: WAL, a busy timeout, foreign keys, synchronous=FULL
// (a committed ticket survives power loss) and BEGIN IMMEDIATE, so a write transaction takes
// the write lock up front instead of failing to upgrade a read lock half-way.
//
// A 16 MB page cache (SQLite's default is 2 MB) holds a pulled page's dirty pages until
// commit instead of spilling them to the WAL and writing them again, and temp_store=MEMORY
// keeps statement journals off disk: a multi-row insert inside a transaction journals every
// page it touches, and that journal had been a temporary file. Together they took the
// pwrite calls of the sync benchmark (a push and seven pulls of 20000 ops) from 480k to 180k.
// (A pull itself now runs with 2 MB on its connection, sync/client's pullCacheSize: its
// pages are appends, written once with either cache, and growing a cold cache to 16 MB cost
// its applying goroutine the page faults.)
func DSN(path string) string {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(10000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(FULL)", "cache_size(-16000)", "temp_store(2)"} {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", "immediate")
	return "file:" + path + "?" + q.Encode()
}

// Open opens (creating if needed) the database at path and applies pending migrations.
func Open(ctx context.Context, path string) (*gorm.DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("open profile %s: %w", path, err)
	}
	db, err := gorm.Open(sqlite.Open(DSN(path)), &gorm.Config{
		SkipDefaultTransaction: true,
		Logger:                 logger.Discard,
		NowFunc:                func() time.Time { return time.Now().UTC() },
	})
	if err != nil {
		return nil, fmt.Errorf("open profile %s: %w", path, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, err
	}
	// SQLite has one writer; a few connections let reads run beside it under WAL.
	sqlDB.SetMaxOpenConns(4)
	sqlDB.SetMaxIdleConns(4)
	sqlDB.SetConnMaxIdleTime(0)
	if err := Migrate(ctx, sqlDB); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	return db, nil
}

// Close closes the underlying pool (and the statements it shares between transactions).
func Close(db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	return ClosePool(sqlDB)
}

// ClosePool closes a pool that transactions kept statements on.
func ClosePool(db *sql.DB) error {
	forget(db)
	return db.Close()
}

type migration struct {
	version int
	name    string
	sql     string
}

func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, _, ok := strings.Cut(e.Name(), "_")
		if !ok {
			return nil, fmt.Errorf("migration %s: name must start with NNNN_", e.Name())
		}
		v, err := strconv.Atoi(num)
		if err != nil {
			return nil, fmt.Errorf("migration %s: %w", e.Name(), err)
		}
		body, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			return nil, err
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(body)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	return out, nil
}

// Latest is the highest migration this build knows: a profile that recorded a higher one was
// written by a newer Outpost.
func Latest() (int, error) {
	all, err := migrations()
	if err != nil || len(all) == 0 {
		return 0, err
	}
	return all[len(all)-1].version, nil
}

// Known reports whether this build has migration version v.
func Known(v int) bool {
	all, _ := migrations()
	for _, m := range all {
		if m.version == v {
			return true
		}
	}
	return false
}

// Migrate applies, each in its own transaction and in order, the embedded migrations not
// recorded in schema_migrations. It never alters user data outside those scripts.
func Migrate(ctx context.Context, db *sql.DB) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)`); err != nil {
		return err
	}
	all, err := migrations()
	if err != nil {
		return err
	}
	// Apply every migration not yet recorded, not just those above the highest: numbers are
	// reserved per feature, so a profile can have 0004 before 0003 lands.
	applied := map[int]bool{}
	rows, err := db.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return err
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return err
		}
		applied[v] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, m := range all {
		if applied[m.version] {
			continue
		}
		if err := apply(ctx, db, m); err != nil {
			return fmt.Errorf("%s: %w", m.name, err)
		}
	}
	return nil
}

func apply(ctx context.Context, db *sql.DB, m migration) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)`,
		m.version, m.name, time.Now().UnixMilli()); err != nil {
		return err
	}
	return tx.Commit()
}

// IsBusy reports whether err is SQLite's "database is locked/busy", worth one more try.
func IsBusy(err error) bool {
	if err == nil {
		return false
	}
	msg := err.Error()
	return strings.Contains(msg, "database is locked") || strings.Contains(msg, "SQLITE_BUSY")
}

// Tx runs fn in one write transaction, retrying a few times when another process holds the
// write lock past the busy timeout.
func Tx(ctx context.Context, db *gorm.DB, fn func(tx *gorm.DB) error) error {
	return tx(ctx, db, nil, fn)
}

// TxDeferred is Tx begun with a plain BEGIN: the write lock is taken by fn's first write
// statement, not by BEGIN. BEGIN IMMEDIATE begins a write transaction on every database
// attached to the connection, which would lock out another connection writing an attached
// scratch database until fn reads it (sla's big recompute); fn must write before it reads
// anything that must not change under it.
func TxDeferred(ctx context.Context, db *gorm.DB, fn func(tx *gorm.DB) error) error {
	// database/sql's ReadOnly is how the driver is asked for a plain BEGIN (it sets nothing
	// else): the transaction may write.
	return tx(ctx, db, &sql.TxOptions{ReadOnly: true}, fn)
}

func tx(ctx context.Context, db *gorm.DB, opts *sql.TxOptions, fn func(tx *gorm.DB) error) error {
	var err error
	raw := pinnedOf(db)
	for attempt := 0; attempt < 5; attempt++ {
		if opts != nil {
			err = db.WithContext(ctx).Transaction(keepStatementsOn(raw, fn), opts)
		} else {
			err = db.WithContext(ctx).Transaction(keepStatementsOn(raw, fn))
		}
		SharePending(ctx, db)
		if !IsBusy(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(time.Duration(50*(attempt+1)) * time.Millisecond):
		}
	}
	return err
}
