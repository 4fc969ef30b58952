package store_test

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"gorm.io/gorm"

	"outpost/domain/store"
)

// TestRows: the rows Rows lists read back as they were given, whichever of their columns it
// binds once (texts, integers and NULLs held by every row; a blob, a column that differs in
// one row, a single row are bound as given), in a plain and a pinned transaction, and it binds
// fewer values only for the columns every row shares.
func TestRows(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "rows.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = store.Close(db) }()
	if err := db.Exec(`CREATE TABLE r(k TEXT PRIMARY KEY, kind TEXT, n INTEGER, maybe TEXT, blob BLOB, last TEXT, lit INTEGER)`).Error; err != nil {
		t.Fatal(err)
	}
	const cols = 6
	all := []int{0, 1, 2, 3, 4, 5}
	rows := func(prefix string, n int) []any {
		var args []any
		for i := range n {
			last := "same"
			if i == n-1 {
				last = "other" // shared by every row but the last: bound in each row
			}
			args = append(args, fmt.Sprint(prefix, i), "ticket", int64(7), nil, []byte{1, 2}, last)
		}
		return args
	}
	cases := []struct {
		name  string
		args  []any
		bound int // values bound
	}{
		{"one row", rows("one", 1), cols},
		{"two rows", rows("two", 2), cols + 3},             // k, blob, last bound again
		{"many rows", rows("many", 50), cols + 49*3},       // kind, n, maybe bound once
		{"same in all", rows("all", 3)[:2*cols], cols + 2}, // the first two: last is shared too
	}
	for _, pinned := range []bool{false, true} {
		for _, c := range cases {
			t.Run(fmt.Sprintf("%s pinned=%v", c.name, pinned), func(t *testing.T) {
				prefix := fmt.Sprint(pinned)
				want := append([]any(nil), c.args...)
				for i := 0; i < len(want); i += cols {
					want[i] = prefix + want[i].(string)
				}
				given := append([]any(nil), want...)
				write := func(conn *gorm.DB) error {
					return store.Tx(ctx, conn, func(tx *gorm.DB) error {
						values, args := store.Rows(cols, all, given, "1")
						if len(args) != c.bound {
							t.Errorf("%d values bound, want %d (%s)", len(args), c.bound, values)
						}
						return store.Exec(tx, `INSERT INTO r(k, kind, n, maybe, blob, last, lit) VALUES `+values, args...)
					})
				}
				if pinned {
					err = store.Pin(ctx, db, write)
				} else {
					err = write(db)
				}
				if err != nil {
					t.Fatal(err)
				}
				got, err := db.Raw(`SELECT k, kind, n, maybe, blob, last, lit FROM r WHERE k LIKE ? ORDER BY rowid`, prefix+"%").Rows()
				if err != nil {
					t.Fatal(err)
				}
				defer func() { _ = got.Close() }()
				var read []any
				for got.Next() {
					var k, kind, last string
					var n, lit int64
					var maybe *string
					var blob []byte
					if err := got.Scan(&k, &kind, &n, &maybe, &blob, &last, &lit); err != nil {
						t.Fatal(err)
					}
					if maybe != nil || lit != 1 {
						t.Errorf("row %s: maybe %v, lit %d; want NULL, 1", k, maybe, lit)
					}
					read = append(read, k, kind, n, nil, blob, last)
				}
				if !reflect.DeepEqual(read, want) {
					t.Errorf("read back %v, want %v", read, want)
				}
				if err := db.Exec(`DELETE FROM r`).Error; err != nil {
					t.Fatal(err)
				}
			})
		}
	}
}
