package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"outpost/domain/ticket"
	"outpost/sync/protocol"
	"outpost/sync/synctest"
)

func lease(t *testing.T, d *device, size int64) (int, protocol.Lease, []byte) {
	t.Helper()
	st, body := raw(t, d.s.URL, d.token, "POST", "/leases", protocol.LeaseRequest{Kind: string(ticket.Incident), Size: size})
	var l protocol.Lease
	_ = json.Unmarshal(body, &l)
	return st, l, body
}

// numbered pushes a ticket created with number and returns the server's answer.
func numbered(d *device, requester, number string) protocol.Result {
	op, _ := newTicket(d, requester, func(tk *ticket.Ticket) { tk.Number = number })
	return d.pushOne(op)
}

// TestLeaseCap: asking again while a block is wholly unused answers that block again, so
// repeated calls take no new numbers; a device holds at most LeaseOutstanding unused leased
// numbers, and past that a lease is refused with lease_limit until it uses its numbers.
func TestLeaseCap(t *testing.T) {
	servers(t, func(t *testing.T, s *synctest.Server) {
		s.MaxLease, s.LeaseOutstanding = 10, 20
		s.AddUser(t, "Ann", "ann@x.test", "agent")
		s.AddUser(t, "Rita", "rita@x.test", "requester")
		rita := s.Users["rita@x.test"].ID
		ann := newDevice(t, s, "ann@x.test")
		use := func(n int64) {
			t.Helper()
			if r := numbered(ann, rita, fmt.Sprintf("INC%07d", n)); r.Status != protocol.Accepted || r.Number != "" {
				t.Fatalf("ticket with leased number %d: %+v", n, r)
			}
		}
		var blocks []protocol.Lease
		mustLease := func() protocol.Lease {
			t.Helper()
			st, l, body := lease(t, ann, 10)
			if st != 200 {
				t.Fatalf("lease within the cap: %d %s", st, body)
			}
			return l
		}
		blocks = append(blocks, mustLease())
		for range 5 {
			if l := mustLease(); l != blocks[0] {
				t.Fatalf("asking again with a wholly unused block: got %+v, want %+v again", l, blocks[0])
			}
		}
		use(blocks[0].Start)
		blocks = append(blocks, mustLease()) // 9 + 10 unused
		if blocks[1].Start <= blocks[0].End {
			t.Fatalf("second block %+v overlaps the first %+v", blocks[1], blocks[0])
		}
		use(blocks[1].Start) // 9 + 9 unused: 10 more would pass 20
		for i := range 3 {
			if st, _, body := lease(t, ann, 10); st != 429 || code(body) != "lease_limit" {
				t.Fatalf("lease %d past the cap: got %d %s, want 429 lease_limit", i+1, st, body)
			}
		}
		// Another device of the same user has its own allowance.
		if st, _, body := lease(t, newDevice(t, s, "ann@x.test"), 10); st != 200 {
			t.Errorf("another device: got %d %s", st, body)
		}
		// Using up the first block makes room again.
		for n := blocks[0].Start + 1; n <= blocks[0].End; n++ {
			use(n)
		}
		if st, l, body := lease(t, ann, 10); st != 200 || l.Start <= blocks[1].End {
			t.Errorf("lease after using a block: got %d %s, want a new block", st, body)
		}
	})
}

// TestForeignNumberIsNotKept: a ticket created with a number from another device's block is
// renumbered without keeping that number as an alias, so the rightful ticket keeps it.
func TestForeignNumberIsNotKept(t *testing.T) {
	servers(t, func(t *testing.T, s *synctest.Server) {
		s.AddUser(t, "Ann", "ann@x.test", "agent")
		s.AddUser(t, "Bob", "bob@x.test", "agent")
		s.AddUser(t, "Rita", "rita@x.test", "requester")
		rita := s.Users["rita@x.test"].ID
		ann, bob := newDevice(t, s, "ann@x.test"), newDevice(t, s, "bob@x.test")
		st, l, body := lease(t, ann, 10)
		if st != 200 {
			t.Fatalf("lease: %d %s", st, body)
		}
		mine := fmt.Sprintf("INC%07d", l.Start)
		r := numbered(bob, rita, mine)
		if r.Status != protocol.Accepted || r.Number == "" || r.Number == mine {
			t.Fatalf("bob's ticket with ann's number: got %+v, want accepted under a new number", r)
		}
		if r := numbered(ann, rita, mine); r.Status != protocol.Accepted || r.Number != "" {
			t.Errorf("ann's ticket with her leased number: got %+v, want it kept", r)
		}
		// A number outside every lease, or with a sign, is not kept either.
		for _, n := range []string{fmt.Sprintf("INC%07d", l.End+5000), fmt.Sprintf("INC+%06d", l.Start+1)} {
			if r := numbered(ann, rita, n); r.Status != protocol.Accepted || r.Number == "" || r.Number == n {
				t.Errorf("%s: got %+v, want a new number", n, r)
			}
		}
		var aliases []string
		if err := s.Store.DB.Raw(`SELECT alias FROM aliases ORDER BY alias`).Scan(&aliases).Error; err != nil {
			t.Fatal(err)
		}
		if len(aliases) != 0 {
			t.Errorf("aliases %v, want none: only provisional numbers are kept as aliases", aliases)
		}
		// A provisional number is replaced and kept as an alias, as before.
		if r := numbered(bob, rita, "INC-abcd1234-1"); r.Status != protocol.Accepted || r.Number == "" {
			t.Errorf("provisional number: got %+v", r)
		}
		if err := s.Store.DB.Raw(`SELECT alias FROM aliases ORDER BY alias`).Scan(&aliases).Error; err != nil || len(aliases) != 1 || aliases[0] != "INC-abcd1234-1" {
			t.Errorf("aliases after a provisional number: %v %v", aliases, err)
		}
	})
}

// TestDeskPastLeaseCapKeepsSyncing: a desk whose lease request is refused by the cap still
// syncs; its tickets carry provisional numbers that the server replaces.
func TestDeskPastLeaseCapKeepsSyncing(t *testing.T) {
	s := synctest.StartServer(t, "", synctest.NewClock().Now)
	s.LeaseOutstanding = 100
	s.AddUser(t, "Ann", "ann@x.test", "agent")
	r := synctest.NewReplica(t, s, "ann@x.test", nil)
	r.Client.LeaseSize, r.Client.LeaseLow = 100, 20
	r.Sync(t) // leases 100 incident numbers (and 100 request numbers)
	ctx := context.Background()
	var ids []string
	for i := range 85 {
		tk, err := r.Desk.Tickets.Create(ctx, r.Actor, ticket.Draft{Type: ticket.Incident, Title: fmt.Sprint("t", i), Impact: 2, Urgency: 2})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tk.ID)
	}
	// 15 numbers left on the desk, under LeaseLow, but the server counts 100 unused until the
	// push: the desk asks, is refused, and keeps going.
	s.LeaseOutstanding = 110
	rep, err := r.Client.Sync(ctx)
	if err != nil {
		t.Fatalf("sync past the lease cap: %v", err)
	}
	if rep.Accepted < 85 {
		t.Errorf("accepted %d ops, want every ticket's", rep.Accepted)
	}
	for i := range 30 {
		tk, err := r.Desk.Tickets.Create(ctx, r.Actor, ticket.Draft{Type: ticket.Incident, Title: fmt.Sprint("u", i), Impact: 2, Urgency: 2})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tk.ID)
	}
	r.Sync(t)
	seen := map[string]bool{}
	provisional := 0
	for _, id := range ids {
		tk, err := r.Desk.Tickets.Get(ctx, r.Actor, id)
		if err != nil {
			t.Fatal(err)
		}
		if seen[tk.Number] || len(tk.Number) != len("INC0001001") {
			t.Errorf("ticket %s: number %q repeats or is not a server number", id, tk.Number)
		}
		seen[tk.Number] = true
		var n int64
		_ = s.Store.DB.Raw(`SELECT COUNT(*) FROM aliases WHERE record_id = ?`, id).Scan(&n)
		provisional += int(n)
	}
	if provisional == 0 {
		t.Error("no ticket went through a provisional number: the cap never bit")
	}
}
