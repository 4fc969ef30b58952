package store

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"gorm.io/gorm"
)

// label is a named string type: database/sql binds it as its string.
type label string

// TestPinnedExecThroughDriver: on a connection held by Pin, Exec runs through the driver's
// own connection with statements kept across transactions; its arguments are stored as
// database/sql stores them (the same row written on an unpinned transaction reads back the
// same, with the same types); a failed statement leaves the next usable; and the statements
// are let go when Pin returns.
func TestPinnedExecThroughDriver(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "raw.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = Close(db) }()
	if err := db.Exec(`CREATE TABLE r(k TEXT PRIMARY KEY, s, i, b, n, raw, l, i32, f)`).Error; err != nil {
		t.Fatal(err)
	}
	const ins = `INSERT INTO r(k, s, i, b, n, raw, l, i32, f) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
	row := func(k string) []any {
		return []any{k, "text", 7, true, nil, json.RawMessage(`{"a":1}`), label("lab"), int32(-3), 1.5}
	}
	if err := Tx(ctx, db, func(tx *gorm.DB) error {
		if rawOf(tx) != nil {
			t.Error("an unpinned transaction runs its Execs through the driver")
		}
		return Exec(tx, ins, row("plain")...)
	}); err != nil {
		t.Fatal(err)
	}
	var raw *rawConn
	err = Pin(ctx, db, func(conn *gorm.DB) error {
		for i := range 2 {
			err := Tx(ctx, conn, func(tx *gorm.DB) error {
				if raw = rawOf(tx); raw == nil {
					t.Fatal("a pinned transaction's Execs do not run through the driver")
				}
				if err := Exec(tx, ins, row(fmt.Sprint("pinned", i))...); err != nil {
					return err
				}
				// A failing run leaves the statement ready for the next.
				if err := Exec(tx, ins, row("plain")...); err == nil || !strings.Contains(err.Error(), "UNIQUE") {
					t.Errorf("duplicate key: %v, want a UNIQUE constraint error", err)
				}
				if _, err := ExecResult(tx, `UPDATE r SET i = i + 1 WHERE k = ?`, fmt.Sprint("pinned", i)); err != nil {
					return err
				}
				return nil
			})
			if err != nil {
				return err
			}
			if len(raw.stmts.stmts) != 2 {
				t.Errorf("after transaction %d: %d statements kept, want 2", i+1, len(raw.stmts.stmts))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if raw.stmts.stmts != nil {
		t.Errorf("%d statements kept after Pin returned", len(raw.stmts.stmts))
	}
	n := 0
	pinned.Range(func(any, any) bool { n++; return true })
	if n != 0 {
		t.Errorf("%d connections still pinned", n)
	}
	var got []string
	db.Raw(`SELECT k || ': ' || concat_ws(' ', typeof(s), s, typeof(i), i, typeof(b), b, typeof(n), typeof(raw), hex(raw), typeof(l), l, typeof(i32), i32, typeof(f), f) FROM r ORDER BY k`).Scan(&got)
	want := []string{
		"pinned0: text text integer 8 integer 1 null blob 7B2261223A317D text lab integer -3 real 1.5",
		"pinned1: text text integer 8 integer 1 null blob 7B2261223A317D text lab integer -3 real 1.5",
		"plain: text text integer 7 integer 1 null blob 7B2261223A317D text lab integer -3 real 1.5",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
