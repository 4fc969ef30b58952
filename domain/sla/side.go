package sla

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"outpost/domain/store"
)

// sideSchedule is a scratch database beside the profile, in which the reader of a big
// recompute (Service.recomputeAll) writes the new schedule on its own connection, so on the
// machine's other core, while the writer updates the tickets and builds their indexes. The
// writer then copies it into the emptied sla_schedule with one INSERT ... SELECT *, which
// SQLite runs as a transfer of whole records in key order (its xfer optimization: an empty
// table of the same definition), without binding, decoding or comparing a value. Written by
// the writer itself, the schedule's 200k rows of a 100k recompute were the longest part of
// the transaction (0.9–1.3 s of CPU by profile, a third of it binding arguments).
//
// The file holds nothing the profile needs: the recompute's transaction commits or not on
// its own, and a file left by a crash is a stray temporary file.
type sideSchedule struct {
	path string
	db   *sql.DB   // the reader's connection to it
	conn *sql.Conn // the writer's connection it is attached to
}

// sideName is the schema name the side database is attached under.
const sideName = "sla_side"

// openSide creates the side database in the profile's folder, with an empty table of
// sla_schedule's definition, and attaches it to conn, which must not be in a transaction
// (ATTACH cannot run in one). It returns nil when the profile is not a file.
func openSide(ctx context.Context, conn *sql.Conn) (_ *sideSchedule, err error) {
	var main, ddl string
	rows, err := conn.QueryContext(ctx, `SELECT file FROM pragma_database_list WHERE name = 'main'`)
	if err := store.EachRow(rows, err, func(rows *sql.Rows) error { return rows.Scan(&main) }); err != nil {
		return nil, fmt.Errorf("profile file: %w", err)
	}
	if main == "" {
		return nil, nil
	}
	if err := conn.QueryRowContext(ctx, `SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'sla_schedule'`).Scan(&ddl); err != nil {
		return nil, fmt.Errorf("SLA schedule definition: %w", err)
	}
	removeStale(filepath.Dir(main))
	f, err := os.CreateTemp(filepath.Dir(main), sidePattern)
	if err != nil {
		return nil, err
	}
	sd := &sideSchedule{path: f.Name(), conn: conn}
	defer func() {
		if err != nil {
			_ = sd.close(nil)
		}
	}()
	if err := f.Close(); err != nil {
		return nil, err
	}
	// A plain path: the driver reads a DSN's query as its settings.
	if sd.db, err = sql.Open("sqlite", "file:"+sd.path); err != nil {
		return nil, err
	}
	sd.db.SetMaxOpenConns(1)
	// No journal and no sync: a scratch file, read once by the writer before it is removed.
	for _, q := range []string{`PRAGMA journal_mode = OFF`, `PRAGMA synchronous = OFF`, ddl} {
		if _, err := sd.db.ExecContext(ctx, q); err != nil {
			return nil, fmt.Errorf("SLA side schedule: %s: %w", q, err)
		}
	}
	if _, err := conn.ExecContext(ctx, `ATTACH DATABASE ? AS `+sideName, sd.path); err != nil {
		return nil, fmt.Errorf("attach SLA side schedule: %w", err)
	}
	return sd, nil
}

// sidePattern names side databases in the profile's folder (os.CreateTemp).
const sidePattern = ".sla-schedule-*.tmp"

// removeStale removes side databases a recompute left behind when its process ended before
// it could (a crash, a kill): older than an hour, no recompute is still writing one.
func removeStale(dir string) {
	old, _ := filepath.Glob(filepath.Join(dir, sidePattern))
	for _, p := range old {
		if fi, err := os.Stat(p); err == nil && time.Since(fi.ModTime()) > time.Hour {
			_ = os.Remove(p)
		}
	}
}

// write writes sc's rows, sorted (scheduleWriter.sort), into the side database in one
// transaction, through the driver's own connection: database/sql's statement, its locks and
// its conversion of every argument (a million for 100k tickets) cost about 0.1 s of the side
// schedule's 0.8–0.95 s of CPU, with nothing to do here (one connection and one goroutine; the
// arguments of the driver's types but Percent's int). Side write 0.79–0.96 → 0.75–0.89 s (three
// alternated profiled runs each, load 5).
func (sd *sideSchedule) write(ctx context.Context, sc *scheduleWriter) error {
	conn, err := sd.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		c, ok := dc.(interface {
			driver.ConnBeginTx
			driver.ConnPrepareContext
		})
		if !ok {
			return fmt.Errorf("SLA side schedule: driver connection %T cannot prepare", dc)
		}
		tx, err := c.BeginTx(ctx, driver.TxOptions{})
		if err != nil {
			return err
		}
		done := false
		defer func() {
			if !done {
				_ = tx.Rollback()
			}
		}()
		stmts := store.DriverStmts{Conn: c}
		defer stmts.Close()
		var nv []driver.NamedValue
		err = sc.eachSorted(func(rows []scheduleRow) error {
			query, args := sideInsert(rows)
			st, _, err := stmts.Get(ctx, query)
			if err != nil {
				return fmt.Errorf("SLA side schedule: %w", err)
			}
			nv = nv[:0]
			for i, a := range args {
				if v, ok := a.(int); ok {
					a = int64(v) // the driver's integer type (database/sql converts it)
				}
				nv = append(nv, driver.NamedValue{Ordinal: i + 1, Value: a})
			}
			if _, err := st.ExecContext(ctx, nv); err != nil {
				return fmt.Errorf("write SLA side schedule: %w", err)
			}
			return nil
		})
		if err != nil {
			return err
		}
		done = true
		return tx.Commit()
	})
}

// close detaches the side database from conn (when not nil; outside a transaction), closes
// the reader's connection and removes the file. It returns only a failure to detach: the
// file is a temporary file either way.
func (sd *sideSchedule) close(conn *sql.Conn) error {
	var err error
	if conn != nil {
		if _, derr := conn.ExecContext(context.Background(), `DETACH DATABASE `+sideName); derr != nil {
			err = fmt.Errorf("detach SLA side schedule: %w", derr)
		}
	}
	if sd.db != nil {
		_ = sd.db.Close()
	}
	_ = os.Remove(sd.path)
	return err
}

// sideInsert is scheduleInsert with each row's kind, target and stage, of which a statement
// holds a few combinations (a 100k recompute: two), bound once per statement and picked by
// number: a row binds one string (its ticket) instead of four, and modernc copies every
// string it binds into C memory. Binding was half of writing the side schedule (0.46 s of
// 0.97 s of CPU by profile). A statement with many combinations is scheduleInsert's.
func sideInsert(rows []scheduleRow) (string, []any) {
	type combo struct{ kind, target, stage string }
	const most = 8
	var combos []combo
	which := make([]int, len(rows))
	for i, r := range rows {
		c := combo{r.Kind, r.Target, r.Stage}
		k := slices.Index(combos, c)
		if k < 0 {
			if len(combos) == most {
				return scheduleInsert(rows)
			}
			k = len(combos)
			combos = append(combos, c)
		}
		which[i] = k
	}
	args := make([]any, 0, 3*len(combos)+5*len(rows))
	for _, c := range combos {
		args = append(args, c.kind, c.target, c.stage)
	}
	for i, r := range rows {
		args = append(args, r.At, r.ticket, r.Percent, which[i], r.rowid)
	}
	return sideQuery(len(rows), len(combos)), args
}

// sideQueries holds sideInsert's statements by rows and combinations: all but the last of a
// recompute's statements are alike, and writing the text each time cost as much as binding.
var sideQueries sync.Map

func sideQuery(rows, combos int) string {
	key := [2]int{rows, combos}
	if q, ok := sideQueries.Load(key); ok {
		return q.(string)
	}
	var sb strings.Builder
	sb.WriteString(`INSERT INTO sla_schedule(at, ticket_id, kind, level, target, stage, ticket_rowid) SELECT column1, column2, `)
	pick := func(field int) {
		if combos == 1 {
			fmt.Fprintf(&sb, "?%d", field+1)
			return
		}
		sb.WriteString("CASE column4")
		for k := range combos {
			fmt.Fprintf(&sb, " WHEN %d THEN ?%d", k, 3*k+field+1)
		}
		sb.WriteString(" END")
	}
	pick(0)
	sb.WriteString(", column3, ")
	pick(1)
	sb.WriteString(", ")
	pick(2)
	sb.WriteString(", column5 FROM (VALUES ")
	for i := range rows {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString("(?,?,?,?,?)")
	}
	// WHERE true: an upsert's SELECT needs one, or its ON would be read as a join's.
	sb.WriteString(`) WHERE true ON CONFLICT DO UPDATE SET stage = excluded.stage, ticket_rowid = excluded.ticket_rowid`)
	q, _ := sideQueries.LoadOrStore(key, sb.String())
	return q.(string)
}
