// Package floortest writes rows the plainest fast way the SQLite driver allows — prepared
// multi-row INSERTs, in one transaction — so a benchmark can print a write path beside its
// physical floor: the same rows, through the same driver and pragmas, with no merge, no audit
// and no hooks. Benchmarks only; nothing in the app imports it.
package floortest

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Rows are rows of one table as the driver returned them.
type Rows struct {
	Table string
	Cols  []string
	Vals  [][]any
}

// Read returns the rows of table that match where ("" for all), every stored column
// (generated columns are the table's own work, not written by anyone).
func Read(ctx context.Context, db *sql.DB, table, where string, args ...any) (*Rows, error) {
	cols, err := stored(ctx, db, table)
	if err != nil {
		return nil, err
	}
	q := "SELECT " + strings.Join(quote(cols), ", ") + " FROM " + table
	if where != "" {
		q += " WHERE " + where
	}
	rs, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", table, err)
	}
	defer rs.Close()
	out := &Rows{Table: table, Cols: cols}
	for rs.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rs.Scan(ptrs...); err != nil {
			return nil, err
		}
		out.Vals = append(out.Vals, vals)
	}
	return out, rs.Err()
}

// stored lists table's columns that are not generated (hidden 2 and 3 in table_xinfo).
func stored(ctx context.Context, db *sql.DB, table string) ([]string, error) {
	rs, err := db.QueryContext(ctx, `SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0 ORDER BY cid`, table)
	if err != nil {
		return nil, fmt.Errorf("columns of %s: %w", table, err)
	}
	defer rs.Close()
	var cols []string
	for rs.Next() {
		var c string
		if err := rs.Scan(&c); err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("no table %s", table)
	}
	return cols, rs.Err()
}

// Set returns a copy of r in which column col of row i is f(i, old value): fresh keys for
// rows written a second time.
func (r *Rows) Set(col string, f func(i int, old any) any) *Rows {
	c := -1
	for i, name := range r.Cols {
		if name == col {
			c = i
		}
	}
	out := &Rows{Table: r.Table, Cols: r.Cols, Vals: make([][]any, len(r.Vals))}
	for i, v := range r.Vals {
		row := append([]any(nil), v...)
		if c >= 0 {
			row[c] = f(i, row[c])
		}
		out.Vals[i] = row
	}
	return out
}

// InsertSQL is the one-row INSERT of r's columns.
func (r *Rows) InsertSQL(verb string) string {
	return r.insertSQL(verb, 1)
}

// insertSQL is the INSERT of rows rows of r's columns.
func (r *Rows) insertSQL(verb string, rows int) string {
	if verb == "" {
		verb = "INSERT"
	}
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(r.Cols)), ", ") + ")"
	return verb + " INTO " + r.Table + "(" + strings.Join(quote(r.Cols), ", ") + ") VALUES " +
		strings.TrimSuffix(strings.Repeat(one+", ", rows), ", ")
}

func quote(cols []string) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = `"` + c + `"`
	}
	return out
}

// MaxValues is how many values one statement binds: the app's own measured best
// (store.MaxValues), so the floor writes as fast as this driver is known to.
const MaxValues = 1000

// Insert writes r in tx through prepared multi-row INSERTs of up to MaxValues values each
// (one statement for the full chunks, one for the rest).
func Insert(ctx context.Context, tx *sql.Tx, r *Rows) error {
	return insert(ctx, tx, r, "")
}

func insert(ctx context.Context, tx *sql.Tx, r *Rows, verb string) error {
	per := max(1, MaxValues/len(r.Cols))
	stmts := map[int]*sql.Stmt{}
	defer func() {
		for _, s := range stmts {
			s.Close()
		}
	}()
	args := make([]any, 0, per*len(r.Cols))
	for i := 0; i < len(r.Vals); i += per {
		part := r.Vals[i:min(i+per, len(r.Vals))]
		stmt := stmts[len(part)]
		if stmt == nil {
			var err error
			if stmt, err = tx.PrepareContext(ctx, r.insertSQL(verb, len(part))); err != nil {
				return fmt.Errorf("prepare %s: %w", r.Table, err)
			}
			stmts[len(part)] = stmt
		}
		args = args[:0]
		for _, v := range part {
			args = append(args, v...)
		}
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("insert %s: %w", r.Table, err)
		}
	}
	return nil
}

// Copy writes r with INSERT OR IGNORE in its own transaction: the rows a floor's rows refer
// to (users, groups), put in place before the clock starts.
func Copy(ctx context.Context, db *sql.DB, r *Rows) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := insert(ctx, tx, r, "INSERT OR IGNORE"); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Write runs the statements in pre, then inserts every set, all in one transaction, and
// returns how long that took, commit included.
func Write(ctx context.Context, db *sql.DB, pre []string, sets ...*Rows) (time.Duration, error) {
	start := time.Now()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	for _, q := range pre {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			_ = tx.Rollback()
			return 0, fmt.Errorf("%s: %w", q, err)
		}
	}
	for _, r := range sets {
		if err := Insert(ctx, tx, r); err != nil {
			_ = tx.Rollback()
			return 0, err
		}
	}
	if err := tx.Commit(); err != nil {
		return 0, err
	}
	return time.Since(start), nil
}

// Count is how many rows all sets hold.
func Count(sets ...*Rows) int {
	n := 0
	for _, r := range sets {
		n += len(r.Vals)
	}
	return n
}
