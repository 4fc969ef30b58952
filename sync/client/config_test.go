package client_test

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"testing"
	"time"

	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/replica"
	"outpost/domain/sla"
	"outpost/domain/ticket"
	"outpost/sync/client"
	"outpost/sync/synctest"
)

func configSetup(t *testing.T) (*synctest.Server, *synctest.Clock) {
	t.Helper()
	clock := synctest.NewClock()
	s := synctest.StartServer(t, "", clock.Now)
	bob := s.AddUser(t, "Bob Agent", "bob@example.test", "agent")
	s.AddUser(t, "Mia Manager", "mia@example.test", "manager")
	s.AddUser(t, "Max Manager", "max@example.test", "manager")
	s.AddUser(t, "Ada Admin", "ada@example.test", "admin")
	s.AddUser(t, "Alan Admin", "alan@example.test", "admin")
	s.AddUser(t, "Rita Requester", "rita@example.test", "requester")
	s.AddGroup(t, "g-desk", "Service Desk", bob.ID)
	return s, clock
}

func defaultPolicy(t *testing.T, r *synctest.Replica) sla.Policy {
	t.Helper()
	for _, p := range r.Desk.SLA.Policies() {
		if p.Default {
			return p
		}
	}
	t.Fatal("no default policy")
	return sla.Policy{}
}

// breaches ticks the desk's sweep at now and lists what fired, by ticket, clock and level.
func breaches(t *testing.T, r *synctest.Replica, now time.Time) []string {
	t.Helper()
	sw, err := r.Desk.SLA.NewSweeper(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	res, err := sw.Tick(context.Background(), now)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range res.Fired {
		out = append(out, f.TicketID+" "+f.Kind+" "+f.Target+" "+f.Stage)
	}
	sort.Strings(out)
	return out
}

// TestPolicyChangeSyncsDueTimes: a manager changes the default policy on desk A offline while
// desk B works tickets; after both sync, both desks show the same due times and fire the
// same breaches, and each desk recomputed once for the change, however many ops it held and
// however many pages it came in.
func TestPolicyChangeSyncsDueTimes(t *testing.T) {
	s, clock := configSetup(t)
	ctx := context.Background()
	a := synctest.NewReplica(t, s, "mia@example.test", clock)
	b := synctest.NewReplica(t, s, "bob@example.test", clock)
	a.Sync(t)
	b.Sync(t)

	// A, offline: P3 resolves in 2 calendar hours, warns at 50%, and the office calendar
	// gains a holiday today (three ops on two records).
	p := defaultPolicy(t, a)
	for i := range p.Targets {
		if p.Targets[i].Priority == 3 {
			p.Targets[i].Resolution = sla.Target{Value: 2, Unit: sla.Hours}
			p.Targets[i].Business = false
		}
	}
	p.WarnPercent = 50
	if _, err := a.Desk.SLA.SavePolicy(ctx, a.Actor, p); err != nil {
		t.Fatal(err)
	}
	var office sla.Calendar
	for _, c := range a.Desk.SLA.Calendars() {
		if c.ID == sla.OfficeCalendarID {
			office = c
		}
	}
	office.Holidays = append(office.Holidays, sla.Holiday{Date: clock.Now().Format(time.DateOnly), Name: "Plant shutdown"})
	if _, err := a.Desk.SLA.SaveCalendar(ctx, a.Actor, office); err != nil {
		t.Fatal(err)
	}

	// B works tickets meanwhile: a P3 and a P2 made, one started.
	var ids []string
	for _, d := range []ticket.Draft{draft("Printer jams"), {Type: ticket.Incident, Title: "Mail slow", Impact: 1, Urgency: 2, Description: "x"}} {
		clock.Add(3 * time.Minute)
		tk, err := b.Desk.Tickets.Create(ctx, b.Actor, d)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tk.ID)
	}
	if _, err := b.Desk.Tickets.Transition(ctx, b.Actor, ids[0], ticket.Move{To: ticket.InProgress}); err != nil {
		t.Fatal(err)
	}
	b.Sync(t)

	ra, rb := a.Desk.SLA.Recomputes(), b.Desk.SLA.Recomputes()
	b.Client.PageSize = 1 // the change arrives over several pages: still one recompute
	a.Sync(t)
	b.Sync(t)
	a.Sync(t)
	if got := b.Desk.SLA.Recomputes() - rb; got != 1 {
		t.Errorf("desk B recomputed %d times for the pulled change, want 1", got)
	}
	if got := a.Desk.SLA.Recomputes() - ra; got != 0 {
		t.Errorf("desk A recomputed %d times when its own change came back, want 0 (it did when it saved)", got)
	}
	if pb := defaultPolicy(t, b); pb.WarnPercent != 50 {
		t.Errorf("desk B's default policy warns at %d%%, want 50", pb.WarnPercent)
	}
	for _, id := range ids {
		sa, sb := slaOf(t, a, id), slaOf(t, b, id)
		if !reflect.DeepEqual(sa, sb) {
			t.Errorf("ticket %s: desk B SLA %+v, desk A %+v", id, sb, sa)
		}
	}
	// The P3 counts 2 calendar hours from its creation (the holiday stops business time, not it).
	tk, err := b.Desk.Tickets.Get(ctx, b.Actor, ids[0])
	if err != nil {
		t.Fatal(err)
	}
	if want := tk.CreatedAt + 2*time.Hour.Milliseconds(); slaOf(t, b, ids[0]).ResolutionDue != want {
		t.Errorf("P3 resolution due %d, want %d (created + 2h)", slaOf(t, b, ids[0]).ResolutionDue, want)
	}
	later := clock.Now().Add(3 * time.Hour)
	fa, fb := breaches(t, a, later), breaches(t, b, later)
	if len(fa) == 0 || !reflect.DeepEqual(fa, fb) {
		t.Errorf("breaches at +3h: desk A %v, desk B %v; want the same, not none", fa, fb)
	}
}

// TestConcurrentConfigEditsConflict: two managers change one policy's warning share, and two
// admins the auto-close days, on two desks before either syncs: both desks end with the same
// values and each shows the conflict in its inbox.
func TestConcurrentConfigEditsConflict(t *testing.T) {
	s, clock := configSetup(t)
	ctx := context.Background()
	a := synctest.NewReplica(t, s, "ada@example.test", clock)
	b := synctest.NewReplica(t, s, "alan@example.test", clock)
	a.Sync(t)
	b.Sync(t)
	for i, r := range []*synctest.Replica{a, b} {
		p := defaultPolicy(t, r)
		p.WarnPercent = 60 + i*10
		if _, err := r.Desk.SLA.SavePolicy(ctx, r.Actor, p); err != nil {
			t.Fatal(err)
		}
		st := r.Desk.Settings(ctx)
		st.AutoCloseDays = 3 + i
		if err := r.Desk.SaveSettings(ctx, r.Actor, st); err != nil {
			t.Fatal(err)
		}
		clock.Add(time.Second)
	}
	a.Sync(t)
	b.Sync(t)
	a.Sync(t)
	if wa, wb := defaultPolicy(t, a).WarnPercent, defaultPolicy(t, b).WarnPercent; wa != wb {
		t.Errorf("warn share: desk A %d, desk B %d", wa, wb)
	}
	if da, db := a.Desk.AutoCloseDays(ctx), b.Desk.AutoCloseDays(ctx); da != db {
		t.Errorf("auto-close days: desk A %d, desk B %d", da, db)
	}
	for name, r := range map[string]*synctest.Replica{"A": a, "B": b} {
		cs, err := replica.Conflicts(ctx, r.Desk.DB, false)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range cs {
			got = append(got, c.Entity+"."+c.Field)
		}
		sort.Strings(got)
		if want := []string{desk.EntitySettings + ".autoCloseDays", sla.EntityPolicy + ".warnPercent"}; !reflect.DeepEqual(got, want) {
			t.Errorf("desk %s conflicts %v, want %v", name, got, want)
		}
	}
	if !reflect.DeepEqual(a.Dump(t), s.Dump(t)) || !reflect.DeepEqual(b.Dump(t), s.Dump(t)) {
		t.Errorf("a desk differs from the server after sync")
	}
	// Desk A settles the policy conflict by keeping the value it lost: a new edit, through
	// the kind's writer, that reaches desk B.
	cs, _ := replica.Conflicts(ctx, a.Desk.DB, false)
	for _, c := range cs {
		if c.Entity != sla.EntityPolicy {
			continue
		}
		choice, want := client.KeepMine, c.Mine
		if c.Winner == "mine" {
			choice, want = client.KeepTheirs, c.Theirs
		}
		if err := a.Client.Settle(ctx, a.Actor, c.ID, choice, nil); err != nil {
			t.Fatal(err)
		}
		a.Sync(t)
		b.Sync(t)
		if got := defaultPolicy(t, b).WarnPercent; fmt.Sprint(got) != string(want) {
			t.Errorf("after settling: desk B warns at %d, want %s", got, want)
		}
	}
}

// TestServerRefusesConfigFromStaffBelowManager: a desk whose local role is stale (the user
// was demoted on the server) saves a policy; the server judges the op by the user's current
// role, refuses it as forbidden, and the desk is corrected back to the team's value. A
// requester's new policy is refused the same way.
func TestServerRefusesConfigFromStaffBelowManager(t *testing.T) {
	s, clock := configSetup(t)
	ctx := context.Background()
	for _, tc := range []struct{ email, role string }{{"bob@example.test", "agent"}, {"rita@example.test", "requester"}} {
		t.Run(tc.role, func(t *testing.T) {
			r := synctest.NewReplica(t, s, tc.email, clock)
			r.Sync(t)
			stale := people.Actor{ID: r.Actor.ID, Role: people.Manager}
			p := defaultPolicy(t, r)
			if tc.role == "requester" {
				p = sla.Policy{Name: "Mine first", Active: true, CalendarID: sla.AlwaysCalendarID,
					Targets: []sla.PriorityTarget{{Priority: 1, Response: sla.Target{Value: 1, Unit: sla.Minutes}, Resolution: sla.Target{Value: 1, Unit: sla.Hours}}}}
			} else {
				p.WarnPercent = 20
			}
			// The desk's own service refuses the real role...
			if _, err := r.Desk.SLA.SavePolicy(ctx, r.Actor, p); fault.Code(err) != fault.CodeForbidden {
				t.Fatalf("desk: got %v, want forbidden", err)
			}
			// ...and the server refuses the stale one.
			if _, err := r.Desk.SLA.SavePolicy(ctx, stale, p); err != nil {
				t.Fatal(err)
			}
			rep := r.Sync(t)
			if rep.Rejected != 1 {
				t.Fatalf("push: %+v, want 1 rejected", rep)
			}
			rej, err := replica.Rejections(ctx, r.Desk.DB)
			if err != nil || len(rej) != 1 {
				t.Fatalf("rejections %v %v", rej, err)
			}
			if rej[0].Code != fault.CodeForbidden || rej[0].Entity != sla.EntityPolicy {
				t.Errorf("rejected %s %s: %s, want forbidden", rej[0].Entity, rej[0].Code, rej[0].Reason)
			}
			if tc.role == "requester" {
				if n := len(r.Desk.SLA.Policies()); n != 1 {
					t.Errorf("the refused policy stayed: %d policies", n)
				}
			} else if w := defaultPolicy(t, r).WarnPercent; w != 75 {
				t.Errorf("warn share after the refusal %d, want the team's 75", w)
			}
		})
	}
}
