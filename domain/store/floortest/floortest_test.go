package floortest_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"outpost/domain/store"
	"outpost/domain/store/floortest"
)

// Rows read from one profile are written into another as they were, across several
// multi-row statements, and generated columns are left to SQLite.
func TestReadWrite(t *testing.T) {
	ctx := context.Background()
	open := func(name string) *sql.DB {
		db, err := store.Open(ctx, filepath.Join(t.TempDir(), name))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = store.Close(db) })
		sqlDB, err := db.DB()
		if err != nil {
			t.Fatal(err)
		}
		return sqlDB
	}
	src, dst := open("src.outpost"), open("dst.outpost")
	const n = 500 // 1000 values a statement: several statements for the users' columns
	for i := range n {
		if _, err := src.ExecContext(ctx, `INSERT INTO users(id, name, email, role, created_at, updated_at) VALUES (?, ?, ?, 'agent', 1, 1)`,
			fmt.Sprintf("u%03d", i), fmt.Sprintf("User %d", i), fmt.Sprintf("u%d@x.test", i)); err != nil {
			t.Fatal(err)
		}
	}
	users, err := floortest.Read(ctx, src, "users", "")
	if err != nil {
		t.Fatal(err)
	}
	if len(users.Vals) != n {
		t.Fatalf("read %d users, want %d", len(users.Vals), n)
	}
	renamed := users.Set("name", func(i int, old any) any { return fmt.Sprint(old, " (copy)") })
	if _, err := floortest.Write(ctx, dst, nil, renamed); err != nil {
		t.Fatal(err)
	}
	var got int
	var name string
	if err := dst.QueryRowContext(ctx, `SELECT COUNT(*), MAX(name) FROM users`).Scan(&got, &name); err != nil {
		t.Fatal(err)
	}
	if got != n || name != "User 99 (copy)" {
		t.Fatalf("got %d users, max name %q; want %d, %q", got, name, n, "User 99 (copy)")
	}
	if err := floortest.Copy(ctx, dst, users); err != nil {
		t.Fatalf("copy over existing rows: %v, want them ignored", err)
	}
}

// A generated column is not read, so the rows can be written back.
func TestReadSkipsGenerated(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "p.outpost"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(db)
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	rows, err := floortest.Read(ctx, sqlDB, "tickets", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range rows.Cols {
		if c == "active" {
			t.Fatalf("read the generated column active: %v", rows.Cols)
		}
	}
}
