package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm"

	"outpost/domain/fault"
	"outpost/sync/protocol"
	"outpost/sync/server/store"
	"outpost/sync/server/store/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// backends runs one contract test against a fresh SQLite file and a fresh PostgreSQL database.
func backends(t *testing.T, test func(t *testing.T, s *store.Store)) {
	open := map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "server.db") },
		"postgres": func(t *testing.T) string { return pgtest.DB(t) },
	}
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			s, err := store.Open(context.Background(), open[name](t))
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = s.Close() })
			test(t, s)
		})
	}
}

func TestUsersAndDevices(t *testing.T) {
	backends(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if err := s.CreateUser(ctx, store.User{ID: "u1", Name: "Ann", Email: "ann@x.test", Role: "agent", Active: true, PasswordHash: "h"}); err != nil {
			t.Fatal(err)
		}
		err := s.CreateUser(ctx, store.User{ID: "u2", Name: "Ann 2", Email: "ann@x.test", Role: "agent", Active: true, PasswordHash: "h"})
		if fault.Code(err) != fault.CodeValidation {
			t.Errorf("duplicate email: got %v, want a validation error", err)
		}
		_ = s.CreateUser(ctx, store.User{ID: "u3", Name: "Bob", Email: "bob@x.test", Role: "requester", Active: true, PasswordHash: "h"})
		if _, err := s.PutDevice(ctx, store.Device{ID: "d1", UserID: "u1", TokenHash: "t1"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.PutDevice(ctx, store.Device{ID: "d1", UserID: "u3", TokenHash: "t9"}); !errors.Is(err, fault.ErrForbidden) {
			t.Errorf("another user's device id: got %v, want forbidden", err)
		}
		d, err := s.DeviceByToken(ctx, "t1")
		if err != nil || d.UserID != "u1" {
			t.Fatalf("device by token: got %+v, %v", d, err)
		}
		if err := s.RevokeDevice(ctx, "d1"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DeviceByToken(ctx, "t1"); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("revoked device: got %v, want not found", err)
		}
		// A new login re-arms the device with a new token; the old one stays dead.
		if _, err := s.PutDevice(ctx, store.Device{ID: "d1", UserID: "u1", TokenHash: "t2"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.DeviceByToken(ctx, "t2"); err != nil {
			t.Errorf("re-login: %v", err)
		}
		if _, err := s.DeviceByToken(ctx, "t1"); err == nil {
			t.Error("old token still works after re-login")
		}
	})
}

func TestLoginRateLimit(t *testing.T) {
	backends(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const window, max = 60_000, 3
		for i := 0; i < max; i++ {
			ok, err := s.TakeLoginAttempt(ctx, "ann", 1000, window, max)
			if err != nil || !ok {
				t.Fatalf("attempt %d refused: %v", i, err)
			}
		}
		if ok, _ := s.TakeLoginAttempt(ctx, "ann", 2000, window, max); ok {
			t.Error("got allowed after max failures, want refused")
		}
		if ok, _ := s.TakeLoginAttempt(ctx, "bob", 2000, window, max); !ok {
			t.Error("another key refused")
		}
		if err := s.ReturnLoginAttempt(ctx, "ann"); err != nil {
			t.Fatal(err)
		}
		if ok, _ := s.TakeLoginAttempt(ctx, "ann", 2000, window, max); !ok {
			t.Error("an attempt given back was not free again")
		}
		if ok, _ := s.TakeLoginAttempt(ctx, "ann", 1000+window, window, max); !ok {
			t.Error("refused after the window passed")
		}
		for i := 1; i < max; i++ {
			if ok, _ := s.TakeLoginAttempt(ctx, "ann", 1001+window, window, max); !ok {
				t.Errorf("attempt %d in a new window refused: the count must restart", i+1)
			}
		}
	})
}

// TestLoginAttemptsConcurrent: of many concurrent attempts for one key exactly max are let
// through, on both backends (the check and the count are one statement).
func TestLoginAttemptsConcurrent(t *testing.T) {
	backends(t, func(t *testing.T, s *store.Store) {
		const attempts, max = 30, 10
		var wg sync.WaitGroup
		var mu sync.Mutex
		allowed := 0
		for range attempts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				ok, err := s.TakeLoginAttempt(context.Background(), "email:sam", 1000, 60_000, max)
				if err != nil {
					t.Error(err)
				}
				if ok {
					mu.Lock()
					allowed++
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if allowed != max {
			t.Errorf("got %d attempts allowed, want %d", allowed, max)
		}
	})
}

// TestSequenceNeverSkips: writers commit changes concurrently while a reader pulls by cursor;
// the reader must see every sequence number, in order, with no gap it would never revisit.
func TestSequenceNeverSkips(t *testing.T) {
	backends(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const writers, each = 4, 25
		var wg sync.WaitGroup
		errs := make(chan error, writers)
		for w := 0; w < writers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := 0; i < each; i++ {
					err := s.Tx(ctx, func(tx *gorm.DB) error {
						seq, _, err := s.LockSeq(tx)
						if err != nil {
							return err
						}
						seq++
						c := store.Stored{Change: protocol.Change{Seq: seq, ChangeID: fmt.Sprintf("c-%d-%d", w, i), Entity: "ticket",
							RecordID: "r", Op: "set", Field: "title", Value: json.RawMessage(`"x"`), HLC: 1, DeviceID: "d", AuthorID: "u"}, TicketID: "r"}
						if err := store.InsertChange(tx, c); err != nil {
							return err
						}
						return store.SetSeq(tx, seq, 0)
					})
					if err != nil {
						errs <- err
						return
					}
				}
			}(w)
		}
		done := make(chan struct{})
		go func() { wg.Wait(); close(done) }()
		var cursor int64
		finished := false
		for !finished {
			select {
			case <-done:
				finished = true
			default:
			}
			page, _, err := s.Pull(ctx, store.Scope{All: true}, cursor, 50, protocol.MaxPage)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range page {
				if c.Seq != cursor+1 {
					t.Fatalf("pull after %d got seq %d: a change was skipped or reordered", cursor, c.Seq)
				}
				cursor = c.Seq
			}
		}
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		for {
			page, _, _ := s.Pull(ctx, store.Scope{All: true}, cursor, 50, protocol.MaxPage)
			if len(page) == 0 {
				break
			}
			cursor = page[len(page)-1].Seq
		}
		if cursor != writers*each {
			t.Errorf("got %d changes, want %d", cursor, writers*each)
		}
	})
}

func TestRecordsResultsScope(t *testing.T) {
	backends(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		num := "INC0001001"
		err := s.Tx(ctx, func(tx *gorm.DB) error {
			r := &store.Record{Entity: "ticket", ID: "t1", TicketID: "t1", Owner1: "req", Owner2: "agent", Number: &num,
				Doc: map[string]json.RawMessage{"title": json.RawMessage(`"Printer"`)}, Versions: map[string]protocol.Stamp{"title": {HLC: 5, Device: "d"}}}
			if err := store.PutRecord(tx, r); err != nil {
				return err
			}
			if err := store.PutRecord(tx, &store.Record{Entity: "ticket", ID: "t2", TicketID: "t2", Owner1: "other", Doc: map[string]json.RawMessage{}, Versions: map[string]protocol.Stamp{}}); err != nil {
				return err
			}
			for i, c := range []store.Stored{
				{Change: protocol.Change{ChangeID: "a", Entity: "ticket", RecordID: "t1", Op: "create", Value: json.RawMessage(`{}`)}, TicketID: "t1"},
				{Change: protocol.Change{ChangeID: "b", Entity: "comment", RecordID: "c1", Op: "append", Value: json.RawMessage(`{}`)}, TicketID: "t1", Internal: true},
				{Change: protocol.Change{ChangeID: "c", Entity: "ticket", RecordID: "t2", Op: "create", Value: json.RawMessage(`{}`)}, TicketID: "t2"},
			} {
				c.Seq = int64(i + 1)
				if err := store.InsertChange(tx, c); err != nil {
					return err
				}
			}
			if err := store.SetSeq(tx, 3, 0); err != nil {
				return err
			}
			if err := store.AddAlias(tx, "INC-abc-1", "t1"); err != nil {
				return err
			}
			return store.SaveResult(tx, "d", protocol.Result{OpID: 1, Status: protocol.Rejected, Code: "forbidden", Reason: "no"}, "ticket", "t1")
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := store.GetRecord(s.DB, "ticket", "t1")
		if err != nil || string(got.Doc["title"]) != `"Printer"` || got.Versions["title"].HLC != 5 || *got.Number != num {
			t.Errorf("record roundtrip: got %+v, %v", got, err)
		}
		for _, n := range []string{num, "INC-abc-1"} {
			if taken, _ := store.NumberTaken(s.DB, n); !taken {
				t.Errorf("%s: got free, want taken", n)
			}
		}
		err = s.Tx(ctx, func(tx *gorm.DB) error {
			return store.PutRecord(tx, &store.Record{Entity: "ticket", ID: "t3", TicketID: "t3", Number: &num, Doc: map[string]json.RawMessage{}, Versions: map[string]protocol.Stamp{}})
		})
		if err == nil {
			t.Error("a second record with the same number was stored")
		}
		res, err := store.Results(s.DB, "d", 1, 5)
		if err != nil || len(res) != 1 || res[0].Code != "forbidden" {
			t.Errorf("results: got %+v, %v", res, err)
		}
		all, total, _ := s.Pull(ctx, store.Scope{All: true}, 0, 10, protocol.MaxPage)
		if len(all) != 3 || total != 3 {
			t.Errorf("staff pull: got %d (total %d), want 3", len(all), total)
		}
		mine, _, _ := s.Pull(ctx, store.Scope{UserID: "req"}, 0, 10, protocol.MaxPage)
		if len(mine) != 1 || mine[0].ChangeID != "a" {
			t.Errorf("requester pull: got %+v, want only the public change of their own ticket", mine)
		}
		page, total, _ := s.Pull(ctx, store.Scope{All: true}, 1, 1, protocol.MaxPage)
		if len(page) != 1 || page[0].Seq != 2 || total != 2 {
			t.Errorf("paged pull: got %+v total %d", page, total)
		}
	})
}

func TestLeasesAndBlobs(t *testing.T) {
	backends(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		var mu sync.Mutex
		var leases []protocol.Lease
		var wg sync.WaitGroup
		for i := 0; i < 6; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				l, err := s.Lease(ctx, fmt.Sprintf("d%d", i), "incident", 100, 1001, 1000, func(n int64) string { return fmt.Sprintf("INC%07d", n) })
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				leases = append(leases, l)
				mu.Unlock()
			}(i)
		}
		wg.Wait()
		for i, a := range leases {
			for j, b := range leases {
				if i != j && a.Start <= b.End && b.Start <= a.End {
					t.Errorf("leases overlap: %+v and %+v", a, b)
				}
			}
			if a.End-a.Start != 99 || a.Start < 1001 {
				t.Errorf("lease %+v: want 100 numbers from 1001 on", a)
			}
		}
		if ok, _ := store.Leased(s.DB, "d0", "incident", leases[0].Start); !ok && len(leases) > 0 {
			// leases[0] may belong to any device; check the owner instead
			var owner string
			s.DB.Raw(`SELECT device_id FROM leases WHERE start_n = ?`, leases[0].Start).Scan(&owner)
			if ok, _ := store.Leased(s.DB, owner, "incident", leases[0].Start); !ok {
				t.Error("a leased number is not reported as leased to its device")
			}
		}
		if err := s.PutBlob(ctx, "u1", "abc", []byte{0, 1, 2, 255}, 1000, 1<<20); err != nil {
			t.Fatal(err)
		}
		_ = s.PutBlob(ctx, "u1", "abc", []byte{0, 1, 2, 255}, 1000, 1<<20)
		data, err := s.Blob(ctx, "abc")
		if err != nil || len(data) != 4 || data[3] != 255 {
			t.Errorf("blob: got %v, %v", data, err)
		}
		if _, err := s.Blob(ctx, "nope"); !errors.Is(err, fault.ErrNotFound) {
			t.Errorf("missing blob: got %v", err)
		}
		if n, _ := store.BlobSize(s.DB, "abc"); n != 4 {
			t.Errorf("blob size: got %d", n)
		}
	})
}

// TestMigrateTwice: a second instance opening the same database finds it migrated.
func TestMigrateTwice(t *testing.T) {
	backends(t, func(t *testing.T, s *store.Store) {
		_ = s
	})
	dir := filepath.Join(t.TempDir(), "s.db")
	for i := 0; i < 2; i++ {
		s, err := store.Open(context.Background(), dir)
		if err != nil {
			t.Fatal(err)
		}
		_ = s.Close()
	}
}

// A page is cut by bytes as well as by count: it holds the changes whose sizes (value, alias
// six times, overhead) add up to the budget, and a change over the budget comes alone.
func TestPullCutsPagesByBytes(t *testing.T) {
	backends(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		value := func(n int) json.RawMessage { return json.RawMessage(`"` + strings.Repeat("x", n-2) + `"`) }
		sizes := []int{1000, 1000, 1000, 5000, 1000, 1000}
		err := s.Tx(ctx, func(tx *gorm.DB) error {
			for i, n := range sizes {
				c := store.Stored{Change: protocol.Change{Seq: int64(i + 1), ChangeID: fmt.Sprint("c", i), Entity: "comment", RecordID: fmt.Sprint("r", i),
					Op: "append", Value: value(n)}, TicketID: "t1"}
				if i == 5 {
					c.Alias = strings.Repeat("A", 100) // counts 600
				}
				if err := store.InsertChange(tx, c); err != nil {
					return err
				}
			}
			return store.SetSeq(tx, int64(len(sizes)), 0)
		})
		if err != nil {
			t.Fatal(err)
		}
		o := protocol.ChangeOverhead
		for _, tc := range []struct {
			after      int64
			limit, max int
			want       []int64
		}{
			{0, 10, 3 * (1000 + o), []int64{1, 2, 3}},
			{0, 10, 3*(1000+o) - 1, []int64{1, 2}},
			{0, 2, 3 * (1000 + o), []int64{1, 2}},
			{3, 10, 1000 + o, []int64{4}}, // over the budget: alone
			{4, 10, 2*(1000+o) + 599, []int64{5}},
			{4, 10, 2*(1000+o) + 600, []int64{5, 6}},
		} {
			page, total, err := s.Pull(ctx, store.Scope{All: true}, tc.after, tc.limit, tc.max)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, c := range page {
				got = append(got, c.Seq)
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.want) || total != int64(len(sizes))-tc.after {
				t.Errorf("pull after %d limit %d max %d: got %v (total %d), want %v (total %d)", tc.after, tc.limit, tc.max, got, total, tc.want, int64(len(sizes))-tc.after)
			}
			if len(page) > 0 && string(page[0].Value) != string(value(sizes[tc.after])) {
				t.Errorf("pull after %d: the value came back changed", tc.after)
			}
		}
	})
}

// TestBatchWritesReadBack: the multi-row writes of a push (changes, op results, records) read
// back as given, whether a column holds the same value in every row (bound once on SQLite),
// differs in one row, or is a flag; a requester's pull still leaves out the internal ones.
func TestBatchWritesReadBack(t *testing.T) {
	backends(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		const n = 7
		var changes []store.Stored
		var results []store.OpResult
		var records []*store.Record
		for i := range n {
			id := fmt.Sprint("t", i)
			c := store.Stored{Change: protocol.Change{Seq: int64(i + 1), ChangeID: fmt.Sprint("c", i), Entity: "ticket", RecordID: id,
				Op: "set", Field: "title", Value: json.RawMessage(fmt.Sprintf(`"v%d"`, i)), HLC: uint64(100 + i), DeviceID: "d", AuthorID: "u",
				Auto: true}, TicketID: id, Internal: i%2 == 1}
			r := store.OpResult{Result: protocol.Result{OpID: int64(i + 1), Status: protocol.Accepted, Seq: int64(i + 1), HLC: uint64(100 + i)},
				Entity: "ticket", RecordID: id}
			num := fmt.Sprint("INC000000", i)
			rec := &store.Record{Entity: "ticket", ID: id, TicketID: id, Owner1: "req", Owner2: "", Number: &num,
				Doc: map[string]json.RawMessage{"title": c.Value}, Versions: map[string]protocol.Stamp{"title": {HLC: c.HLC, Device: "d"}}}
			if i == n-1 {
				// The last row differs where the others agree.
				c.Op, c.Field, c.DeviceID, c.Alias, c.Auto, c.Audience, c.Base = "create", "", "d2", "INC-d2-1", false, "g", protocol.Stamp{HLC: 7, Device: "d"}
				r.Status, r.Code, r.Reason, r.Number = protocol.Rejected, "forbidden", "no", "INC0000099"
				rec.Owner1, rec.Owner2, rec.Number, rec.Blob = "other", "agent", nil, "sha"
			}
			changes, results, records = append(changes, c), append(results, r), append(records, rec)
		}
		err := s.Tx(ctx, func(tx *gorm.DB) error {
			// Two batches: rows all alike but for their ids, and rows of which the last differs.
			for _, part := range [][2]int{{0, 3}, {3, n}} {
				if err := store.InsertChanges(tx, changes[part[0]:part[1]]); err != nil {
					return err
				}
				if err := store.SaveResults(tx, "d", results[part[0]:part[1]]); err != nil {
					return err
				}
				if err := store.PutRecords(tx, records[part[0]:part[1]]); err != nil {
					return err
				}
			}
			return store.SetSeq(tx, n, 0)
		})
		if err != nil {
			t.Fatal(err)
		}
		var got []store.Stored
		rows, err := s.DB.Raw(`SELECT seq, change_id, entity, record_id, op, field, value, hlc, device_id, author_id, base_hlc, base_device,
			alias, ticket_id, internal, auto, audience FROM changes ORDER BY seq`).Rows()
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var c store.Stored
			var v string
			var h, bh int64
			if err := rows.Scan(&c.Seq, &c.ChangeID, &c.Entity, &c.RecordID, &c.Op, &c.Field, &v, &h, &c.DeviceID, &c.AuthorID, &bh,
				&c.Base.Device, &c.Alias, &c.TicketID, &c.Internal, &c.Auto, &c.Audience); err != nil {
				t.Fatal(err)
			}
			c.Value, c.HLC, c.Base.HLC = json.RawMessage(v), uint64(h), uint64(bh)
			got = append(got, c)
		}
		_ = rows.Close()
		if fmt.Sprint(got) != fmt.Sprint(changes) {
			t.Errorf("changes read back\n%v\nwant\n%v", got, changes)
		}
		res, err := store.Results(s.DB, "d", 1, n)
		for i := range results {
			results[i].DeviceID = "d"
		}
		if err != nil || fmt.Sprint(res) != fmt.Sprint(results) {
			t.Errorf("results read back %v, %v\nwant %v", res, err, results)
		}
		ids := make([]string, n)
		for i := range ids {
			ids[i] = fmt.Sprint("t", i)
		}
		recs, err := store.GetRecords(s.DB, "ticket", ids)
		if err != nil {
			t.Fatal(err)
		}
		number := func(r *store.Record) string {
			if r.Number == nil {
				return "<nil>"
			}
			return *r.Number
		}
		for _, want := range records {
			r := recs[want.ID]
			if r == nil || r.Owner1 != want.Owner1 || r.Owner2 != want.Owner2 || r.Blob != want.Blob || r.TicketID != want.TicketID ||
				number(r) != number(want) || string(r.Doc["title"]) != string(want.Doc["title"]) || r.Versions["title"] != want.Versions["title"] {
				t.Errorf("record %s read back %+v, want %+v", want.ID, r, want)
			}
		}
		// The requester owns t0..t5 (owner1 "req"): they pull its changes that are not internal.
		mine, _, err := s.Pull(ctx, store.Scope{UserID: "req"}, 0, 100, protocol.MaxPage)
		if err != nil {
			t.Fatal(err)
		}
		var pulled []string
		for _, c := range mine {
			pulled = append(pulled, c.ChangeID)
		}
		if want := []string{"c0", "c2", "c4"}; fmt.Sprint(pulled) != fmt.Sprint(want) {
			t.Errorf("requester pulled %v, want %v", pulled, want)
		}
	})
}
