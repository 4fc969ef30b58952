package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
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
	busy   map[*sql.Stmt]bool      // a QueryEach is reading its rows
	open   map[*sql.Stmt]*sql.Rows // rows GORM's query returned, perhaps still being read
	shared *sharedStmts
	raw    *rawConn // the pinned connection the transaction runs on (Pin), or nil
}

// KeepStatements wraps a transaction's function so that Exec reuses prepared
// statements while it runs. database/sql closes them when the transaction ends.
func KeepStatements(fn func(tx *gorm.DB) error) func(tx *gorm.DB) error {
	return keepStatementsOn(nil, fn)
}

// keepStatementsOn is KeepStatements for a transaction on a pinned connection (raw, when not
// nil): Exec then runs through the driver's own connection (rawConn).
func keepStatementsOn(raw *rawConn, fn func(tx *gorm.DB) error) func(tx *gorm.DB) error {
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
		c := &stmtCache{m: map[string]*sql.Stmt{}, busy: map[*sql.Stmt]bool{}, open: map[*sql.Stmt]*sql.Rows{}, raw: raw}
		db, err := tx.DB()
		if err == nil {
			c.shared = sharedFor(db)
		}
		kept.Store(t, c)
		defer kept.Delete(t)
		if plain, ok := tx.Statement.ConnPool.(*sql.Tx); ok && db != nil {
			// GORM's own statements (a Create, a Take, a Raw scan) take the kept ones too.
			tx.Statement.ConnPool = &gormPool{Tx: plain, cache: c, db: db}
			defer func() { tx.Statement.ConnPool = plain }()
		}
		return fn(tx)
	}
}

// gormPool is the connection GORM runs a KeepStatements transaction's statements on: its
// queries and updates run through the transaction's kept statements, so a text that recurs
// from transaction to transaction (a create's dozen lookups and inserts) is compiled once
// per connection (see sharedStmts), not once per run. Savepoints and other texts that are
// not queries or updates run as before, as does a statement whose rows are still being read.
type gormPool struct {
	*sql.Tx
	cache *stmtCache
	db    *sql.DB // the pool the transaction came from, for GORM's DB()
}

// GetDBConn is how GORM's DB() finds the pool under a connection it does not know.
func (p *gormPool) GetDBConn() (*sql.DB, error) { return p.db, nil }

// maxKept bounds what GORM adds to a transaction's kept statements: once it keeps this many
// (Exec's included), a new GORM text runs unkept (an import that builds many IN lists of their
// own lengths).
const maxKept = 256

func (p *gormPool) stmt(ctx context.Context, query string) *sql.Stmt {
	if !keepable(query) {
		return nil
	}
	p.cache.mu.Lock()
	_, have := p.cache.m[query]
	full := len(p.cache.m) >= maxKept
	p.cache.mu.Unlock()
	if full && !have {
		return nil // a text kept before the cap filled stays kept
	}
	st, cache, err := keptOn(ctx, p.Tx, query)
	if err != nil || st == nil || cache.isBusy(st) {
		return nil // a text that does not prepare runs unkept, and fails there with its error
	}
	return st
}

// keepable: statements worth keeping begin with one of these words (GORM writes them in
// upper case); savepoints, whose names are random, are not.
func keepable(query string) bool {
	q := strings.TrimLeft(query, " \t\n")
	for _, w := range []string{"SELECT", "INSERT", "UPDATE", "DELETE", "WITH"} {
		if len(q) >= len(w) && strings.EqualFold(q[:len(w)], w) {
			return true
		}
	}
	return false
}

func (p *gormPool) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if st := p.stmt(ctx, query); st != nil {
		return st.ExecContext(ctx, args...)
	}
	return p.Tx.ExecContext(ctx, query, args...)
}

func (p *gormPool) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st := p.stmt(ctx, query)
	if st == nil {
		return p.Tx.QueryContext(ctx, query, args...)
	}
	rows, err := st.QueryContext(ctx, args...)
	if err == nil {
		p.cache.mu.Lock()
		p.cache.open[st] = rows
		p.cache.mu.Unlock()
	}
	return rows, err
}

// Statements that recur from one transaction to the next (every page of a pull runs the
// same thousand-value inserts) are also prepared once for the pool: database/sql then keeps
// each connection's compiled copy, and a transaction on a connection that ran one before
// takes it without parsing it again (Tx.StmtContext). A text is shared from its second
// transaction on, so one-off texts (the short last chunk of a multi-row insert) do not take
// the places; at most maxShared per pool, each compiled at most once per connection. With
// GORM's statements kept too (gormPool), the test suite's busiest desk shared 110 texts; 64
// were full in most of its desks, and the texts that came later ran parsed per transaction.
const maxShared = 256

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
	case *gormPool:
		return p.Tx
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
	return c.busyLocked(st)
}

// busyLocked: a QueryEach reads st's rows, or GORM's query returned rows of st that are not
// closed yet (Columns fails once they are).
func (c *stmtCache) busyLocked(st *sql.Stmt) bool {
	if c.busy[st] {
		return true
	}
	if r := c.open[st]; r != nil {
		if _, err := r.Columns(); err == nil {
			return true
		}
		delete(c.open, st)
	}
	return false
}

// claim marks st as reading rows; false if it already is.
func (c *stmtCache) claim(st *sql.Stmt) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.busyLocked(st) {
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
	return keptOn(ctx, sqlTx(tx), query)
}

// keptOn is keptStmt for the database/sql transaction t (nil outside one).
func keptOn(ctx context.Context, t *sql.Tx, query string) (*sql.Stmt, *stmtCache, error) {
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
	if raw := rawOf(tx); raw != nil {
		return raw.exec(ctx, query, args)
	}
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
// with the pool as on db for its queries; its Execs run through the driver's own connection
// (rawConn), their statements kept until fn returns.
func Pin(ctx context.Context, db *gorm.DB, fn func(conn *gorm.DB) error) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	return db.WithContext(context.WithValue(ctx, poolKey{}, sqlDB)).Connection(func(conn *gorm.DB) error {
		c, ok := conn.Statement.ConnPool.(*sql.Conn)
		if !ok {
			return fn(conn)
		}
		raw := &rawConn{conn: c}
		pinned.Store(c, raw)
		defer func() {
			pinned.Delete(c)
			raw.close()
		}()
		return fn(conn)
	})
}

// pinned holds the rawConn of each connection held by Pin.
var pinned sync.Map // *sql.Conn -> *rawConn

// pinnedOf is the rawConn of db when it is a connection held by Pin, else nil.
func pinnedOf(db *gorm.DB) *rawConn {
	c, ok := db.Statement.ConnPool.(*sql.Conn)
	if !ok {
		return nil
	}
	if raw, ok := pinned.Load(c); ok {
		return raw.(*rawConn)
	}
	return nil
}

// rawOf is the rawConn that tx's Execs run through, or nil.
func rawOf(tx *gorm.DB) *rawConn {
	t := sqlTx(tx)
	if t == nil {
		return nil
	}
	c, ok := kept.Load(t)
	if !ok {
		return nil
	}
	return c.(*stmtCache).raw
}

// rawConn runs the Execs of a pinned connection's transactions through the driver's own
// connection (sql.Conn.Raw) with statements prepared on it, kept across the transactions
// until Pin ends. database/sql's statement converts every argument through its checkers and
// takes its locks per call: 0.14 s of the 2.7 s that a pull of 20000 ops spent in its inserts'
// ExecContext (5 pulls, by profile), with nothing to do here (one goroutine on the connection,
// arguments of the driver's types). Arguments are converted as database/sql converts them
// (driver.DefaultParameterConverter), the common types without a call.
type rawConn struct {
	conn  *sql.Conn
	stmts DriverStmts
	args  []driver.NamedValue // reused from call to call
}

// maxRaw is how many statements a rawConn keeps: past it, a new text (a one-off, such as a
// page's short last chunk) is prepared, run and closed.
const maxRaw = 128

func (r *rawConn) exec(ctx context.Context, query string, args []any) (res sql.Result, err error) {
	err = r.conn.Raw(func(dc any) error {
		if r.stmts.Conn == nil {
			c, ok := dc.(driver.ConnPrepareContext)
			if !ok {
				return fmt.Errorf("driver connection %T cannot prepare", dc)
			}
			r.stmts = DriverStmts{Conn: c, Max: maxRaw}
		}
		st, temp, err := r.stmts.Get(ctx, query)
		if err != nil {
			return err
		}
		if temp {
			defer func() { _ = st.(driver.Stmt).Close() }()
		}
		nv := r.args[:0]
		for i, a := range args {
			switch a.(type) {
			case string, int64, nil, []byte, bool, float64:
			default:
				if a, err = driver.DefaultParameterConverter.ConvertValue(a); err != nil {
					return fmt.Errorf("sql: converting argument $%d type: %w", i+1, err)
				}
			}
			nv = append(nv, driver.NamedValue{Ordinal: i + 1, Value: a})
		}
		r.args = nv
		defer clear(nv) // hold no values past the call
		res, err = st.ExecContext(ctx, nv)
		return err
	})
	return res, err
}

// close closes the statements kept.
func (r *rawConn) close() {
	if len(r.stmts.stmts) == 0 {
		return
	}
	_ = r.conn.Raw(func(any) error {
		r.stmts.Close()
		return nil
	})
}

// DriverStmts keeps the statements prepared on a driver connection by their text, for a
// writer that runs a few texts many times on the driver's own connection (under
// sql.Conn.Raw): the pull's Execs (rawConn), the big SLA recompute's state and scratch
// schedule writes.
type DriverStmts struct {
	Conn driver.ConnPrepareContext
	// Max is how many it keeps (0: no limit); past it, Get prepares a new text for one use.
	Max   int
	stmts map[string]driver.StmtExecContext
}

// Get returns query's statement, prepared on first use; temp reports one not kept, which
// the caller closes after its run.
func (d *DriverStmts) Get(ctx context.Context, query string) (st driver.StmtExecContext, temp bool, err error) {
	if st := d.stmts[query]; st != nil {
		return st, false, nil
	}
	ps, err := d.Conn.PrepareContext(ctx, query)
	if err != nil {
		return nil, false, err
	}
	st, ok := ps.(driver.StmtExecContext)
	if !ok {
		_ = ps.Close()
		return nil, false, fmt.Errorf("driver statement %T cannot execute", ps)
	}
	if d.Max > 0 && len(d.stmts) >= d.Max {
		return st, true, nil
	}
	if d.stmts == nil {
		d.stmts = map[string]driver.StmtExecContext{}
	}
	d.stmts[query] = st
	return st, false, nil
}

// Close closes every statement kept.
func (d *DriverStmts) Close() {
	for _, st := range d.stmts {
		_ = st.(driver.Stmt).Close()
	}
	d.stmts = nil
}
