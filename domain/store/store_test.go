package store_test

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"gorm.io/gorm"

	"outpost/domain/store"
)

func open(t *testing.T, path string) *gorm.DB {
	t.Helper()
	db, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close(db) })
	return db
}

// migrationFiles lists the migration scripts on disk: what Open must have applied.
func migrationFiles(t *testing.T) []string {
	t.Helper()
	names, err := filepath.Glob("migrations/*.sql")
	if err != nil || len(names) == 0 {
		t.Fatalf("no migrations: %v", err)
	}
	for i, n := range names {
		names[i] = filepath.Base(n)
	}
	return names
}

func TestMigrations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nested", "dir", "p.outpost")
	db := open(t, path)
	want := migrationFiles(t)
	var got []string
	if err := db.Raw(`SELECT name FROM schema_migrations ORDER BY version`).Scan(&got).Error; err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("applied %v, want %v", got, want)
	}
	if err := db.Exec(`INSERT INTO settings(key, value) VALUES ('k', 'v')`).Error; err != nil {
		t.Fatal(err)
	}
	if err := store.Close(db); err != nil {
		t.Fatal(err)
	}

	// Opening again applies nothing twice and keeps the data.
	db2 := open(t, path)
	var n int64
	db2.Raw(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n)
	if n != int64(len(want)) {
		t.Errorf("after reopening: %d migration rows, want %d", n, len(want))
	}
	var v string
	db2.Raw(`SELECT value FROM settings WHERE key = 'k'`).Scan(&v)
	if v != "v" {
		t.Errorf("data lost on reopen: %q", v)
	}
	sqlDB, _ := db2.DB()
	if err := store.Migrate(context.Background(), sqlDB); err != nil {
		t.Errorf("migrate again: %v", err)
	}
	db2.Raw(`SELECT COUNT(*) FROM schema_migrations`).Scan(&n)
	if n != int64(len(want)) {
		t.Errorf("after migrating again: %d migration rows, want %d", n, len(want))
	}
	for _, table := range []string{"tickets", "tickets_fts", "changes", "audit_entries", "counters", "blobs"} {
		var c int64
		db2.Raw(`SELECT COUNT(*) FROM sqlite_master WHERE name = ?`, table).Scan(&c)
		if c != 1 {
			t.Errorf("table %s missing", table)
		}
	}
}

// TestPragmas checks every connection of the pool, not just the first, runs with the settings
// the DSN asks for.
func TestPragmas(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "p.outpost"))
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var conns []*sql.Conn
	for i := 0; i < 4; i++ { // the pool's size: all distinct connections
		c, err := sqlDB.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	want := map[string]string{"journal_mode": "wal", "foreign_keys": "1", "synchronous": "2", "busy_timeout": "10000",
		"cache_size": "-16000", "temp_store": "2"}
	for i, c := range conns {
		for pragma, w := range want {
			var got string
			if err := c.QueryRowContext(ctx, "PRAGMA "+pragma).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if got != w {
				t.Errorf("connection %d: %s = %s, want %s", i, pragma, got, w)
			}
		}
	}
	for _, c := range conns {
		c.Close()
	}
	// Foreign keys are enforced, not just switched on.
	err = db.Exec(`INSERT INTO group_members(group_id, user_id) VALUES ('no-group', 'no-user')`).Error
	if err == nil || !strings.Contains(err.Error(), "FOREIGN KEY") {
		t.Errorf("got %v, want a foreign key error", err)
	}
}

func TestBadMigration(t *testing.T) {
	// A profile from a newer build (a version above ours) opens without re-running anything.
	path := filepath.Join(t.TempDir(), "p.outpost")
	db := open(t, path)
	db.Exec(`INSERT INTO schema_migrations(version, name, applied_at) VALUES (9999, '9999_future.sql', 0)`)
	store.Close(db)
	db2, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	store.Close(db2)
	// A path that cannot be a directory fails with the path in the message.
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := store.Open(context.Background(), filepath.Join(file, "p.outpost")); err == nil || !strings.Contains(err.Error(), file) {
		t.Errorf("got %v, want an error naming the path", err)
	}
}

func TestTx(t *testing.T) {
	db := open(t, filepath.Join(t.TempDir(), "p.outpost"))
	ctx := context.Background()
	boom := errors.New("boom")
	err := store.Tx(ctx, db, func(tx *gorm.DB) error {
		if err := tx.Exec(`INSERT INTO settings(key, value) VALUES ('a', '1')`).Error; err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want boom", err)
	}
	var n int64
	db.Raw(`SELECT COUNT(*) FROM settings WHERE key = 'a'`).Scan(&n)
	if n != 0 {
		t.Errorf("a failed transaction left its row")
	}
	// Busy errors are retried; others are not.
	var calls atomic.Int32
	err = store.Tx(ctx, db, func(tx *gorm.DB) error {
		if calls.Add(1) < 3 {
			return errors.New("database is locked (5) (SQLITE_BUSY)")
		}
		return tx.Exec(`INSERT INTO settings(key, value) VALUES ('b', '1')`).Error
	})
	if err != nil || calls.Load() != 3 {
		t.Errorf("got %v after %d calls, want success on the third", err, calls.Load())
	}
	calls.Store(0)
	_ = store.Tx(ctx, db, func(*gorm.DB) error { calls.Add(1); return boom })
	if calls.Load() != 1 {
		t.Errorf("a plain error was tried %d times, want 1", calls.Load())
	}
	for _, tt := range []struct {
		err  error
		busy bool
	}{{nil, false}, {boom, false}, {errors.New("database is locked"), true}, {errors.New("SQLITE_BUSY"), true}} {
		if got := store.IsBusy(tt.err); got != tt.busy {
			t.Errorf("IsBusy(%v) = %v, want %v", tt.err, got, tt.busy)
		}
	}
}

func TestDSN(t *testing.T) {
	dsn := store.DSN("/tmp/a b.outpost")
	for _, want := range []string{"journal_mode%28WAL%29", "foreign_keys%281%29", "synchronous%28FULL%29", "busy_timeout%2810000%29", "_txlock=immediate"} {
		if !strings.Contains(dsn, want) {
			t.Errorf("DSN %s lacks %s", dsn, want)
		}
	}
}

// TestMigrationGap checks a migration numbered below one already applied still runs: numbers
// are reserved per feature and land in any order.
func TestMigrationGap(t *testing.T) {
	files := migrationFiles(t)
	if len(files) < 2 {
		t.Skip("needs two migrations")
	}
	path := filepath.Join(t.TempDir(), "p.outpost")
	db := open(t, path)
	// Pretend the last migration came first: forget an earlier one's row and undo nothing
	// else but a harmless marker it would recreate.
	sqlDB, _ := db.DB()
	var second int
	if err := sqlDB.QueryRow(`SELECT version FROM schema_migrations ORDER BY version LIMIT 1 OFFSET 1`).Scan(&second); err != nil {
		t.Fatal(err)
	}
	if _, err := sqlDB.Exec(`DELETE FROM schema_migrations WHERE version = ?`, second); err != nil {
		t.Fatal(err)
	}
	err := store.Migrate(context.Background(), sqlDB)
	// Re-running it hits its own tables: proof it was attempted rather than skipped.
	if err == nil {
		t.Fatalf("migration %d was skipped because a higher one is recorded", second)
	}
}
