package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"gorm.io/gorm"
)

// keptCount is how many statements tx keeps, or -1 when it keeps none (outside KeepStatements).
func keptCount(tx *gorm.DB) int {
	c, ok := kept.Load(sqlTx(tx))
	if !ok {
		return -1
	}
	return len(c.(*stmtCache).m)
}

func TestKeptStatements(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "kept.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = Close(db) }()
	if err := db.Exec(`CREATE TABLE kv(k TEXT PRIMARY KEY, v INTEGER NOT NULL)`).Error; err != nil {
		t.Fatal(err)
	}
	const ins = `INSERT INTO kv(k, v) VALUES (?, ?)`
	err = Tx(ctx, db, func(tx *gorm.DB) error {
		if err := Exec(tx, ins, "a", 1); err != nil {
			return err
		}
		// A failing run leaves the kept statement ready for the next.
		if err := Exec(tx, ins, "a", 2); err == nil || !strings.Contains(err.Error(), "UNIQUE") {
			t.Errorf("duplicate key: %v, want a UNIQUE constraint error", err)
		}
		if err := Exec(tx, ins, "b", 3); err != nil {
			return err
		}
		if err := Exec(tx, `UPDATE kv SET v = v + ? WHERE k = ?`, 10, "b"); err != nil {
			return err
		}
		if n := keptCount(tx); n != 2 {
			t.Errorf("%d statements kept after two distinct SQL texts, want 2", n)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var rows []struct {
		K string
		V int
	}
	db.Raw(`SELECT k, v FROM kv ORDER BY k`).Scan(&rows)
	if len(rows) != 2 || rows[0].V != 1 || rows[1].V != 13 {
		t.Errorf("rows %+v, want a=1, b=13", rows)
	}
	n := 0
	kept.Range(func(_, _ any) bool { n++; return true })
	if n != 0 {
		t.Errorf("%d transactions still keep statements after they ended", n)
	}

	// A query read row by row may run itself again inside: the inner run gets its own
	// statement, and the outer rows go on where they were.
	const all = `SELECT k FROM kv ORDER BY k`
	err = Tx(ctx, db, func(tx *gorm.DB) error {
		var outer []string
		err := QueryEach(tx, all, nil, func(r *sql.Rows) error {
			var k string
			if err := r.Scan(&k); err != nil {
				return err
			}
			if outer = append(outer, k); len(outer) > 2 {
				return fmt.Errorf("the outer query went back to its start: %v", outer)
			}
			inner := 0
			if err := QueryEach(tx, all, nil, func(*sql.Rows) error { inner++; return nil }); err != nil {
				return err
			}
			if inner != 2 {
				t.Errorf("inner query saw %d rows, want 2", inner)
			}
			return nil
		})
		if fmt.Sprint(outer) != "[a b]" {
			t.Errorf("outer query saw %v, want [a b]", outer)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}

	// Outside a transaction Exec runs the statement once, keeping nothing.
	if err := Exec(db, ins, "d", 5); err != nil {
		t.Fatal(err)
	}
}

// KV is a row of kvDB's table, for GORM.
type KV struct {
	K string `gorm:"primaryKey"`
	V int
}

// kvDB opens a desk database with KV's table, closed when t ends.
func kvDB(t *testing.T) *gorm.DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "kv.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = Close(db) })
	if err := db.Exec(`CREATE TABLE kvs(k TEXT PRIMARY KEY, v INTEGER NOT NULL)`).Error; err != nil {
		t.Fatal(err)
	}
	return db
}

// TestGORMStatementsKept: GORM's own statements in a transaction (a Create, a Take, a Raw
// scan) run through the kept statements and are shared from their second transaction on; a
// query read row by row may run itself again inside; savepoints (random names) are not kept,
// and roll back as before.
func TestGORMStatementsKept(t *testing.T) {
	ctx := context.Background()
	db := kvDB(t)
	var err error
	for i := 0; i < 3; i++ {
		err := Tx(ctx, db, func(tx *gorm.DB) error {
			if err := tx.Create(&KV{K: fmt.Sprint("k", i), V: i}).Error; err != nil {
				return err
			}
			var got KV
			if err := tx.Where("k = ?", fmt.Sprint("k", i)).Take(&got).Error; err != nil {
				return err
			}
			if got.V != i {
				t.Errorf("took %+v, want v %d", got, i)
			}
			if n := keptCount(tx); n != 2 {
				t.Errorf("transaction %d keeps %d statements, want its insert and its select", i, n)
			}
			if sqlDB, err := tx.DB(); err != nil || sqlDB == nil {
				t.Errorf("GORM's DB() in the transaction: %v, %v", sqlDB, err)
			}
			// A savepoint that fails rolls back its own write only, and keeps nothing.
			err := tx.Transaction(func(sp *gorm.DB) error {
				if err := sp.Create(&KV{K: fmt.Sprint("sp", i), V: -1}).Error; err != nil {
					return err
				}
				return sp.Create(&KV{K: fmt.Sprint("k", i)}).Error // a duplicate key
			})
			if err == nil || !strings.Contains(err.Error(), "UNIQUE") {
				t.Errorf("duplicate key in a savepoint: %v, want a UNIQUE constraint error", err)
			}
			if n := keptCount(tx); n != 2 {
				t.Errorf("transaction %d keeps %d statements after a savepoint, want 2", i, n)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := sharedCount(db); n != 2 {
		t.Errorf("%d statements shared after three transactions, want GORM's insert and select", n)
	}
	var ks []string
	db.Raw(`SELECT k FROM kvs ORDER BY k`).Scan(&ks)
	if fmt.Sprint(ks) != "[k0 k1 k2]" {
		t.Errorf("rows %v, want [k0 k1 k2] (the savepoints' rows rolled back)", ks)
	}

	// GORM's rows read one by one while the same query runs again inside.
	const all = `SELECT k FROM kvs ORDER BY k`
	err = Tx(ctx, db, func(tx *gorm.DB) error {
		rows, err := tx.Raw(all).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		var outer []string
		for rows.Next() {
			var k string
			if err := rows.Scan(&k); err != nil {
				return err
			}
			if outer = append(outer, k); len(outer) > 3 {
				return fmt.Errorf("the outer query went back to its start: %v", outer)
			}
			var inner []string
			if err := tx.Raw(all).Scan(&inner).Error; err != nil {
				return err
			}
			if len(inner) != 3 {
				t.Errorf("inner query saw %v, want 3 rows", inner)
			}
			if err := QueryEach(tx, all, nil, func(*sql.Rows) error { return nil }); err != nil {
				return err
			}
		}
		if fmt.Sprint(outer) != "[k0 k1 k2]" {
			t.Errorf("outer query saw %v, want [k0 k1 k2]", outer)
		}
		return rows.Err()
	})
	if err != nil {
		t.Fatal(err)
	}
}

// sharedCount is how many statements db's pool shares between transactions.
func sharedCount(db *gorm.DB) int {
	sqlDB, _ := db.DB()
	s, ok := pools.Load(sqlDB)
	if !ok {
		return 0
	}
	s.(*sharedStmts).mu.Lock()
	defer s.(*sharedStmts).mu.Unlock()
	return len(s.(*sharedStmts).m)
}

// TestSharedStatements: a text that recurs in a second transaction is prepared for the pool
// and every later transaction runs it from there, with the right results; a text run in one
// transaction only is not shared; closing the database lets them go.
func TestSharedStatements(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "shared.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Exec(`CREATE TABLE kv(k TEXT PRIMARY KEY, v INTEGER NOT NULL)`).Error; err != nil {
		t.Fatal(err)
	}
	const ins = `INSERT INTO kv(k, v) VALUES (?, ?)`
	for i := 0; i < 5; i++ {
		err := Tx(ctx, db, func(tx *gorm.DB) error {
			if err := Exec(tx, ins, fmt.Sprint("k", i), i); err != nil {
				return err
			}
			if i == 3 {
				return Exec(tx, `UPDATE kv SET v = v * 10 WHERE k = ?`, "k3") // once only
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if want := min(i, 1); sharedCount(db) != want {
			t.Errorf("after transaction %d: %d statements shared, want %d", i+1, sharedCount(db), want)
		}
	}
	// A transaction that fails on a shared statement leaves it usable.
	err = Tx(ctx, db, func(tx *gorm.DB) error { return Exec(tx, ins, "k0", 0) })
	if err == nil || !strings.Contains(err.Error(), "UNIQUE") {
		t.Errorf("duplicate key: %v, want a UNIQUE constraint error", err)
	}
	if err := Tx(ctx, db, func(tx *gorm.DB) error { return Exec(tx, ins, "k5", 5) }); err != nil {
		t.Fatal(err)
	}
	var got []int
	db.Raw(`SELECT v FROM kv ORDER BY k`).Scan(&got)
	if fmt.Sprint(got) != "[0 1 2 30 4 5]" {
		t.Errorf("values %v, want [0 1 2 30 4 5]", got)
	}
	if err := Close(db); err != nil {
		t.Fatal(err)
	}
	if n := sharedCount(db); n != 0 {
		t.Errorf("%d statements still shared after Close", n)
	}
}

// TestSharedWhileThePoolIsBusy: a text recurs while every other connection of the pool is
// held. It is shared once those are free again, not when preparing it happened to take less
// than some time, and no transaction waits for a connection while holding its own.
func TestSharedWhileThePoolIsBusy(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "busy.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = Close(db) })
	if err := db.Exec(`CREATE TABLE kv(k TEXT PRIMARY KEY, v INTEGER NOT NULL)`).Error; err != nil {
		t.Fatal(err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		t.Fatal(err)
	}
	// Hold all connections but one, as readers in the middle of their work would.
	var held []*sql.Conn
	for i := 0; i < sqlDB.Stats().MaxOpenConnections-1; i++ {
		c, err := sqlDB.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		held = append(held, c)
	}
	const ins = `INSERT INTO kv(k, v) VALUES (?, ?)`
	for i := 0; i < 2; i++ {
		if err := Tx(ctx, db, func(tx *gorm.DB) error { return Exec(tx, ins, fmt.Sprint("k", i), i) }); err != nil {
			t.Fatal(err)
		}
	}
	// The second transaction's recurring text was prepared for the pool after it ended, on the
	// connection it gave back.
	if n := sharedCount(db); n != 1 {
		t.Errorf("%d statements shared with the pool busy, want 1", n)
	}
	for _, c := range held {
		_ = c.Close()
	}
	if err := Tx(ctx, db, func(tx *gorm.DB) error { return Exec(tx, ins, "k2", 2) }); err != nil {
		t.Fatal(err)
	}
	var n int64
	db.Raw(`SELECT count(*) FROM kv`).Scan(&n)
	if n != 3 {
		t.Errorf("%d rows, want 3", n)
	}
}

// TestGORMStatementsKeptConcurrently: writers on every connection of the pool run GORM's
// statements through the shared ones at once (readers beside them), and every row lands.
func TestGORMStatementsKeptConcurrently(t *testing.T) {
	ctx := context.Background()
	db := kvDB(t)
	const writers, each = 4, 40
	errs := make(chan error, writers*2)
	for w := 0; w < writers; w++ {
		go func() {
			for i := 0; i < each; i++ {
				err := Tx(ctx, db, func(tx *gorm.DB) error {
					k := fmt.Sprintf("w%d-%d", w, i)
					if err := tx.Create(&KV{K: k, V: i}).Error; err != nil {
						return err
					}
					var n int64
					if err := tx.Model(&KV{}).Where("k LIKE ?", fmt.Sprintf("w%d-%%", w)).Count(&n).Error; err != nil {
						return err
					}
					if n != int64(i+1) {
						return fmt.Errorf("writer %d saw %d of its rows after %d inserts", w, n, i+1)
					}
					return nil
				})
				if err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
		go func() {
			for i := 0; i < each; i++ {
				var n int64
				if err := db.Model(&KV{}).Count(&n).Error; err != nil {
					errs <- err
					return
				}
			}
			errs <- nil
		}()
	}
	for i := 0; i < writers*2; i++ {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	var n int64
	db.Model(&KV{}).Count(&n)
	if n != writers*each {
		t.Errorf("%d rows, want %d", n, writers*each)
	}
	if sharedCount(db) < 2 {
		t.Errorf("%d statements shared, want GORM's insert and count", sharedCount(db))
	}
}

// TestGORMStatementsPastTheCap: once a transaction keeps maxKept statements, a new GORM text
// runs unkept, and a text kept before still runs through its kept statement.
func TestGORMStatementsPastTheCap(t *testing.T) {
	db := kvDB(t)
	const all = `SELECT k FROM kvs`
	err := Tx(context.Background(), db, func(tx *gorm.DB) error {
		cache := func() *stmtCache { c, _ := kept.Load(sqlTx(tx)); return c.(*stmtCache) }()
		rows, err := tx.Raw(all).Rows()
		if err != nil {
			return err
		}
		_ = rows.Close()
		for i := 0; keptCount(tx) < maxKept; i++ {
			if err := Exec(tx, fmt.Sprintf(`UPDATE kvs SET v = %d WHERE k = ''`, i)); err != nil {
				return err
			}
		}
		if err := tx.Exec(`DELETE FROM kvs WHERE k = 'none'`).Error; err != nil {
			return err
		}
		if n := keptCount(tx); n != maxKept {
			t.Errorf("%d statements kept after a new text past the cap, want %d", n, maxKept)
		}
		rows, err = tx.Raw(all).Rows()
		if err != nil {
			return err
		}
		defer rows.Close()
		cache.mu.Lock()
		defer cache.mu.Unlock()
		if cache.open[cache.m[all]] != rows {
			t.Error("a text kept before the cap filled ran unkept after it")
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
