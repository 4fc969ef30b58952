package sla

import (
	"cmp"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// sideInsert writes the rows scheduleInsert writes, with few kind, target and stage
// combinations bound once per statement or, past its limit, as scheduleInsert.
func TestSideInsertWritesTheRows(t *testing.T) {
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "side.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE sla_schedule (at INTEGER NOT NULL, ticket_id TEXT NOT NULL, kind TEXT NOT NULL,
		level INTEGER NOT NULL, target TEXT NOT NULL, stage TEXT NOT NULL DEFAULT '', ticket_rowid INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (at, ticket_id, kind, level, target)) WITHOUT ROWID`); err != nil {
		t.Fatal(err)
	}
	few := []scheduleRow{
		{"t1", 11, planned{Kind: Resolution, Percent: 75, Target: "3d", At: 1, Stage: StageWarning}},
		{"t2", 12, planned{Kind: Response, Percent: 100, Target: "4h", At: 2, Stage: StageBreached}},
		{"t1", 11, planned{Kind: Resolution, Percent: 100, Target: "3d", At: 3, Stage: StageBreached}},
		{"t3", 0, planned{Kind: Resolution, Percent: 150, Target: "3d", At: 4}},
	}
	var many []scheduleRow
	for i := range 9 {
		many = append(many, scheduleRow{"t9", 19, planned{Kind: Response, Percent: 50, Target: fmt.Sprint(i+1, "h"), At: int64(10 + i)}})
	}
	for _, rows := range [][]scheduleRow{few, few[:1], many} {
		if _, err := db.Exec(`DELETE FROM sla_schedule`); err != nil {
			t.Fatal(err)
		}
		query, args := sideInsert(rows)
		if _, err := db.Exec(query, args...); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		var got []scheduleRow
		rs, err := db.Query(`SELECT ticket_id, ticket_rowid, kind, level, target, at, stage FROM sla_schedule ORDER BY at`)
		if err != nil {
			t.Fatal(err)
		}
		for rs.Next() {
			var r scheduleRow
			if err := rs.Scan(&r.ticket, &r.rowid, &r.Kind, &r.Percent, &r.Target, &r.At, &r.Stage); err != nil {
				t.Fatal(err)
			}
			got = append(got, r)
		}
		rs.Close()
		if !slices.Equal(got, rows) {
			t.Errorf("sideInsert wrote\n%+v\nwant\n%+v", got, rows)
		}
	}
	if q, _ := sideInsert(many); q != func() string { q, _ := scheduleInsert(many); return q }() {
		t.Errorf("9 combinations: got %s, want scheduleInsert's statement", q)
	}
}

// A side database a crashed recompute left in the profile's folder is removed by a later
// recompute once it is an hour old; a newer one (a recompute that may still be writing it)
// and other files stay.
func TestRemoveStaleSideDatabases(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, age time.Duration) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
		at := time.Now().Add(-age)
		if err := os.Chtimes(p, at, at); err != nil {
			t.Fatal(err)
		}
		return p
	}
	stale := write(".sla-schedule-1.tmp", 2*time.Hour)
	fresh := write(".sla-schedule-2.tmp", time.Minute)
	other := write("profile.outpost", 2*time.Hour)
	removeStale(dir)
	for p, want := range map[string]bool{stale: false, fresh: true, other: true} {
		if _, err := os.Stat(p); (err == nil) != want {
			t.Errorf("%s: exists %v, want %v", filepath.Base(p), err == nil, want)
		}
	}
}

// The side schedule is written through the driver's own connection, with the arguments as the
// driver takes them (database/sql converted an int; the driver refuses one): rows of few
// combinations and of more than a statement picks by number, across several statements.
func TestSideWriteThroughTheDriver(t *testing.T) {
	ctx := t.Context()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(t.TempDir(), "side.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE sla_schedule (at INTEGER NOT NULL, ticket_id TEXT NOT NULL, kind TEXT NOT NULL,
		level INTEGER NOT NULL, target TEXT NOT NULL, stage TEXT NOT NULL DEFAULT '', ticket_rowid INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (at, ticket_id, kind, level, target)) WITHOUT ROWID`); err != nil {
		t.Fatal(err)
	}
	sc := scheduleWriter{sorted: true}
	var want []scheduleRow
	for i := range 700 {
		id := fmt.Sprintf("t%04d", i)
		plan := []planned{{Kind: Resolution, Percent: 75, Target: "3d", At: int64(1000 + i%50), Stage: StageWarning},
			{Kind: Resolution, Percent: 100, Target: "3d", At: int64(2000 + i%50), Stage: StageBreached}}
		if i >= 600 { // past the first statements, more targets than a statement picks by number
			plan = append(plan, planned{Kind: Response, Percent: 100, Target: fmt.Sprint(i%12+1, "h"), At: int64(3000 + i)})
		}
		if err := sc.replace(id, int64(i+1), "", plan); err != nil {
			t.Fatal(err)
		}
		for _, p := range plan {
			want = append(want, scheduleRow{id, int64(i + 1), p})
		}
	}
	sc.sort()
	sd := &sideSchedule{db: db}
	if err := sd.write(ctx, &sc); err != nil {
		t.Fatal(err)
	}
	rs, err := db.Query(`SELECT ticket_id, ticket_rowid, kind, level, target, at, stage FROM sla_schedule`)
	if err != nil {
		t.Fatal(err)
	}
	defer rs.Close()
	var got []scheduleRow
	for rs.Next() {
		var r scheduleRow
		if err := rs.Scan(&r.ticket, &r.rowid, &r.Kind, &r.Percent, &r.Target, &r.At, &r.Stage); err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	key := func(a, b scheduleRow) int {
		return cmp.Or(cmp.Compare(a.At, b.At), strings.Compare(a.ticket, b.ticket), compareLevel(a.planned, b.planned))
	}
	slices.SortFunc(want, key)
	if !slices.Equal(got, want) {
		t.Errorf("the side schedule holds %d rows, want %d (or they differ)", len(got), len(want))
	}
}
