package servicenow_test

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"runtime/pprof"
	"strings"
	"testing"
	"time"

	"outpost/domain/desk"
	"outpost/domain/servicenow"
	"outpost/domain/store"
)

// TestBenchImportUCI imports the whole UCI log (141,712 events, 24,918 incidents with their
// history) into a fresh desk: reading and decompressing the file, the checks, the writes,
// the search rows and the SLA state, all of it. Its floor writes the rows the import left —
// tickets, their audit lines and change-log rows — again into a fresh profile with raw
// multi-row INSERTs in one transaction (the people and groups they refer to copied first, off
// the clock). OUTPOST_BENCH_PROFILE=file writes a CPU profile of the import.
func TestBenchImportUCI(t *testing.T) {
	if os.Getenv("OUTPOST_BENCH") != "1" {
		t.Skip("set OUTPOST_BENCH=1 to run the benchmarks")
	}
	path := uciFile(t)
	ctx := context.Background()
	d := openDesk(t)
	admin := owner(t, d)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if p := os.Getenv("OUTPOST_BENCH_PROFILE"); p != "" {
		out, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer out.Close()
		if err := pprof.StartCPUProfile(out); err != nil {
			t.Fatal(err)
		}
	}
	start := time.Now()
	rep, err := servicenow.Import(ctx, d, admin, f, servicenow.Options{}, nil)
	took := time.Since(start)
	pprof.StopCPUProfile()
	if err != nil {
		t.Fatal(err)
	}
	if rep.Incidents != 24918 || rep.Rows != 141712 {
		t.Fatalf("imported %d incidents from %d rows, want 24918 from 141712", rep.Incidents, rep.Rows)
	}
	t.Logf("%+v", *rep)
	raw := rawFloor(t, d)
	fmt.Printf("bench: import_uci_s %.2f s\n", took.Seconds())
	fmt.Printf("bench: import_uci_raw_s %.2f s\n", raw.Seconds())
	fmt.Printf("bench: import_uci_vs_raw_x %.2f x\n", took.Seconds()/raw.Seconds())
}

// rawFloor writes the import's ticket, audit and change-log rows again into a fresh profile.
func rawFloor(t *testing.T, from *desk.Desk) time.Duration {
	t.Helper()
	ctx := context.Background()
	src, err := from.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	to := openDesk(t)
	dst, err := to.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	type table struct {
		name, where string
		cols        []string
		rows        [][]any
	}
	read := func(name, where string) *table {
		tb := &table{name: name, where: where}
		rs, err := src.QueryContext(ctx, `SELECT name FROM pragma_table_info(?)`, name)
		if err != nil {
			t.Fatal(err)
		}
		for rs.Next() {
			var c string
			_ = rs.Scan(&c)
			tb.cols = append(tb.cols, c)
		}
		rs.Close()
		rs, err = src.QueryContext(ctx, `SELECT `+strings.Join(tb.cols, ", ")+` FROM `+name+` WHERE `+where+` ORDER BY rowid`)
		if err != nil {
			t.Fatal(err)
		}
		defer rs.Close()
		for rs.Next() {
			vals := make([]any, len(tb.cols))
			ptrs := make([]any, len(vals))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rs.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			tb.rows = append(tb.rows, vals)
		}
		return tb
	}
	write := func(tx *sql.Tx, tb *table) {
		per := max(1, store.MaxValues/len(tb.cols))
		one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(tb.cols)), ",") + ")"
		stmts := map[int]*sql.Stmt{}
		for start := 0; start < len(tb.rows); start += per {
			chunk := tb.rows[start:min(start+per, len(tb.rows))]
			st := stmts[len(chunk)]
			if st == nil {
				if st, err = tx.PrepareContext(ctx, `INSERT INTO `+tb.name+`(`+strings.Join(tb.cols, ", ")+`) VALUES `+
					strings.TrimSuffix(strings.Repeat(one+",", len(chunk)), ",")); err != nil {
					t.Fatal(err)
				}
				stmts[len(chunk)] = st
			}
			args := make([]any, 0, len(chunk)*len(tb.cols))
			for _, r := range chunk {
				args = append(args, r...)
			}
			if _, err := st.ExecContext(ctx, args...); err != nil {
				t.Fatalf("%s: %v", tb.name, err)
			}
		}
	}
	// Off the clock: the people and groups the rows refer to.
	pre := []*table{read("users", "email LIKE '%@servicenow-uci.invalid'"), read("assignment_groups", "description LIKE 'ServiceNow%'")}
	tx, err := dst.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range pre {
		write(tx, tb)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	var admin string
	if err := src.QueryRowContext(ctx, `SELECT created_by FROM tickets LIMIT 1`).Scan(&admin); err != nil {
		t.Fatal(err)
	}
	if _, err := dst.ExecContext(ctx, `INSERT INTO users(id, name, email, role, active, created_at, updated_at)
		VALUES (?, 'Importer', 'importer@example.test', 'admin', 1, 0, 0)`, admin); err != nil {
		t.Fatal(err)
	}
	rows := []*table{read("tickets", "1"), read("audit_entries", "entity = 'ticket'"), read("changes", "entity = 'ticket'")}
	start := time.Now()
	tx, err = dst.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range rows {
		write(tx, tb)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return time.Since(start)
}
