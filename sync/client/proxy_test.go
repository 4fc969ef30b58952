package client_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"outpost/domain/replica"
	"outpost/domain/ticket"
	"outpost/sync/synctest"
)

// desks is a server and two desks, each talking to it through its own faulty TCP proxy.
type desks struct {
	s      *synctest.Server
	a, b   *synctest.Replica
	pa, pb *synctest.Proxy
}

// proxied starts a server and two agents' desks behind proxies that inject planned faults
// and, on a's, percent% random ones from the seed (paused while signing in); the desks'
// clocks may be skewed from the server's.
func proxied(t *testing.T, skewA, skewB time.Duration, seed int64, percent int) *desks {
	t.Helper()
	base := synctest.NewClock()
	s := synctest.StartServer(t, "", base.Now)
	ann := s.AddUser(t, "Ann Agent", "ann@example.test", "agent")
	bob := s.AddUser(t, "Bob Agent", "bob@example.test", "agent")
	s.AddGroup(t, "g-desk", "Service Desk", ann.ID, bob.ID)
	d := &desks{s: s, pa: synctest.NewProxy(t, s.URL, seed, percent), pb: synctest.NewProxy(t, s.URL, seed+1, 0)}
	d.pa.Set(false)
	ca, cb := synctest.NewClock(), synctest.NewClock()
	ca.Add(skewA)
	cb.Add(skewB)
	d.a = synctest.NewReplicaAt(t, d.pa.URL, "ann@example.test", ca)
	d.b = synctest.NewReplicaAt(t, d.pb.URL, "bob@example.test", cb)
	d.pa.Set(true)
	return d
}

// work makes n tickets with a note each on r.
func work(t *testing.T, r *synctest.Replica, n int) []string {
	t.Helper()
	ctx := context.Background()
	var ids []string
	for i := 0; i < n; i++ {
		tk, err := r.Desk.Tickets.Create(ctx, r.Actor, draft(fmt.Sprintf("ticket %d", i)))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Desk.Tickets.AddComment(ctx, r.Actor, tk.ID, ticket.KindNote, "looked at it", 0); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tk.ID)
	}
	return ids
}

// settled syncs every desk to a fixpoint without faults and checks what the fault tests
// promise: each desk equals the server, nothing is pending or rejected, no change is stored
// twice, every device's op ids on the server run 1..n with one result each and match the
// desk's outbox, and no number repeats.
func settled(t *testing.T, s *synctest.Server, rs ...*synctest.Replica) {
	t.Helper()
	settledWith(t, s, 0, rs...)
}

// settledWith is settled where the server holds rejected refused ops, each shown once to
// the desk that pushed it.
func settledWith(t *testing.T, s *synctest.Server, wantRejected int64, rs ...*synctest.Replica) {
	t.Helper()
	ctx := context.Background()
	for round := 0; round < 2; round++ {
		for _, r := range rs {
			r.Sync(t)
		}
	}
	want := s.Dump(t)
	var changes, distinct, accepted, rejected int64
	if err := s.Store.DB.Raw(`SELECT COUNT(*), COUNT(DISTINCT change_id) FROM changes`).Row().Scan(&changes, &distinct); err != nil {
		t.Fatal(err)
	}
	s.Store.DB.Raw(`SELECT COUNT(*) FROM op_results WHERE status = 'accepted'`).Scan(&accepted)
	s.Store.DB.Raw(`SELECT COUNT(*) FROM op_results WHERE status = 'rejected'`).Scan(&rejected)
	if changes != distinct || changes != accepted || rejected != wantRejected {
		t.Errorf("server: %d changes (%d distinct), %d accepted and %d rejected results", changes, distinct, accepted, rejected)
	}
	for i, r := range rs {
		if got := r.Dump(t); !reflect.DeepEqual(got, want) {
			t.Errorf("desk %d differs from the server:\n%s", i, diff(got, want))
		}
		st, err := r.Client.Status(ctx)
		var outbox, maxOp, notAccepted, rejectedHere, rejectedThere int64
		r.Desk.DB.Raw(`SELECT COUNT(*) FROM sync_outbox WHERE status = 'rejected'`).Scan(&rejectedHere)
		s.Store.DB.Raw(`SELECT COUNT(*) FROM op_results WHERE status = 'rejected' AND device_id = ?`, r.Desk.DeviceID).Scan(&rejectedThere)
		if err != nil || st.Pending != 0 || int64(st.Rejected) != rejectedHere || rejectedHere != rejectedThere {
			t.Errorf("desk %d: status %+v, %v; want nothing pending and its %d rejected ops (%d on the server) shown", i, st, err, rejectedHere, rejectedThere)
		}
		if err := r.Desk.DB.Raw(`SELECT COUNT(*), COALESCE(MAX(op_id), 0) FROM sync_outbox`).Row().Scan(&outbox, &maxOp); err != nil {
			t.Fatal(err)
		}
		r.Desk.DB.Raw(`SELECT COUNT(*) FROM sync_outbox WHERE status NOT IN ('accepted', 'rejected')`).Scan(&notAccepted)
		var last, results, minOp, maxRes int64
		s.Store.DB.Raw(`SELECT last_op_id FROM devices WHERE id = ?`, r.Desk.DeviceID).Scan(&last)
		if err := s.Store.DB.Raw(`SELECT COUNT(*), COALESCE(MIN(op_id), 0), COALESCE(MAX(op_id), 0) FROM op_results WHERE device_id = ?`,
			r.Desk.DeviceID).Row().Scan(&results, &minOp, &maxRes); err != nil {
			t.Fatal(err)
		}
		if outbox != maxOp || notAccepted != 0 || last != maxOp || results != maxOp || (maxOp > 0 && (minOp != 1 || maxRes != maxOp)) {
			t.Errorf("desk %d: outbox %d ops up to %d (%d not answered); server last op %d, %d results for ops %d..%d",
				i, outbox, maxOp, notAccepted, last, results, minOp, maxRes)
		}
	}
	nums := map[string]string{}
	for id, rec := range want["ticket"] {
		if other, ok := nums[rec["number"]]; ok {
			t.Errorf("number %s on %s and %s", rec["number"], id, other)
		}
		nums[rec["number"]] = id
		if replica.IsProvisional(rec["number"]) {
			t.Errorf("ticket %s kept provisional number %s", id, rec["number"])
		}
	}
}

// TestProxyFaults shows, for each fault the proxy injects on the wire, that the sync it hits
// fails (or passes) visibly and the next syncs converge with no op applied twice.
func TestProxyFaults(t *testing.T) {
	for _, tc := range []struct {
		fault synctest.Fault
		match string
		fails bool // whether the sync it hits reports an error
		sent  int  // how many times the server receives the faulted request
	}{
		{synctest.LostRequest, "POST /v1/push", true, 0},
		{synctest.LostResponse, "POST /v1/push", true, 1},
		{synctest.Truncated, "POST /v1/push", true, 1},
		{synctest.Duplicate, "POST /v1/push", false, 2},
		{synctest.Truncated, "GET /v1/pull", true, 1},
		{synctest.Duplicate, "GET /v1/pull", false, 2},
		// A sync leases articles, incidents, then requests: the fault hits the first.
		{synctest.LostResponse, "POST /v1/leases", true, 1},
		{synctest.Duplicate, "POST /v1/leases", false, 4},
	} {
		t.Run(string(tc.fault)+" "+tc.match, func(t *testing.T) {
			d := proxied(t, 0, 0, 1, 0)
			ctx := context.Background()
			d.a.Sync(t)
			d.b.Sync(t)
			work(t, d.a, 3)
			work(t, d.b, 2)
			d.b.Sync(t)
			before := d.pa.Received(tc.match)
			d.pa.Plan(tc.fault, tc.match)
			if tc.match == "POST /v1/leases" {
				d.a.Client.LeaseLow = 1000 // the next sync must lease
			}
			_, err := d.a.Client.Sync(ctx)
			if d.pa.Planned() != 0 {
				t.Fatalf("the planned fault did not fire")
			}
			if (err != nil) != tc.fails {
				t.Fatalf("sync under %s: err %v, want failure %v", tc.fault, err, tc.fails)
			}
			t.Logf("sync under %s: %v", tc.fault, err)
			if got := d.pa.Received(tc.match) - before; got != tc.sent {
				t.Errorf("server received %q %d times, want %d", tc.match, got, tc.sent)
			}
			if tc.fault == synctest.LostResponse && tc.match == "POST /v1/push" {
				// The server committed the batch the desk never heard about.
				var last int64
				d.s.Store.DB.Raw(`SELECT last_op_id FROM devices WHERE id = ?`, d.a.Desk.DeviceID).Scan(&last)
				if st, _ := d.a.Client.Status(ctx); last == 0 || st.Pending == 0 {
					t.Errorf("server last op %d, desk pending %d: want committed there, pending here", last, st.Pending)
				}
			}
			d.a.Client.LeaseLow = 1
			settled(t, d.s, d.a, d.b)
			if n := len(d.s.Dump(t)["ticket"]); n != 5 {
				t.Errorf("server holds %d tickets, want 5", n)
			}
		})
	}
}

// TestStalePageThroughProxy: a pull answered with an earlier page (replayed, out of order)
// applies nothing twice, and the desk still reaches the server's state.
func TestStalePageThroughProxy(t *testing.T) {
	d := proxied(t, 0, 0, 1, 0)
	d.a.Client.PageSize = 2
	work(t, d.b, 3)
	d.b.Sync(t)
	d.pa.Plan(synctest.StalePage, "GET /v1/pull") // needs a page seen first: fires on the second
	d.a.Sync(t)
	if d.pa.Counts()[string(synctest.StalePage)] != 1 {
		t.Fatalf("no stale page was served: %v", d.pa.Counts())
	}
	settled(t, d.s, d.a, d.b)
}

// TestRandomProxyFaults runs a few seeds of every fault at random, then checks convergence.
func TestRandomProxyFaults(t *testing.T) {
	for seed := int64(1); seed <= 4; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			t.Parallel()
			d := proxied(t, 0, 0, seed, 40)
			for i := 0; i < 6; i++ {
				work(t, d.a, 1)
				work(t, d.b, 1)
				_, _ = d.a.Client.Sync(context.Background())
				d.b.Sync(t)
			}
			d.pa.Set(false)
			t.Logf("faults: %v", d.pa.Counts())
			settled(t, d.s, d.a, d.b)
		})
	}
}

// TestClockSkewThroughProxy: desks hours ahead of and behind the server. The fast desk's ops
// are stored at the server's time (clamped), so the slow desk's later edit, made after it
// pulled them, supersedes them without a conflict; and everyone converges.
func TestClockSkewThroughProxy(t *testing.T) {
	for _, skew := range []time.Duration{5 * time.Hour, 30 * time.Hour} {
		t.Run(skew.String(), func(t *testing.T) {
			d := proxied(t, skew, -skew, 1, 0)
			ctx := context.Background()
			ids := work(t, d.a, 1)
			d.a.Sync(t)
			var h int64
			d.s.Store.DB.Raw(`SELECT MAX(hlc) FROM changes`).Scan(&h)
			if ahead := time.UnixMilli(h >> 16).Sub(d.s.Now()); ahead > time.Minute {
				t.Errorf("the server stored the fast desk's ops %v ahead of its clock", ahead)
			}
			var stored []struct {
				ChangeID string
				HLC      int64
			}
			d.s.Store.DB.Raw(`SELECT change_id, hlc FROM changes WHERE device_id = ?`, d.a.Desk.DeviceID).Scan(&stored)
			// The desk's versions (what it merges by) carry the stored stamps.
			versions := 0
			for _, c := range stored {
				var local []int64
				d.a.Desk.DB.Raw(`SELECT hlc FROM replica_versions WHERE change_id = ?`, c.ChangeID).Scan(&local)
				for _, h := range local {
					versions++
					if h != c.HLC {
						t.Errorf("change %s: the fast desk's version has its own stamp %d, the server stored %d", c.ChangeID, h, c.HLC)
					}
				}
			}
			if versions == 0 {
				t.Errorf("no version of the fast desk's %d changes found", len(stored))
			}
			d.b.Sync(t)
			title := "edited on the slow desk"
			if _, err := d.b.Desk.Tickets.Update(ctx, d.b.Actor, ids[0], ticket.Patch{Title: &title}); err != nil {
				t.Fatal(err)
			}
			d.b.Sync(t)
			d.a.Sync(t)
			got, err := d.a.Desk.Tickets.Get(ctx, d.a.Actor, ids[0])
			if err != nil || got.Title != title {
				t.Errorf("fast desk shows %q (%v), want the slow desk's later %q", got.Title, err, title)
			}
			for name, r := range map[string]*synctest.Replica{"a": d.a, "b": d.b} {
				if cs, _ := replica.Conflicts(ctx, r.Desk.DB, false); len(cs) != 0 {
					t.Errorf("desk %s: %d conflicts for sequential edits", name, len(cs))
				}
			}
			settled(t, d.s, d.a, d.b)
		})
	}
}

// TestClockJumpsBack: a desk's wall clock jumps back hours between two edits of one field.
// The second edit still wins everywhere (the desk's HLC never runs backwards), with no
// conflict, while the other desk edits through the same server.
func TestClockJumpsBack(t *testing.T) {
	d := proxied(t, 0, 0, 1, 0)
	ctx := context.Background()
	ids := work(t, d.a, 1)
	d.a.Sync(t)
	d.b.Sync(t)
	one, two := "first title", "second title, after the jump"
	if _, err := d.a.Desk.Tickets.Update(ctx, d.a.Actor, ids[0], ticket.Patch{Title: &one}); err != nil {
		t.Fatal(err)
	}
	d.a.Sync(t)
	d.a.Clock.Add(-6 * time.Hour)
	if _, err := d.a.Desk.Tickets.Update(ctx, d.a.Actor, ids[0], ticket.Patch{Title: &two}); err != nil {
		t.Fatal(err)
	}
	d.a.Sync(t)
	d.b.Sync(t)
	for name, r := range map[string]*synctest.Replica{"a": d.a, "b": d.b} {
		got, err := r.Desk.Tickets.Get(ctx, r.Actor, ids[0])
		if err != nil || got.Title != two {
			t.Errorf("desk %s shows %q (%v), want %q", name, got.Title, err, two)
		}
		if cs, _ := replica.Conflicts(ctx, r.Desk.DB, false); len(cs) != 0 {
			t.Errorf("desk %s: %d conflicts for one desk's sequential edits", name, len(cs))
		}
	}
	// Its next stamp is still after every stamp it holds, pulled ones included.
	var before int64
	d.a.Desk.DB.Raw(`SELECT MAX(hlc) FROM changes`).Scan(&before)
	three := "third title"
	if _, err := d.a.Desk.Tickets.Update(ctx, d.a.Actor, ids[0], ticket.Patch{Title: &three}); err != nil {
		t.Fatal(err)
	}
	var after int64
	d.a.Desk.DB.Raw(`SELECT MAX(hlc) FROM changes`).Scan(&after)
	if after <= before {
		t.Errorf("HLC went from %d to %d after the jump", before, after)
	}
	settled(t, d.s, d.a, d.b)
}
