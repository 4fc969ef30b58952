package client_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"outpost/domain/audit"
	"outpost/domain/fault"
	"outpost/domain/sla"
	"outpost/domain/ticket"
	"outpost/sync/server/store/pgtest"
	"outpost/sync/synctest"
)

// escalate makes r's default SLA policy raise the priority and add a work note when the
// response target is breached (the same policy on every desk, as each seeds its own).
func escalate(t *testing.T, r *synctest.Replica) {
	t.Helper()
	ctx := context.Background()
	p := r.Desk.SLA.Policies()[0]
	p.Escalations = []sla.Escalation{{Percent: 100, Kind: sla.Response,
		Actions: []sla.Action{{Kind: sla.RaisePriority}, {Kind: sla.WorkNote}}}}
	if _, err := r.Desk.SLA.SavePolicy(ctx, r.Actor, p); err != nil {
		t.Fatal(err)
	}
}

func sweep(t *testing.T, r *synctest.Replica) *sla.SweepResult {
	t.Helper()
	sw, err := r.Desk.SLA.NewSweeper(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	res, err := sw.Tick(context.Background(), r.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestEscalationOncePerDesk: two desks hold a ticket whose response target is breached; both
// sweep while offline, each raising its priority and adding a work note. Whichever syncs
// first, exactly one raise and one note survive everywhere, the desks equal the server, no
// rejection is shown to either user, and both credit the work to their system user.
func TestEscalationOncePerDesk(t *testing.T) {
	for _, backend := range []string{"sqlite", "postgres"} {
		for _, order := range []string{"ab", "ba"} {
			t.Run(backend+"/"+order, func(t *testing.T) {
				dsn := ""
				if backend == "postgres" {
					dsn = pgtest.DB(t)
				}
				escalationOnce(t, dsn, order)
			})
		}
	}
}

func escalationOnce(t *testing.T, dsn, order string) {
	ctx := context.Background()
	clock := synctest.NewClock()
	s := synctest.StartServer(t, dsn, clock.Now)
	ann := s.AddUser(t, "Ann Agent", "ann@example.test", "agent")
	bob := s.AddUser(t, "Bob Agent", "bob@example.test", "agent")
	s.AddGroup(t, "g-desk", "Service Desk", ann.ID, bob.ID)
	a := synctest.NewReplica(t, s, "ann@example.test", clock)
	b := synctest.NewReplica(t, s, "bob@example.test", clock)
	// The team's policy syncs: its manager sets it once, both desks pull it.
	s.AddUser(t, "Mia Manager", "mia@example.test", "manager")
	m := synctest.NewReplica(t, s, "mia@example.test", clock)
	escalate(t, m)
	m.Sync(t)
	b.Sync(t)
	a.Sync(t)
	tk, err := a.Desk.Tickets.Create(ctx, a.Actor, draft("Printer jams")) // P3
	if err != nil {
		t.Fatal(err)
	}
	a.Sync(t)
	b.Sync(t)
	clock.Add(30 * 24 * time.Hour)
	for _, r := range []*synctest.Replica{a, b} {
		if res := sweep(t, r); res.Writes != 2 {
			t.Fatalf("sweep: %d escalation writes, want 2 (raise, note)", res.Writes)
		}
		if got, _ := r.Desk.Tickets.Get(ctx, r.Actor, tk.ID); got.Priority != tk.Priority-1 {
			t.Fatalf("after the sweep: P%d, want P%d", got.Priority, tk.Priority-1)
		}
	}
	first, second := a, b
	if order == "ba" {
		first, second = b, a
	}
	if rep := first.Sync(t); rep.Rejected != 0 {
		t.Errorf("first desk: %+v, want nothing rejected", rep)
	}
	if rep := second.Sync(t); rep.Rejected != 0 {
		t.Errorf("second desk: %+v, want its repeats hidden, not counted", rep)
	}
	first.Sync(t)
	want := s.Dump(t)
	var notes, raises int
	for _, c := range want["comment"] {
		if c["ticketId"] == `"`+tk.ID+`"` && c["kind"] == `"note"` {
			notes++
		}
	}
	if notes != 1 {
		t.Errorf("server holds %d work notes, want 1", notes)
	}
	s.Store.DB.Raw(`SELECT COUNT(*) FROM changes WHERE record_id = ? AND field = 'priority'`, tk.ID).Scan(&raises)
	if raises != 1 {
		t.Errorf("server holds %d priority changes, want 1", raises)
	}
	var dupes int
	s.Store.DB.Raw(`SELECT COUNT(*) FROM op_results WHERE code = ?`, fault.CodeDuplicate).Scan(&dupes)
	if dupes != 3 { // the second desk's priority, its reason and its note
		t.Errorf("server refused %d ops as duplicates, want 3", dupes)
	}
	for name, r := range map[string]*synctest.Replica{"a": a, "b": b} {
		got, err := r.Desk.Tickets.Get(ctx, r.Actor, tk.ID)
		if err != nil || got.Priority != tk.Priority-1 {
			t.Errorf("%s: P%d (%v), want P%d", name, got.Priority, err, tk.Priority-1)
		}
		var n int64
		r.Desk.DB.Raw(`SELECT COUNT(*) FROM comments WHERE ticket_id = ? AND kind = 'note'`, tk.ID).Scan(&n)
		if n != 1 {
			t.Errorf("%s holds %d work notes, want 1", name, n)
		}
		if d := r.Dump(t); !reflect.DeepEqual(d, want) {
			t.Errorf("%s differs from the server:\n%s", name, diff(d, want))
		}
		if rej, err := r.Client.Rejections(ctx); err != nil || len(rej) != 0 {
			t.Errorf("%s shows rejections %+v (%v), want none", name, rej, err)
		}
		if st, err := r.Client.Status(ctx); err != nil || st.Rejected != 0 || st.Pending != 0 {
			t.Errorf("%s status %+v (%v), want nothing rejected or pending", name, st, err)
		}
		// The raise is credited to the desk's system user on both desks.
		sys, _ := r.Desk.System(ctx)
		var credited []string
		r.Desk.DB.Raw(`SELECT DISTINCT actor_id FROM audit_trail WHERE ticket_id = ? AND field = 'priority'`, tk.ID).Scan(&credited)
		var lines int64
		r.Desk.DB.Raw(`SELECT COUNT(*) FROM audit_trail WHERE ticket_id = ? AND field = 'priority'`, tk.ID).Scan(&lines)
		if lines != 1 || len(credited) == 0 {
			t.Errorf("%s: %d audit lines for the raise, want 1", name, lines)
		}
		intactTrail(t, name, r)
		for _, id := range credited {
			if id != sys.ID {
				t.Errorf("%s: the raise is credited to %s, want the system user %s", name, id, sys.ID)
			}
		}
	}
	// The desk whose raise was refused withdrew its line by an entry instead of deleting it.
	var withdrawn int64
	second.Desk.DB.Raw(`SELECT COUNT(*) FROM audit_entries WHERE ticket_id = ? AND field = 'withdrawn'`, tk.ID).Scan(&withdrawn)
	if withdrawn == 0 {
		t.Errorf("second desk: no withdrawn audit line, want its repeat withdrawn")
	}
	// After the sync each desk's SLA follows the surviving priority, and the next levels
	// (under the raised priority's targets) are again done once.
	if sa, sb := slaOf(t, a, tk.ID), slaOf(t, b, tk.ID); !reflect.DeepEqual(sa, sb) {
		t.Errorf("SLA differs: A %+v, B %+v", sa, sb)
	}
	sweep(t, a)
	sweep(t, b)
	second.Sync(t)
	first.Sync(t)
	second.Sync(t)
	want = s.Dump(t)
	for name, r := range map[string]*synctest.Replica{"a": a, "b": b} {
		if d := r.Dump(t); !reflect.DeepEqual(d, want) {
			t.Errorf("after the second sweep, %s differs from the server:\n%s", name, diff(d, want))
		}
		if rej, _ := r.Client.Rejections(ctx); len(rej) != 0 {
			t.Errorf("after the second sweep, %s shows rejections %+v", name, rej)
		}
	}
	if got, _ := a.Desk.Tickets.Get(ctx, a.Actor, tk.ID); got.Priority != tk.Priority-2 {
		t.Errorf("after the second sweep: P%d, want P%d", got.Priority, tk.Priority-2)
	}
}

// TestAutoCloseOncePerDesk: two desks auto-close the same resolved ticket while offline; one
// close survives, with no rejection shown.
func TestAutoCloseOncePerDesk(t *testing.T) {
	s, a, b := setup(t)
	ctx := context.Background()
	a.Sync(t)
	tk := resolved(t, a, "Mail bounces")
	a.Sync(t)
	b.Sync(t)
	a.Clock.Add(8 * 24 * time.Hour)
	for _, r := range []*synctest.Replica{a, b} {
		sys, err := r.Desk.System(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n, err := r.Desk.Tickets.AutoClose(ctx, sys, 7, r.Clock.Now()); err != nil || n != 1 {
			t.Fatalf("auto-close: %d, %v", n, err)
		}
	}
	b.Sync(t)
	a.Sync(t)
	b.Sync(t)
	want := s.Dump(t)
	for name, r := range map[string]*synctest.Replica{"a": a, "b": b} {
		if got, _ := r.Desk.Tickets.Get(ctx, r.Actor, tk.ID); got.State != ticket.Closed {
			t.Errorf("%s: %s, want closed", name, got.State)
		}
		if d := r.Dump(t); !reflect.DeepEqual(d, want) {
			t.Errorf("%s differs from the server:\n%s", name, diff(d, want))
		}
		if rej, _ := r.Client.Rejections(ctx); len(rej) != 0 {
			t.Errorf("%s shows rejections %+v", name, rej)
		}
		sys, _ := r.Desk.System(ctx)
		var closes []string
		r.Desk.DB.Raw(`SELECT actor_id FROM audit_trail WHERE ticket_id = ? AND field = 'state' AND new_value = 'closed'`, tk.ID).Scan(&closes)
		if len(closes) != 1 || closes[0] != sys.ID {
			t.Errorf("%s: close credited to %v, want once to the system user %s", name, closes, sys.ID)
		}
		intactTrail(t, name, r)
	}
}

// intactTrail checks a desk's audit chain after sync wrote to it (pulled pages, withdrawn
// repeats): a repeat is withdrawn by a new entry, never deleted.
func intactTrail(t *testing.T, name string, r *synctest.Replica) {
	t.Helper()
	res, err := audit.Verify(context.Background(), r.Desk.DB)
	if err != nil || !res.Intact {
		t.Errorf("%s: audit trail %v (%v), want intact", name, res, err)
	}
}
