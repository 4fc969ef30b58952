package store

import (
	"context"
	"database/sql"
	"hash/maphash"
	"strings"
	"sync"

	"gorm.io/gorm"
)

// MaxValues is how many values a multi-row statement binds at most. With statements kept
// (below) a long VALUES list is parsed once per transaction, so fewer, longer statements
// win: a pulled page applied 13 % faster at 1000 than at 200, and slower again at 8000
// (measured with 20000 ops on this machine).
const MaxValues = 1000

// Statements run through Exec inside a transaction that KeepStatements wraps are
// prepared once and kept until the transaction ends. The SQLite driver keeps a prepared
// statement compiled, so the hundredth insert of a pulled page binds and steps without
// parsing its SQL again: parsing was a quarter of the time a page took to apply.
var kept sync.Map // *sql.Tx -> *stmtCache

type stmtCache struct {
	mu     sync.Mutex
	m      map[string]*sql.Stmt
	busy   map[*sql.Stmt]bool // a QueryEach is reading its rows
	shared *sharedStmts
}

// KeepStatements wraps a transaction's function so that Exec reuses prepared
// statements while it runs. database/sql closes them when the transaction ends.
func KeepStatements(fn func(tx *gorm.DB) error) func(tx *gorm.DB) error {
	return func(tx *gorm.DB) error {
		t := sqlTx(tx)
		if t == nil {
			return fn(tx)
		}
		if _, nested := kept.Load(t); nested {
			// A service's transaction run inside another's (an import writes each row
			// through the services on its own transaction): the outer one keeps them.
			return fn(tx)
		}
		c := &stmtCache{m: map[string]*sql.Stmt{}, busy: map[*sql.Stmt]bool{}}
		if db, err := tx.DB(); err == nil {
			c.shared = sharedFor(db)
		}
		kept.Store(t, c)
		defer kept.Delete(t)
		return fn(tx)
	}
}

// Statements that recur from one transaction to the next (every page of a pull runs the
// same thousand-value inserts) are also prepared once for the pool: database/sql then keeps
// each connection's compiled copy, and a transaction on a connection that ran one before
// takes it without parsing it again (Tx.StmtContext). A text is shared from its second
// transaction on, so one-off texts (the short last chunk of a multi-row insert) do not take
// the places; at most maxShared per pool, each compiled at most once per connection.
const maxShared = 64

type sharedStmts struct {
	mu      sync.Mutex
	db      *sql.DB
	seen    map[uint64]bool // hashes of texts prepared in a transaction so far
	pending map[string]bool // texts seen twice, prepared for the pool after the transaction
	m       map[string]*sql.Stmt
}

var pools sync.Map // *sql.DB -> *sharedStmts

func sharedFor(db *sql.DB) *sharedStmts {
	if s, ok := pools.Load(db); ok {
		return s.(*sharedStmts)
	}
	s, _ := pools.LoadOrStore(db, &sharedStmts{db: db, seen: map[uint64]bool{}, pending: map[string]bool{}, m: map[string]*sql.Stmt{}})
	return s.(*sharedStmts)
}

var seed = maphash.MakeSeed()

// get returns the pool's statement for query, or nil when it is not (yet) shared. A text
// seen for the second time is marked for SharePending, which prepares it once the caller's
// transaction has ended: preparing for the pool takes a connection of its own, and a
// transaction that waited for one could wait for itself (the pool's other connections may be
// held by work that waits for this transaction's write lock).
func (s *sharedStmts) get(query string) *sql.Stmt {
	if s == nil {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if st := s.m[query]; st != nil {
		return st
	}
	if len(s.m)+len(s.pending) >= maxShared || s.pending[query] {
		return nil
	}
	h := maphash.String(seed, query)
	if !s.seen[h] {
		if len(s.seen) >= 16*maxShared {
			clear(s.seen)
		}
		s.seen[h] = true
		return nil
	}
	s.pending[query] = true
	return nil
}

// SharePending prepares for db's pool the texts that recurred in the transactions so far. The
// transaction functions (Tx here, the server store's Tx) call it after a transaction ends,
// holding no connection, so waiting for one is safe. A text that fails to prepare is dropped
// and runs prepared per transaction, as before it recurred.
func SharePending(ctx context.Context, db *gorm.DB) {
	sqlDB, err := db.DB()
	if err != nil {
		// A pinned connection (Pin) names its pool in its context.
		if sqlDB, _ = db.Statement.Context.Value(poolKey{}).(*sql.DB); sqlDB == nil {
			return
		}
	}
	v, ok := pools.Load(sqlDB)
	if !ok {
		return
	}
	s := v.(*sharedStmts)
	s.mu.Lock()
	if len(s.pending) == 0 {
		s.mu.Unlock()
		return
	}
	texts := make([]string, 0, len(s.pending))
	for q := range s.pending {
		texts = append(texts, q)
	}
	clear(s.pending)
	s.mu.Unlock()
	for _, q := range texts {
		st, err := sqlDB.PrepareContext(ctx, q)
		if err != nil {
			continue
		}
		s.mu.Lock()
		if _, closed := pools.Load(sqlDB); !closed || s.m[q] != nil {
			_ = st.Close()
		} else {
			s.m[q] = st
		}
		s.mu.Unlock()
	}
}

// forget closes the statements shared for db, which is closing.
func forget(db *sql.DB) {
	if s, ok := pools.LoadAndDelete(db); ok {
		s := s.(*sharedStmts)
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, st := range s.m {
			_ = st.Close()
		}
		clear(s.m)
	}
}

// sqlTx is the database/sql transaction under tx, or nil outside one (also under GORM's
// prepared-statement mode, which wraps it).
func sqlTx(tx *gorm.DB) *sql.Tx {
	switch p := tx.Statement.ConnPool.(type) {
	case *sql.Tx:
		return p
	case *gorm.PreparedStmtTX:
		t, _ := p.Tx.(*sql.Tx)
		return t
	}
	return nil
}

// prepared returns tx's kept statement for query, or nil outside KeepStatements (and while
// a QueryEach reads the statement's rows: running it again would rewind them).
func prepared(ctx context.Context, tx *gorm.DB, query string) (*sql.Stmt, error) {
	st, cache, err := keptStmt(ctx, tx, query)
	if st != nil && cache.isBusy(st) {
		return nil, err
	}
	return st, err
}

func (c *stmtCache) isBusy(st *sql.Stmt) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.busy[st]
}

// claim marks st as reading rows; false if it already is.
func (c *stmtCache) claim(st *sql.Stmt) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.busy[st] {
		return false
	}
	c.busy[st] = true
	return true
}

func (c *stmtCache) release(st *sql.Stmt) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.busy, st)
}

func keptStmt(ctx context.Context, tx *gorm.DB, query string) (*sql.Stmt, *stmtCache, error) {
	t := sqlTx(tx)
	if t == nil {
		return nil, nil, nil
	}
	c, ok := kept.Load(t)
	if !ok {
		return nil, nil, nil
	}
	cache := c.(*stmtCache)
	cache.mu.Lock()
	defer cache.mu.Unlock()
	if st := cache.m[query]; st != nil {
		return st, cache, nil
	}
	var st *sql.Stmt
	if pooled := cache.shared.get(query); pooled != nil {
		st = t.StmtContext(ctx, pooled)
	} else {
		var err error
		if st, err = t.PrepareContext(ctx, query); err != nil {
			return nil, nil, err
		}
	}
	cache.m[query] = st
	return st, cache, nil
}

// QueryEach runs a query on tx's connection, through its kept statements (see Exec), calls
// each for every row and closes the rows before it returns. Args are plain driver values,
// as for Exec. each may run other statements, the same one included.
func QueryEach(tx *gorm.DB, query string, args []any, each func(*sql.Rows) error) error {
	ctx := tx.Statement.Context
	st, cache, err := keptStmt(ctx, tx, query)
	if err != nil {
		return err
	}
	var rows *sql.Rows
	if st != nil && cache.claim(st) {
		defer cache.release(st)
		rows, err = st.QueryContext(ctx, args...)
	} else {
		rows, err = tx.Statement.ConnPool.QueryContext(ctx, query, args...)
	}
	return EachRow(rows, err, each)
}

// EachRow calls each for every row of a query's result (rows, err) and closes the rows.
func EachRow(rows *sql.Rows, err error, each func(*sql.Rows) error) error {
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// InList returns "?, ?, ?" for an IN list of values, and the values as arguments.
func InList(values []string) (string, []any) {
	args := make([]any, len(values))
	for i, v := range values {
		args[i] = v
	}
	return strings.TrimSuffix(strings.Repeat("?, ", len(values)), ", "), args
}

// Exec runs a statement on tx's connection without GORM building it: GORM scans the SQL for
// placeholders and converts every argument, a measurable share of a multi-row insert. Args
// must be plain driver values (strings, integers, bools, []byte, nil); no `IN ?` expansion.
func Exec(tx *gorm.DB, query string, args ...any) error {
	_, err := ExecResult(tx, query, args...)
	return err
}

// ExecResult is Exec for a caller that needs the rows affected.
func ExecResult(tx *gorm.DB, query string, args ...any) (sql.Result, error) {
	ctx := tx.Statement.Context
	st, err := prepared(ctx, tx, query)
	if err != nil {
		return nil, err
	}
	if st != nil {
		return st.ExecContext(ctx, args...)
	}
	return tx.Statement.ConnPool.ExecContext(ctx, query, args...)
}

type poolKey struct{}

// Pin runs fn with db held to one connection of its pool for fn's whole run: a run of
// transactions that sets something on its connection first (a pull turns off automatic
// checkpoints) and must find it set in each. Tx on the pinned db shares prepared statements
// with the pool as on db.
func Pin(ctx context.Context, db *gorm.DB, fn func(conn *gorm.DB) error) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	return db.WithContext(context.WithValue(ctx, poolKey{}, sqlDB)).Connection(fn)
}
