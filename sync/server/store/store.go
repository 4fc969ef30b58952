// Package store is the sync server's database: the same schema and queries on SQLite (one
// file, the default) and PostgreSQL (when a team outgrows one machine, or runs several server
// instances). Every push runs in one transaction that takes the single-row change counter
// first, so sequence numbers are handed out in commit order and a pull never skips a change
// that commits later.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/glebarez/sqlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"outpost/domain/fault"
	dstore "outpost/domain/store"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// Store is an open server database.
type Store struct {
	DB       *gorm.DB
	Postgres bool
	// writer queues this process's SQLite write transactions in Go: waiting on a mutex is
	// fair and immediate, where SQLite's busy handler sleeps in growing steps.
	writer sync.Mutex
	group  group
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the database named by dsn (a postgres:// URL or a SQLite file path) and applies
// pending migrations.
func Open(ctx context.Context, dsn string) (*Store, error) {
	// GORM keeps the statements run outside a transaction (token checks, pulls) prepared; in a
	// SQLite transaction Tx keeps its own (KeepStatements). The 512 most recent: IN lists of
	// every length are distinct statements, and each holds its compiled form per connection
	// (on PostgreSQL, a prepared statement in the server).
	cfg := &gorm.Config{SkipDefaultTransaction: true, Logger: logger.Discard, PrepareStmt: true, PrepareStmtMaxSize: 512}
	s := &Store{Postgres: IsPostgres(dsn)}
	var err error
	if s.Postgres {
		s.DB, err = gorm.Open(postgres.Open(dsn), cfg)
	} else {
		if err := os.MkdirAll(filepath.Dir(dsn), 0o700); err != nil {
			return nil, err
		}
		s.DB, err = gorm.Open(sqlite.Open(dstore.DSN(dsn)), cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("open server database: %w", err)
	}
	sqlDB, err := s.DB.DB()
	if err != nil {
		return nil, err
	}
	if s.Postgres {
		sqlDB.SetMaxOpenConns(20)
	} else {
		// One writer at a time anyway; a few readers beside it under WAL.
		sqlDB.SetMaxOpenConns(4)
	}
	if err := s.migrate(ctx); err != nil {
		_ = sqlDB.Close()
		return nil, fmt.Errorf("migrate server database: %w", err)
	}
	return s, nil
}

// Close closes the pool.
func (s *Store) Close() error {
	sqlDB, err := s.DB.DB()
	if err != nil {
		return err
	}
	return dstore.ClosePool(sqlDB)
}

func (s *Store) migrate(ctx context.Context) error {
	db := s.DB.WithContext(ctx)
	if err := db.Exec(`CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`).Error; err != nil {
		return err
	}
	entries, err := fs.ReadDir(migrationFS, "migrations")
	if err != nil {
		return err
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name() < entries[j].Name() })
	blob := "BLOB"
	if s.Postgres {
		blob = "BYTEA"
	}
	for _, e := range entries {
		var version int
		if _, err := fmt.Sscanf(e.Name(), "%04d_", &version); err != nil {
			return fmt.Errorf("migration %s: %w", e.Name(), err)
		}
		body, err := migrationFS.ReadFile("migrations/" + e.Name())
		if err != nil {
			return err
		}
		err = s.Tx(ctx, func(tx *gorm.DB) error {
			if s.Postgres {
				// Two instances starting at once: one migrates, the other waits here.
				if err := tx.Exec(`SELECT pg_advisory_xact_lock(7243001)`).Error; err != nil {
					return err
				}
			}
			var n int64
			if err := tx.Raw(`SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			for _, stmt := range splitSQL(strings.ReplaceAll(string(body), "{{BLOB}}", blob)) {
				if err := tx.Exec(stmt).Error; err != nil {
					return fmt.Errorf("%s: %w", e.Name(), err)
				}
			}
			return tx.Exec(`INSERT INTO schema_migrations(version, name, applied_at) VALUES (?, ?, ?)`, version, e.Name(), time.Now().UnixMilli()).Error
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// splitSQL splits a migration into statements (the migrations hold no semicolons in strings).
func splitSQL(body string) []string {
	var out []string
	var lines []string
	for _, l := range strings.Split(body, "\n") {
		if t := strings.TrimSpace(l); strings.HasPrefix(t, "--") {
			continue
		}
		lines = append(lines, l)
	}
	for _, stmt := range strings.Split(strings.Join(lines, "\n"), ";") {
		if strings.TrimSpace(stmt) != "" {
			out = append(out, stmt)
		}
	}
	return out
}

// Tx runs fn in one transaction, retrying when SQLite is busy or PostgreSQL reports a
// serialization failure or deadlock.
func (s *Store) Tx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	if !s.Postgres {
		s.writer.Lock()
		defer s.writer.Unlock()
	}
	if !s.Postgres {
		// pgx keeps its own statement cache per connection, across transactions.
		fn = dstore.KeepStatements(fn)
	}
	var err error
	for attempt := 0; attempt < 8; attempt++ {
		err = s.DB.WithContext(ctx).Transaction(fn)
		if !s.Postgres {
			dstore.SharePending(ctx, s.DB)
		}
		if !retryable(err) {
			return err
		}
		select {
		case <-ctx.Done():
			return errors.Join(err, ctx.Err())
		case <-time.After(time.Duration(20*(attempt+1)) * time.Millisecond):
		}
	}
	return err
}

func retryable(err error) bool {
	if err == nil {
		return false
	}
	m := err.Error()
	return dstore.IsBusy(err) || strings.Contains(m, "SQLSTATE 40001") || strings.Contains(m, "SQLSTATE 40P01")
}

// LockSeq takes the change counter's row lock for the rest of tx and returns its value and
// the highest HLC accepted so far. Every push takes it first, so pushes commit one after the
// other and sequence numbers are never seen out of commit order.
func (s *Store) LockSeq(tx *gorm.DB) (seq, maxHLC int64, err error) {
	q := `SELECT name, value FROM counters WHERE name IN ('seq', 'hlc') ORDER BY name`
	if s.Postgres {
		q += ` FOR UPDATE`
	}
	err = querySQL(tx, q, nil, func(rows *sql.Rows) error {
		var name string
		var v int64
		if err := rows.Scan(&name, &v); err != nil {
			return err
		}
		if name == "seq" {
			seq = v
		} else {
			maxHLC = v
		}
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("lock change counter: %w", err)
	}
	return seq, maxHLC, nil
}

// SetSeq stores the counter's new value and the highest HLC (inside the tx holding the lock).
func SetSeq(tx *gorm.DB, seq, maxHLC int64) error {
	return execSQL(tx, `UPDATE counters SET value = CASE name WHEN 'seq' THEN ? ELSE (CASE WHEN value < ? THEN ? ELSE value END) END
		WHERE name IN ('seq', 'hlc')`, seq, maxHLC, maxHLC)
}

// NextNumber takes the next human number of kind from its counter, starting at first.
func NextNumber(tx *gorm.DB, kind string, n, first int64) (int64, error) {
	name := "num:" + kind
	if err := tx.Exec(`INSERT INTO counters(name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`, name, first).Error; err != nil {
		return 0, err
	}
	var v int64
	if err := tx.Raw(`UPDATE counters SET value = value + ? WHERE name = ? RETURNING value - ?`, n, name, n).Scan(&v).Error; err != nil {
		return 0, fmt.Errorf("next %s number: %w", kind, err)
	}
	return v, nil
}

// notFound maps gorm's not-found to the domain's.
func notFound(err error, what string) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return fmt.Errorf("%s: %w", what, fault.ErrNotFound)
	}
	return err
}
