package backup_test

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"outpost/domain/backup"
	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/ticket"
)

var t0 = time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)

func now() time.Time { return t0 }

func open(t *testing.T, path string) *desk.Desk {
	t.Helper()
	d, err := desk.Open(context.Background(), path, now)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func create(t *testing.T, d *desk.Desk, title string) {
	t.Helper()
	if err := createErr(d, title); err != nil {
		t.Fatal(err)
	}
}

func createErr(d *desk.Desk, title string) error {
	ctx := context.Background()
	owner, err := d.Owner(ctx)
	if err != nil {
		return err
	}
	_, err = d.Tickets.Create(ctx, owner, ticket.Draft{Type: "incident", Title: title, Impact: 2, Urgency: 2})
	return err
}

// digest is a count and checksum of the rows that matter in a profile: tickets, comments and
// the change log, in a fixed order.
func digest(t *testing.T, db *sql.DB) (int64, string) {
	t.Helper()
	h := sha256.New()
	var n int64
	for _, q := range []string{
		`SELECT id || '|' || number || '|' || title || '|' || state || '|' || priority FROM tickets ORDER BY id`,
		`SELECT id || '|' || ticket_id || '|' || body FROM comments ORDER BY id`,
		`SELECT id || '|' || entity || '|' || record_id || '|' || hlc FROM changes ORDER BY id`,
	} {
		rows, err := db.Query(q)
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			h.Write([]byte(s + "\n"))
			n++
		}
		rows.Close()
	}
	return n, fmt.Sprintf("%x", h.Sum(nil))
}

func sqlDB(t *testing.T, d *desk.Desk) *sql.DB {
	t.Helper()
	db, err := d.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// TestBackupWhileWriting takes a backup while another goroutine keeps creating tickets, then
// restores it into a fresh profile: the restored desk holds exactly what the backup's
// snapshot held (its manifest's count, and the same rows as a digest of the backup file).
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d := open(t, filepath.Join(dir, "desk.outpost"))
	for i := range 20 {
		create(t, d, fmt.Sprintf("before %d", i))
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	var written atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; !stop.Load(); i++ {
			if err := createErr(d, fmt.Sprintf("during %d", i)); err != nil {
				t.Error(err)
				return
			}
			written.Add(1)
		}
	}()
	// Let the writer get going, then back up twice while it writes.
	for written.Load() < 5 {
		time.Sleep(time.Millisecond)
	}
	path := filepath.Join(dir, "b", "one"+backup.Ext)
	m, err := backup.Take(ctx, d.DB, path, "test", t0)
	if err != nil {
		t.Fatal(err)
	}
	stop.Store(true)
	wg.Wait()
	if m.Tickets < 25 || m.DeviceID != d.DeviceID || m.Schema == 0 || m.App != "test" || m.TakenAt != t0.UnixMilli() {
		t.Fatalf("manifest = %+v", m)
	}
	var live int64
	if err := d.DB.Raw(`SELECT COUNT(*) FROM tickets`).Scan(&live).Error; err != nil {
		t.Fatal(err)
	}
	if live <= m.Tickets {
		t.Logf("the writer wrote nothing after the snapshot (live %d, backup %d)", live, m.Tickets)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	// No temp file is left beside the backup.
	left, _ := os.ReadDir(filepath.Dir(path))
	if len(left) != 1 {
		t.Fatalf("backup folder holds %d files, want 1", len(left))
	}
	got, err := backup.Inspect(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if *got != *m {
		t.Fatalf("Inspect = %+v, want %+v", got, m)
	}
	bdb, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	wantN, wantSum := digest(t, bdb)
	bdb.Close()

	target := filepath.Join(dir, "restored.outpost")
	if _, err := backup.Restore(ctx, path, target, now); err != nil {
		t.Fatal(err)
	}
	r := open(t, target)
	defer r.Close()
	var n int64
	if err := r.DB.Raw(`SELECT COUNT(*) FROM tickets`).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	if n != m.Tickets {
		t.Fatalf("restored %d tickets, manifest says %d", n, m.Tickets)
	}
	gotN, gotSum := digest(t, sqlDB(t, r))
	if gotN != wantN || gotSum != wantSum {
		t.Fatalf("restored rows %d %s, want %d %s", gotN, gotSum, wantN, wantSum)
	}
	var manifests int64
	if err := r.DB.Raw(`SELECT COUNT(*) FROM sqlite_master WHERE name = 'backup_manifest'`).Scan(&manifests).Error; err != nil || manifests != 0 {
		t.Fatalf("the restored profile keeps the backup's manifest table (%d, %v)", manifests, err)
	}
	// The restored desk writes on.
	create(t, r, "after restore")
}

// TestRestoreRefuses: a damaged, truncated, foreign or newer file is refused with its code,
// and the current profile stays as it was, byte for byte.
func TestRestoreRefuses(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	src := open(t, filepath.Join(dir, "src.outpost"))
	for i := range 30 {
		create(t, src, fmt.Sprintf("ticket %d with some words to fill pages %d", i, i*i))
	}
	good := filepath.Join(dir, "good"+backup.Ext)
	if _, err := backup.Take(ctx, src.DB, good, "test", t0); err != nil {
		t.Fatal(err)
	}
	_ = src.Close()
	body, err := os.ReadFile(good)
	if err != nil {
		t.Fatal(err)
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	// Damage a page in the middle: integrity_check (or reading) fails.
	corrupt := append([]byte(nil), body...)
	pageSize := int(corrupt[16])<<8 | int(corrupt[17])
	for i := 2 * pageSize; i < 6*pageSize && i < len(corrupt); i++ {
		corrupt[i] = byte(i * 7)
	}
	foreign := filepath.Join(dir, "foreign.sqlite")
	fdb, err := sql.Open("sqlite", "file:"+foreign)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fdb.Exec(`CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes(body) VALUES ('hello')`); err != nil {
		t.Fatal(err)
	}
	fdb.Close()
	newer := write("newer"+backup.Ext, body)
	ndb, err := sql.Open("sqlite", "file:"+newer)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ndb.Exec(`INSERT INTO schema_migrations(version, name, applied_at) VALUES (9999, '9999_future.sql', 0)`); err != nil {
		t.Fatal(err)
	}
	ndb.Close()

	cases := []struct {
		name, path, code string
	}{
		{"corrupted pages", write("corrupt"+backup.Ext, corrupt), backup.CodeDamaged},
		{"truncated", write("short"+backup.Ext, body[:len(body)/2]), backup.CodeDamaged},
		{"not sqlite", write("text"+backup.Ext, []byte("name,title\nx,y\n")), backup.CodeDamaged},
		{"empty", write("empty"+backup.Ext, nil), backup.CodeDamaged},
		{"foreign sqlite", foreign, backup.CodeForeign},
		{"newer schema", newer, backup.CodeNewer},
	}
	profile := filepath.Join(dir, "current.outpost")
	cur := open(t, profile)
	create(t, cur, "the current desk's own ticket")
	_ = cur.Close()
	before, err := os.ReadFile(profile)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := backup.Restore(ctx, c.path, profile, now)
			var be *backup.Error
			if !errors.As(err, &be) || be.Code != c.code || fault.Code(err) != c.code {
				t.Fatalf("Restore = %v, want code %s", err, c.code)
			}
			after, rerr := os.ReadFile(profile)
			if rerr != nil || string(after) != string(before) {
				t.Fatalf("the profile changed after a refused restore (%v)", rerr)
			}
			left, _ := filepath.Glob(profile + ".*")
			if len(left) != 0 {
				t.Fatalf("files left beside the profile: %v", left)
			}
		})
	}
	// And the good file restores over it.
	m, err := backup.Restore(ctx, good, profile, now)
	if err != nil || m.Tickets != 30 {
		t.Fatalf("Restore(good) = %+v, %v", m, err)
	}
}

// TestRetention: which backups the 7-daily, 4-weekly retention keeps, on a fixed clock.
func TestRetention(t *testing.T) {
	day := func(d int, h int) time.Time { return time.Date(2026, 12, d, h, 0, 0, 0, time.UTC) }
	now := day(31, 12) // a Thursday
	cases := []struct {
		name  string
		times []time.Time
		kept  []int
	}{
		{"none", nil, nil},
		{"one", []time.Time{day(31, 1)}, []int{0}},
		{"two the same day: the newest", []time.Time{day(31, 1), day(31, 9)}, []int{1}},
		{"ten straight days: 7 days, and the newest of older weeks",
			// Dec 22..31; ISO weeks: 21-27 (W52), 28-31 (W53).
			[]time.Time{day(22, 3), day(23, 3), day(24, 3), day(25, 3), day(26, 3), day(27, 3), day(28, 3), day(29, 3), day(30, 3), day(31, 3)},
			[]int{3, 4, 5, 6, 7, 8, 9}},
		{"weekly reaches back four weeks",
			// One a week: Dec 1, 8, 15, 22, 29 (all Tuesdays) and Nov 24: 6 weeks.
			[]time.Time{day(1, 8), day(8, 8), day(15, 8), day(22, 8), day(29, 8), time.Date(2026, 11, 24, 8, 0, 0, 0, time.UTC)},
			// Daily keeps all six days (fewer than 7); weekly would keep 4, daily already does.
			[]int{0, 1, 2, 3, 4, 5}},
		{"daily then weekly",
			append([]time.Time{day(25, 1), day(26, 1), day(27, 1), day(28, 1), day(29, 1), day(30, 1), day(31, 1),
				day(24, 1), day(23, 1)}, day(1, 1), day(2, 1), day(9, 1), day(16, 1), day(17, 1)),
			// 7 days: 25..31. Weeks newest first: W53 (28-31: 31), W52 (21-27: 27), W51 (14-20:
			// 17), W50 (7-13: 9). So 24, 23 (W52, older than 27), 16 (W51, older than 17),
			// 1 and 2 (W49) go.
			[]int{0, 1, 2, 3, 4, 5, 6, 11, 13}},
		{"a backup dated after now is kept", []time.Time{now.Add(48 * time.Hour), day(31, 1)}, []int{0, 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := backup.DefaultKeep.Kept(c.times, now, time.UTC)
			want := map[int]bool{}
			for _, i := range c.kept {
				want[i] = true
			}
			if len(got) != len(want) {
				t.Fatalf("kept %v, want %v", got, want)
			}
			for i := range want {
				if !got[i] {
					t.Fatalf("kept %v, want %v", got, want)
				}
			}
		})
	}
}

// TestPrune takes real backups into a folder on successive days of a fake clock and prunes.
func TestPrune(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d := open(t, filepath.Join(dir, "desk.outpost"))
	defer d.Close()
	folder := filepath.Join(dir, "backups")
	start := time.Date(2026, 11, 1, 2, 0, 0, 0, time.UTC)
	var at time.Time
	for i := range 40 {
		at = start.Add(time.Duration(i) * 24 * time.Hour)
		if !backup.Due(mustList(t, folder), at) {
			t.Fatalf("day %d: a backup is due", i)
		}
		if _, _, err := backup.Now(ctx, d.DB, folder, "test", at); err != nil {
			t.Fatal(err)
		}
		if backup.Due(mustList(t, folder), at.Add(time.Hour)) {
			t.Fatalf("day %d: a backup is due an hour after one", i)
		}
		if _, err := backup.Prune(folder, backup.DefaultKeep, at, time.UTC); err != nil {
			t.Fatal(err)
		}
	}
	list := mustList(t, folder)
	// 7 daily (Dec 4..10) and the newest of 4 weeks: Dec 7-10 and Nov 30-Dec 6 are among the
	// days; Nov 23-29 (29), Nov 16-22 (22).
	var got []string
	for _, e := range list {
		got = append(got, e.TakenAt.Format("01-02"))
	}
	want := []string{"12-10", "12-09", "12-08", "12-07", "12-06", "12-05", "12-04", "11-29", "11-22"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("kept %v, want %v", got, want)
	}
	for _, e := range list {
		if e.Size == 0 {
			t.Fatalf("%s has size 0", e.Name)
		}
	}
}

func mustList(t *testing.T, dir string) []backup.Entry {
	t.Helper()
	l, err := backup.List(dir)
	if err != nil {
		t.Fatal(err)
	}
	return l
}
