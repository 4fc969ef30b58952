package audit_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/audit"
	"outpost/domain/demo"
	"outpost/domain/desk"
	"outpost/domain/desk/desktest"
	"outpost/domain/store"
	"outpost/domain/ticket"
)

var epoch = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

// profile is a real profile whose trail was written by every kind of writer: the bulk
// generator, the ticket service, a configuration record's entries and a pulled page's entries
// delivered twice.
func profile(t *testing.T) (*desk.Desk, string) {
	t.Helper()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.outpost")
	d, err := desk.Open(ctx, path, func() time.Time { return epoch })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	if err := demo.Bulk(ctx, d, 120, 7, demo.BulkOptions{History: true, Batch: 50}); err != nil {
		t.Fatal(err)
	}
	owner, err := d.Owner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		tk, err := d.Tickets.Create(ctx, owner, ticket.Draft{Type: ticket.Incident, Title: fmt.Sprintf("printer %d", i),
			Description: "Jammed.", RequesterID: owner.ID, Impact: 2, Urgency: 2})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.Tickets.Transition(ctx, owner, tk.ID, ticket.Move{To: ticket.InProgress}); err != nil {
			t.Fatal(err)
		}
	}
	err = store.Tx(ctx, d.DB, func(tx *gorm.DB) error {
		return ticket.WriteAudit(tx, []ticket.AuditEntry{
			{ID: uuid.NewString(), Entity: "policy", TicketID: "p1", ActorID: owner.ID, At: epoch.UnixMilli(), Field: "name", OldValue: "", NewValue: "Standard"},
			{ID: uuid.NewString(), Entity: "policy", TicketID: "p1", ActorID: owner.ID, At: epoch.UnixMilli(), Field: "resolveMinutes", OldValue: "480", NewValue: "240"},
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	pulled := make([]ticket.AuditEntry, 30)
	for i := range pulled {
		pulled[i] = ticket.AuditEntry{ID: fmt.Sprintf("change-%d.0", i), TicketID: "t-remote", ActorID: owner.ID,
			At: epoch.UnixMilli() + int64(i), Field: "priority", OldValue: "3", NewValue: "2"}
	}
	for range 2 { // a page delivered again writes nothing new and keeps the chain whole
		if err := store.Tx(ctx, d.DB, func(tx *gorm.DB) error { return ticket.AppendAudit(tx, append(pulled, pulled[3])) }); err != nil {
			t.Fatal(err)
		}
	}
	return d, path
}

func count(t *testing.T, db *gorm.DB, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.Raw(q, args...).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func verify(t *testing.T, db *gorm.DB) audit.Result {
	t.Helper()
	res, err := audit.Verify(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestEveryWriterChains(t *testing.T) {
	d, _ := profile(t)
	res := verify(t, d.DB)
	all := count(t, d.DB, `SELECT COUNT(*) FROM audit_entries`)
	if !res.Intact || res.Entries != all || all < 500 {
		t.Fatalf("got %+v over %d rows, want intact over all of them (at least 500)", res, all)
	}
	if got := count(t, d.DB, `SELECT COUNT(*) FROM audit_entries WHERE ticket_id = 't-remote'`); got != 30 {
		t.Errorf("pulled entries: got %d rows, want 30 (a re-delivered page writes nothing)", got)
	}
	if got := count(t, d.DB, `SELECT MAX(seq) FROM audit_entries`); got != all {
		t.Errorf("last seq %d, want %d: the chain has no gaps", got, all)
	}
}

// middle is the seq of the entry in the middle of the trail.
func middle(t *testing.T, db *gorm.DB) int64 {
	return count(t, db, `SELECT MAX(seq) / 2 FROM audit_entries`)
}

func TestVerifyNamesTheFirstBrokenLink(t *testing.T) {
	tests := []struct {
		name    string
		tamper  func(t *testing.T, db *gorm.DB, k int64)
		problem string
		at      func(k int64) int64 // the seq Verify must name
	}{
		{"value changed", func(t *testing.T, db *gorm.DB, k int64) {
			exec(t, db, `UPDATE audit_entries SET new_value = 'resolved' WHERE seq = ?`, k)
		}, audit.Changed, same},
		{"actor changed", func(t *testing.T, db *gorm.DB, k int64) {
			exec(t, db, `UPDATE audit_entries SET actor_id = (SELECT id FROM users WHERE id <> actor_id LIMIT 1) WHERE seq = ?`, k)
		}, audit.Changed, same},
		{"later entry changed too", func(t *testing.T, db *gorm.DB, k int64) {
			exec(t, db, `UPDATE audit_entries SET old_value = 'x' WHERE seq IN (?, ?)`, k, k+40)
		}, audit.Changed, same},
		{"row deleted", func(t *testing.T, db *gorm.DB, k int64) {
			exec(t, db, `DELETE FROM audit_entries WHERE seq = ?`, k)
		}, audit.Missing, func(k int64) int64 { return k + 1 }},
		{"row deleted and the rest renumbered", func(t *testing.T, db *gorm.DB, k int64) {
			exec(t, db, `DELETE FROM audit_entries WHERE seq = ?`, k)
			renumber(t, db, k+1, -1)
		}, audit.Missing, same},
		{"row changed and rehashed", func(t *testing.T, db *gorm.DB, k int64) {
			e := entry(t, db, k)
			e.New = "forged"
			var prev []byte
			if err := db.Raw(`SELECT prev_hash FROM audit_entries WHERE seq = ?`, k).Row().Scan(&prev); err != nil {
				t.Fatal(err)
			}
			exec(t, db, `UPDATE audit_entries SET new_value = ?, hash = ? WHERE seq = ?`, e.New, audit.Hash(prev, e), k)
		}, audit.Missing, func(k int64) int64 { return k + 1 }},
		{"forged row slipped in, chained and hashed", func(t *testing.T, db *gorm.DB, k int64) {
			var prev []byte
			if err := db.Raw(`SELECT hash FROM audit_entries WHERE seq = ?`, k-1).Row().Scan(&prev); err != nil {
				t.Fatal(err)
			}
			renumber(t, db, k, 1)
			forge(t, db, k, prev)
		}, audit.Inserted, same},
		{"forged row with a fractional place", func(t *testing.T, db *gorm.DB, k int64) {
			exec(t, db, `INSERT INTO audit_entries(id, entity, ticket_id, actor_id, at, field, old_value, new_value, seq, prev_hash, hash)
				SELECT 'forged', entity, ticket_id, actor_id, at, 'state', 'new', 'closed', seq + 0.5, hash, hash FROM audit_entries WHERE seq = ?`, k-1)
		}, audit.Inserted, same},
		{"forged row outside the chain", func(t *testing.T, db *gorm.DB, k int64) {
			exec(t, db, `INSERT INTO audit_entries(id, entity, ticket_id, actor_id, at, field, old_value, new_value)
				SELECT 'forged', entity, ticket_id, actor_id, at, 'state', 'new', 'closed' FROM audit_entries WHERE seq = ?`, k)
		}, audit.Unchained, func(int64) int64 { return 0 }},
		{"two rows swapped", func(t *testing.T, db *gorm.DB, k int64) {
			exec(t, db, `UPDATE audit_entries SET seq = -1 WHERE seq = ?`, k)
			exec(t, db, `UPDATE audit_entries SET seq = ? WHERE seq = ?`, k, k+1)
			exec(t, db, `UPDATE audit_entries SET seq = ? WHERE seq = -1`, k+1)
		}, audit.Missing, same},
	}
	d, _ := profile(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Each case tampers with its own copy of the profile.
			db := copyOf(t, d.DB)
			k := middle(t, db)
			tc.tamper(t, db, k)
			res := verify(t, db)
			if res.Intact || res.Broken == nil {
				t.Fatalf("got %+v, want a broken link", res)
			}
			if res.Broken.Problem != tc.problem || res.Broken.Seq != tc.at(k) {
				t.Errorf("got %s at %d (%s), want %s at %d", res.Broken.Problem, res.Broken.Seq, res, tc.problem, tc.at(k))
			}
			if tc.problem == audit.Inserted || tc.problem == audit.Unchained {
				if res.Broken.ID != "forged" {
					t.Errorf("got entry %s named, want the forged one", res.Broken.ID)
				}
			}
		})
	}
}

func same(k int64) int64 { return k }

func exec(t *testing.T, db *gorm.DB, q string, args ...any) {
	t.Helper()
	if err := db.Exec(q, args...).Error; err != nil {
		t.Fatal(err)
	}
}

// renumber moves every entry from seq on by delta, last first or first first so the unique
// index never sees two at one place.
func renumber(t *testing.T, db *gorm.DB, from, delta int64) {
	t.Helper()
	order := "DESC"
	if delta < 0 {
		order = "ASC"
	}
	var seqs []int64
	if err := db.Raw(`SELECT seq FROM audit_entries WHERE seq >= ? ORDER BY seq `+order, from).Scan(&seqs).Error; err != nil {
		t.Fatal(err)
	}
	for _, s := range seqs {
		exec(t, db, `UPDATE audit_entries SET seq = ? WHERE seq = ?`, s+delta, s)
	}
}

func entry(t *testing.T, db *gorm.DB, seq int64) audit.Entry {
	t.Helper()
	var e audit.Entry
	err := db.Raw(`SELECT id, entity, ticket_id, actor_id, at, field, old_value, new_value FROM audit_entries WHERE seq = ?`, seq).Row().
		Scan(&e.ID, &e.Entity, &e.RecordID, &e.ActorID, &e.At, &e.Field, &e.Old, &e.New)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// forge writes a well-formed entry at seq after prev, as someone who knows the scheme would.
func forge(t *testing.T, db *gorm.DB, seq int64, prev []byte) {
	t.Helper()
	e := entry(t, db, seq-1)
	e.ID, e.Field, e.Old, e.New = "forged", "state", "in_progress", "closed"
	exec(t, db, `INSERT INTO audit_entries(`+audit.Columns+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		audit.Row(e, audit.Link{Seq: seq, Prev: prev, Hash: audit.Hash(prev, e)})...)
}

// copyOf is a copy of db's profile in a file of its own (VACUUM INTO), opened without the desk.
func copyOf(t *testing.T, db *gorm.DB) *gorm.DB {
	t.Helper()
	path := filepath.Join(t.TempDir(), "copy.outpost")
	exec(t, db, `VACUUM INTO ?`, path)
	c, err := store.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close(c) })
	return c
}

// TestSealChainsRowsWrittenBeforeTheChain opens a profile whose rows have no chain yet, as
// migration 0017 leaves them, and checks the desk chains them once, in the order written.
func TestSealChainsRowsWrittenBeforeTheChain(t *testing.T) {
	ctx := context.Background()
	d, path := profile(t)
	var before []string
	if err := d.DB.Raw(`SELECT id FROM audit_entries ORDER BY rowid`).Scan(&before).Error; err != nil {
		t.Fatal(err)
	}
	exec(t, d.DB, `UPDATE audit_entries SET seq = NULL, prev_hash = NULL, hash = NULL`)
	exec(t, d.DB, `INSERT INTO settings(key, value) VALUES ('audit_seal_pending', '1')`)
	if res := verify(t, d.DB); res.Intact || res.Broken.Problem != audit.Unchained {
		t.Fatalf("before sealing: got %+v, want unchained rows reported", res)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	d2, err := desk.Open(ctx, path, func() time.Time { return epoch })
	if err != nil {
		t.Fatal(err)
	}
	defer d2.Close()
	res := verify(t, d2.DB)
	if !res.Intact || res.Entries != int64(len(before)) {
		t.Fatalf("after sealing: got %+v, want intact over %d entries", res, len(before))
	}
	var after []string
	if err := d2.DB.Raw(`SELECT id FROM audit_entries ORDER BY seq`).Scan(&after).Error; err != nil {
		t.Fatal(err)
	}
	if strings.Join(after, ",") != strings.Join(before, ",") {
		t.Error("the chain's order is not the order the rows were written")
	}
	if got := count(t, d2.DB, `SELECT COUNT(*) FROM settings WHERE key = 'audit_seal_pending'`); got != 0 {
		t.Errorf("seal still pending after sealing")
	}
	// Sealing happens once: a row without a place that turns up later stays reported.
	exec(t, d2.DB, `INSERT INTO audit_entries(id, entity, ticket_id, actor_id, at, field) SELECT 'late', 'ticket', 't', actor_id, 1, 'x' FROM audit_entries LIMIT 1`)
	if err := audit.Seal(ctx, d2.DB); err != nil {
		t.Fatal(err)
	}
	if res := verify(t, d2.DB); res.Intact || res.Broken.ID != "late" {
		t.Errorf("a late row: got %+v, want it reported as unchained", res)
	}
}

func TestExport(t *testing.T) {
	ctx := context.Background()
	d, _ := profile(t)
	all := count(t, d.DB, `SELECT COUNT(*) FROM audit_entries`)
	// A row outside the chain is exported too (last), never left out.
	exec(t, d.DB, `INSERT INTO audit_entries(id, entity, ticket_id, actor_id, at, field) SELECT 'loose', 'ticket', 't', actor_id, 1, 'x' FROM audit_entries LIMIT 1`)
	all++

	var buf bytes.Buffer
	n, err := audit.Export(ctx, d.DB, &buf, audit.CSV)
	if err != nil || n != all {
		t.Fatalf("csv: wrote %d (%v), want %d", n, err, all)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(recs)) != all+1 || strings.Join(recs[0], ",") != "seq,id,kind,record,number,actor_id,actor,at,field,old,new,hash" {
		t.Fatalf("csv: %d records, header %v", len(recs), recs[0])
	}
	first := recs[1]
	var number, hash string
	var prev []byte
	if err := d.DB.Raw(`SELECT t.number, a.hash FROM audit_entries a JOIN tickets t ON t.id = a.ticket_id WHERE a.seq = 1`).Row().Scan(&number, &prev); err != nil {
		t.Fatal(err)
	}
	hash = hex.EncodeToString(prev)
	if first[0] != "1" || first[2] != "ticket" || first[4] != number || first[6] == "" || first[11] != hash {
		t.Errorf("csv first entry %v, want seq 1, ticket %s, an actor name and hash %s", first, number, hash)
	}
	if _, err := time.Parse(time.RFC3339, first[7]); err != nil {
		t.Errorf("csv time %q is not ISO-8601: %v", first[7], err)
	}
	if last := recs[len(recs)-1]; last[1] != "loose" || last[0] != "0" {
		t.Errorf("csv last entry %v, want the loose row", last)
	}

	buf.Reset()
	if n, err := audit.Export(ctx, d.DB, &buf, audit.JSON); err != nil || n != all {
		t.Fatalf("json: wrote %d (%v), want %d", n, err, all)
	}
	var lines []audit.Line
	if err := json.Unmarshal(buf.Bytes(), &lines); err != nil {
		t.Fatal(err)
	}
	if int64(len(lines)) != all || lines[0].Number != number || lines[0].Hash != hash {
		t.Errorf("json: %d lines, first %+v", len(lines), lines[0])
	}
	policy := 0
	for _, l := range lines {
		if l.Kind == "policy" {
			policy++
			if l.Number != "" {
				t.Errorf("policy entry with a ticket number: %+v", l)
			}
		}
	}
	if policy != 2 {
		t.Errorf("json: %d policy entries, want 2", policy)
	}
	if _, err := audit.Export(ctx, d.DB, &buf, "xml"); err == nil {
		t.Error("xml export: no error")
	}
}

func TestFormatOf(t *testing.T) {
	for name, want := range map[string]audit.Format{"a.csv": audit.CSV, "b.JSON": audit.JSON, "c.txt": "", "csv": ""} {
		if got := audit.FormatOf(name); got != want {
			t.Errorf("FormatOf(%q) = %q, want %q", name, got, want)
		}
	}
}

// remoteDesk opens a fresh desk and returns it with a maker of audit entries, by id, of a
// pulled ticket's title, made by the desk's owner.
func remoteDesk(t *testing.T) (*desk.Desk, func(id string) ticket.AuditEntry) {
	t.Helper()
	d, owner := desktest.Open(t, func() time.Time { return epoch })
	return d, func(id string) ticket.AuditEntry {
		return ticket.AuditEntry{ID: id, TicketID: "t-remote", ActorID: owner.ID, At: epoch.UnixMilli(), Field: "title", NewValue: id}
	}
}

// TestAppendNewLeavesOutHeldEntries: a page delivered again after part of it was written
// adds only its new entries, whether AppendNew finds the held ones by one scan of their id
// range or, when the range holds more entries than the page, id by id.
func TestAppendNewLeavesOutHeldEntries(t *testing.T) {
	for _, crowded := range []bool{false, true} {
		t.Run(map[bool]string{false: "scan", true: "lookups"}[crowded], func(t *testing.T) {
			ctx := context.Background()
			d, entry := remoteDesk(t)
			write := func(es ...ticket.AuditEntry) {
				t.Helper()
				if err := store.Tx(ctx, d.DB, func(tx *gorm.DB) error { return ticket.AppendAudit(tx, es) }); err != nil {
					t.Fatal(err)
				}
			}
			before := count(t, d.DB, `SELECT COUNT(*) FROM audit_entries`)
			others := int64(0)
			if crowded { // between the page's least and greatest id: more entries than the page has
				for i := range 50 {
					write(entry(fmt.Sprintf("b-%02d", i)))
				}
				others = 50
			}
			write(entry("a-1"), entry("c-1"))
			write(entry("a-1"), entry("b-50"), entry("c-1"), entry("c-2"), entry("c-2"))
			if got, want := count(t, d.DB, `SELECT COUNT(*) FROM audit_entries`)-before, others+4; got != want {
				t.Errorf("got %d new rows, want %d", got, want)
			}
			for _, id := range []string{"a-1", "b-50", "c-1", "c-2"} {
				if got := count(t, d.DB, `SELECT COUNT(*) FROM audit_entries WHERE id = ?`, id); got != 1 {
					t.Errorf("entry %s: got %d rows, want 1", id, got)
				}
			}
			if res := verify(t, d.DB); !res.Intact {
				t.Errorf("got %+v, want the chain intact", res)
			}
		})
	}
}

// TestPrepareNewChainsBesideOtherWrites: a pulled page's entries are prepared (held ids and
// tail read, chained on another goroutine) while the transaction writes other rows, and
// written after them: the re-delivered ones are left out, the new ones follow the tail in
// order, and the chain verifies.
func TestPrepareNewChainsBesideOtherWrites(t *testing.T) {
	ctx := context.Background()
	d, entry := remoteDesk(t)
	if err := store.Tx(ctx, d.DB, func(tx *gorm.DB) error { return ticket.AppendAudit(tx, []ticket.AuditEntry{entry("p-1")}) }); err != nil {
		t.Fatal(err)
	}
	tail := count(t, d.DB, `SELECT MAX(seq) FROM audit_entries`)
	err := store.Tx(ctx, d.DB, func(tx *gorm.DB) error {
		wait := ticket.PrepareAudit(tx, []ticket.AuditEntry{entry("p-1"), entry("p-2"), entry("p-3"), entry("p-2")})
		if err := store.Exec(tx, `INSERT INTO settings(key, value) VALUES ('prepare-test', 'x')`); err != nil {
			return err
		}
		b, err := wait()
		if err != nil {
			return err
		}
		return b.Write(tx)
	})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	d.DB.Raw(`SELECT id || '@' || (seq - ?) FROM audit_entries WHERE seq > ? ORDER BY seq`, tail, tail).Scan(&got)
	if fmt.Sprint(got) != "[p-2@1 p-3@2]" {
		t.Errorf("entries after the tail %v, want [p-2@1 p-3@2]", got)
	}
	if res := verify(t, d.DB); !res.Intact {
		t.Errorf("got %+v, want the chain intact", res)
	}
}
