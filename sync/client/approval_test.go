package client_test

import (
	"context"
	"reflect"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"outpost/domain/approval"
	"outpost/domain/store"
	"outpost/domain/ticket"
	"outpost/sync/synctest"
)

// outcomes records the approval outcome events of tickets, per approval.
var outcomes = struct {
	sync.Mutex
	by map[string][]approval.Event
}{by: map[string][]approval.Event{}}

func init() {
	approval.OnOutcome(ticket.EntityTicket, func(_ *gorm.DB, ev approval.Event) error {
		outcomes.Lock()
		defer outcomes.Unlock()
		outcomes.by[ev.Approval.ID] = append(outcomes.by[ev.Approval.ID], ev)
		return nil
	})
}

func eventsOf(id string) []approval.Event {
	outcomes.Lock()
	defer outcomes.Unlock()
	return append([]approval.Event(nil), outcomes.by[id]...)
}

// TestApprovalDecidedOfflineOnTwoDesks: a group's approval by majority of three. Two approvers
// approve offline, each on their own desk, where it is still pending (one of three); after
// sync both decisions count and both desks show it approved, each having told the subject's
// owner once, from the pull. A second approval: one approves and one rejects offline; after
// sync the rejection ends it on both desks, and the third approver may no longer decide.
func TestApprovalDecidedOfflineOnTwoDesks(t *testing.T) {
	ctx := context.Background()
	clock := synctest.NewClock()
	s := synctest.StartServer(t, "", clock.Now)
	ann := s.AddUser(t, "Ann Agent", "ann@example.test", "agent")
	bob := s.AddUser(t, "Bob Agent", "bob@example.test", "agent")
	carl := s.AddUser(t, "Carl Agent", "carl@example.test", "agent")
	rita := s.AddUser(t, "Rita Requester", "rita@example.test", "requester")
	s.AddGroup(t, "g-cab", "Approvers", ann.ID, bob.ID, carl.ID)
	a := synctest.NewReplica(t, s, "ann@example.test", clock)
	b := synctest.NewReplica(t, s, "bob@example.test", clock)
	c := synctest.NewReplica(t, s, "carl@example.test", clock)
	for _, x := range []*synctest.Replica{a, b, c} {
		x.Sync(t)
		x.Actor, _ = x.Desk.People.ActorFor(ctx, x.Actor.ID)
	}
	syncAll := func() {
		t.Helper()
		for _, x := range []*synctest.Replica{a, b, c, a, b, c} {
			if rep := x.Sync(t); rep.Rejected != 0 {
				t.Fatalf("%s's sync: %+v", x.Actor.ID, rep)
			}
		}
	}
	ask := func(title string) string {
		t.Helper()
		tk, err := a.Desk.Tickets.Create(ctx, a.Actor, ticket.Draft{Type: ticket.Request, Title: title, RequesterID: rita.ID,
			Impact: 3, Urgency: 3, Source: "phone"})
		if err != nil {
			t.Fatal(err)
		}
		var id string
		err = store.Tx(ctx, a.Desk.DB, func(tx *gorm.DB) error {
			ap, err := a.Desk.Approvals.Request(tx, a.Actor, ticket.EntityTicket, tk.ID,
				approval.Rule{By: approval.ByGroup, Policy: approval.Majority, GroupID: "g-cab"}, nil)
			if err == nil {
				id = ap.ID
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		syncAll()
		return id
	}
	decide := func(x *synctest.Replica, id string, v approval.Verdict, comment string) *approval.View {
		t.Helper()
		clock.Add(time.Minute)
		got, err := x.Desk.Approvals.Decide(ctx, x.Actor, id, v, comment)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	state := func(x *synctest.Replica, id string) *approval.View {
		t.Helper()
		v, err := x.Desk.Approvals.Get(ctx, x.Actor, id)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}

	laptop := ask("new laptop")
	// Each approver hears of it on their own desk, once, from the pull; Ann asked, so not she.
	for _, x := range []*synctest.Replica{a, b, c} {
		var n int64
		if err := x.Desk.DB.Raw(`SELECT COUNT(*) FROM notifications WHERE kind = 'approval' AND user_id = ?`, x.Actor.ID).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		if want := map[bool]int64{true: 0, false: 1}[x == a]; n != want {
			t.Errorf("%s's desk holds %d approval notifications, want %d", x.Actor.ID, n, want)
		}
	}
	if v := state(c, laptop); v.State != approval.Pending || len(v.Approvers) != 3 || v.Needed != 2 || !v.CanDecide {
		t.Fatalf("Carl's desk: %+v, want pending, three approvers, two needed", v)
	}
	// Offline: Ann and Bob approve on their own desks.
	if v := decide(a, laptop, approval.Approve, ""); v.State != approval.Pending {
		t.Fatalf("one approval of three: got %s on Ann's desk, want pending", v.State)
	}
	if v := decide(b, laptop, approval.Approve, "fine"); v.State != approval.Pending {
		t.Fatalf("one approval of three: got %s on Bob's desk, want pending", v.State)
	}
	syncAll()
	for _, x := range []*synctest.Replica{a, b, c} {
		v := state(x, laptop)
		if v.State != approval.Approved || v.Approvals != 2 || len(v.Trail) != 2 || v.CanDecide {
			t.Errorf("%s's desk: %s with %d approvals, %d in the trail, may decide %v; want approved by both", x.Actor.ID, v.State,
				v.Approvals, len(v.Trail), v.CanDecide)
		}
	}
	if a1, b1 := state(a, laptop), state(b, laptop); a1.DecidedAt != b1.DecidedAt || a1.DecidedAt == 0 {
		t.Errorf("decided at %d on Ann's desk, %d on Bob's", a1.DecidedAt, b1.DecidedAt)
	}
	// Each desk told the subject's owner once, when the other's decision was pulled.
	evs := eventsOf(laptop)
	if len(evs) != 3 {
		t.Errorf("got %d outcome events, want one per desk: %+v", len(evs), evs)
	}
	for _, ev := range evs {
		if ev.To != approval.Approved || ev.From != approval.Pending || !ev.Pulled {
			t.Errorf("event %+v, want pending -> approved, pulled", ev)
		}
	}
	if _, err := c.Desk.Approvals.Decide(ctx, c.Actor, laptop, approval.Reject, "late"); err == nil {
		t.Errorf("Carl decided an approval that is settled")
	}

	// Offline: Ann approves, then Bob rejects; the rejection ends it on every desk.
	phone := ask("new phone")
	decide(a, phone, approval.Approve, "")
	decide(b, phone, approval.Reject, "we have spares")
	syncAll()
	for _, x := range []*synctest.Replica{a, b, c} {
		v := state(x, phone)
		if v.State != approval.Rejected || v.Approvals != 1 || v.Rejections != 1 || v.CanDecide {
			t.Errorf("%s's desk: %s (%d/%d), want rejected", x.Actor.ID, v.State, v.Approvals, v.Rejections)
		}
	}
	if n, err := c.Desk.Approvals.Count(ctx, c.Actor); err != nil || n != 0 {
		t.Errorf("Carl's inbox holds %d (%v), want nothing left to decide", n, err)
	}
	if a.Dump(t)["approval"] == nil || !reflect.DeepEqual(a.Dump(t), b.Dump(t)) || !reflect.DeepEqual(a.Dump(t), s.Dump(t)) {
		t.Errorf("the desks' and the server's records differ after sync")
	}
}
