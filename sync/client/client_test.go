package client_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"outpost/domain/audit"
	"outpost/domain/desk"
	"outpost/domain/replica"
	"outpost/domain/ticket"
	"outpost/sync/client"
	"outpost/sync/synctest"
)

func setup(t *testing.T) (*synctest.Server, *synctest.Replica, *synctest.Replica) {
	t.Helper()
	clock := synctest.NewClock()
	s := synctest.StartServer(t, "", clock.Now)
	ann := s.AddUser(t, "Ann Agent", "ann@example.test", "agent")
	bob := s.AddUser(t, "Bob Agent", "bob@example.test", "agent")
	s.AddUser(t, "Mia Manager", "mia@example.test", "manager")
	s.AddUser(t, "Rita Requester", "rita@example.test", "requester")
	s.AddGroup(t, "g-desk", "Service Desk", ann.ID, bob.ID)
	return s, synctest.NewReplica(t, s, "ann@example.test", clock), synctest.NewReplica(t, s, "bob@example.test", clock)
}

func draft(title string) ticket.Draft {
	return ticket.Draft{Type: ticket.Incident, Title: title, Impact: 2, Urgency: 2, Description: "first text"}
}

func TestEditAppearsOnOtherDesk(t *testing.T) {
	s, a, b := setup(t)
	ctx := context.Background()
	a.Sync(t) // leases numbers
	tk, err := a.Desk.Tickets.Create(ctx, a.Actor, draft("VPN drops"))
	if err != nil {
		t.Fatal(err)
	}
	if replica.IsProvisional(tk.Number) {
		t.Errorf("online desk issued provisional number %s", tk.Number)
	}
	if _, err := a.Desk.Tickets.AddComment(ctx, a.Actor, tk.ID, ticket.KindNote, "checked the tunnel", 0); err != nil {
		t.Fatal(err)
	}
	rep := a.Sync(t)
	if rep.Accepted != 2 || rep.Rejected != 0 {
		t.Fatalf("push: got %+v, want 2 accepted", rep)
	}
	b.Sync(t)
	got, err := b.Desk.Tickets.Get(ctx, b.Actor, tk.ID)
	if err != nil {
		t.Fatalf("ticket did not reach the other desk: %v", err)
	}
	if got.Title != "VPN drops" || got.Number != tk.Number {
		t.Errorf("got %s %q, want %s %q", got.Number, got.Title, tk.Number, "VPN drops")
	}
	hits, err := b.Desk.Tickets.Search(ctx, b.Actor, "tunnel", 10)
	if err != nil || len(hits) != 1 {
		t.Errorf("search for a synced note: got %v, %v", hits, err)
	}
	// Edit and move on b; a sees both.
	title := "VPN drops every hour"
	if _, err := b.Desk.Tickets.Update(ctx, b.Actor, tk.ID, ticket.Patch{Title: &title}); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Desk.Tickets.Transition(ctx, b.Actor, tk.ID, ticket.Move{To: ticket.InProgress}); err != nil {
		t.Fatal(err)
	}
	b.Sync(t)
	a.Sync(t)
	got, _ = a.Desk.Tickets.Get(ctx, a.Actor, tk.ID)
	if got.Title != title || got.State != ticket.InProgress {
		t.Errorf("got %q %s, want %q in_progress", got.Title, got.State, title)
	}
	for name, r := range map[string]*synctest.Replica{"a": a, "b": b} {
		if !reflect.DeepEqual(r.Dump(t), s.Dump(t)) {
			t.Errorf("replica %s differs from the server", name)
		}
	}
}

func TestConcurrentEditLandsInBothInboxes(t *testing.T) {
	s, a, b := setup(t)
	ctx := context.Background()
	tk, _ := a.Desk.Tickets.Create(ctx, a.Actor, draft("Printer jams"))
	a.Sync(t)
	b.Sync(t)
	mine, theirs := "Printer jams on tray 2", "Printer jams on A3"
	if _, err := a.Desk.Tickets.Update(ctx, a.Actor, tk.ID, ticket.Patch{Title: &mine}); err != nil {
		t.Fatal(err)
	}
	a.Clock.Add(1) // same clock for both: make the order explicit
	if _, err := b.Desk.Tickets.Update(ctx, b.Actor, tk.ID, ticket.Patch{Title: &theirs}); err != nil {
		t.Fatal(err)
	}
	b.Sync(t)
	a.Sync(t)
	b.Sync(t)
	for name, r := range map[string]*synctest.Replica{"a": a, "b": b} {
		cs, err := replica.Conflicts(ctx, r.Desk.DB, false)
		if err != nil || len(cs) != 1 || cs[0].Field != "title" {
			t.Fatalf("%s inbox: got %+v, %v; want one title conflict", name, cs, err)
		}
		var m, th string
		_ = json.Unmarshal(cs[0].Mine, &m)
		_ = json.Unmarshal(cs[0].Theirs, &th)
		if m == th || !strings.HasPrefix(m, "Printer jams") || !strings.HasPrefix(th, "Printer jams") {
			t.Errorf("%s conflict shows %q vs %q", name, m, th)
		}
		if !reflect.DeepEqual(r.Dump(t), s.Dump(t)) {
			t.Errorf("replica %s differs from the server after the conflict", name)
		}
	}
}

func TestRejectedOpReturnsToAuthor(t *testing.T) {
	s, a, b := setup(t)
	ctx := context.Background()
	tk, _ := a.Desk.Tickets.Create(ctx, a.Actor, draft("Laptop broken"))
	a.Sync(t)
	b.Sync(t)
	// b moves it to in progress first; a, still seeing it new, puts it on hold.
	if _, err := b.Desk.Tickets.Transition(ctx, b.Actor, tk.ID, ticket.Move{To: ticket.Canceled, Reason: "dup"}); err != nil {
		t.Fatal(err)
	}
	b.Sync(t)
	if _, err := a.Desk.Tickets.Transition(ctx, a.Actor, tk.ID, ticket.Move{To: ticket.OnHold, HoldReason: "awaiting_vendor"}); err != nil {
		t.Fatal(err)
	}
	rep := a.Sync(t)
	if rep.Rejected != 1 {
		t.Fatalf("got %+v, want the stale move rejected", rep)
	}
	rej, err := replica.Rejections(ctx, a.Desk.DB, a.Actor.ID)
	if err != nil || len(rej) != 1 || rej[0].Code != "invalid_transition" {
		t.Fatalf("author's rejections: got %+v, %v", rej, err)
	}
	got, _ := a.Desk.Tickets.Get(ctx, a.Actor, tk.ID)
	if got.State != ticket.Canceled {
		t.Errorf("after rejection got state %s, want the server's canceled", got.State)
	}
	if !reflect.DeepEqual(a.Dump(t), s.Dump(t)) {
		t.Error("author's replica differs from the server after a rejection")
	}
}

func TestProvisionalNumberReplacedAndFound(t *testing.T) {
	s, a, b := setup(t)
	ctx := context.Background()
	// a has joined but never leased (it never synced): offline numbers are provisional.
	tk, err := a.Desk.Tickets.Create(ctx, a.Actor, draft("Offline ticket"))
	if err != nil {
		t.Fatal(err)
	}
	if !replica.IsProvisional(tk.Number) {
		t.Fatalf("got %s, want a provisional number", tk.Number)
	}
	b.Sync(t)
	other, _ := b.Desk.Tickets.Create(ctx, b.Actor, draft("Online ticket"))
	b.Sync(t)
	a.Sync(t)
	got, _ := a.Desk.Tickets.Get(ctx, a.Actor, tk.ID)
	if replica.IsProvisional(got.Number) || got.Number == other.Number {
		t.Fatalf("got number %s after sync, want a fresh server number", got.Number)
	}
	for _, r := range []*synctest.Replica{a, b} {
		r.Sync(t)
		hits, err := r.Desk.Tickets.Search(ctx, r.Actor, tk.Number, 10)
		if err != nil || len(hits) != 1 || hits[0].ID != tk.ID {
			t.Errorf("search by the old number %s: got %+v, %v", tk.Number, hits, err)
		}
	}
	if !reflect.DeepEqual(a.Dump(t), s.Dump(t)) || !reflect.DeepEqual(b.Dump(t), s.Dump(t)) {
		t.Error("replicas differ from the server")
	}
}

func TestSettleConflict(t *testing.T) {
	s, a, b := setup(t)
	ctx := context.Background()
	tk, _ := a.Desk.Tickets.Create(ctx, a.Actor, draft("Mail bounces"))
	a.Sync(t)
	b.Sync(t)
	mine, theirs := "Mail bounces for sales", "Mail bounces since Monday"
	_, _ = a.Desk.Tickets.Update(ctx, a.Actor, tk.ID, ticket.Patch{Title: &mine})
	a.Clock.Add(1)
	_, _ = b.Desk.Tickets.Update(ctx, b.Actor, tk.ID, ticket.Patch{Title: &theirs})
	b.Sync(t)
	a.Sync(t) // theirs wins (later); a keeps mine
	cs, err := a.Client.Conflicts(ctx)
	if err != nil || len(cs) != 1 || cs[0].Winner != "theirs" {
		t.Fatalf("a's inbox: %+v, %v", cs, err)
	}
	if err := a.Client.Settle(ctx, a.Actor, cs[0].ID, client.KeepMine, nil); err != nil {
		t.Fatal(err)
	}
	if cs, _ := a.Client.Conflicts(ctx); len(cs) != 0 {
		t.Errorf("settled conflict still open: %+v", cs)
	}
	a.Sync(t)
	b.Sync(t)
	got, _ := b.Desk.Tickets.Get(ctx, b.Actor, tk.ID)
	if got.Title != mine {
		t.Errorf("after keeping mine, b has %q, want %q", got.Title, mine)
	}
	if !reflect.DeepEqual(b.Dump(t), s.Dump(t)) {
		t.Error("b differs from the server")
	}
	st, err := a.Client.Status(ctx)
	if err != nil || !st.Joined || st.Pending != 0 || st.OpenConflicts != 0 || st.LastSync == 0 {
		t.Errorf("status: %+v, %v", st, err)
	}
}

// TestJoinUploadsHistory: a profile used offline before it ever joined a server uploads its
// whole history as the signed-in user, with its groups matched to the server's by name.
func TestJoinUploadsHistory(t *testing.T) {
	s, _, b := setup(t)
	ctx := context.Background()
	clock := synctest.NewClock()
	d, err := desk.Open(ctx, filepath.Join(t.TempDir(), "old.db"), clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	owner, _ := d.Owner(ctx)
	groups, _ := d.People.Groups(ctx)
	var deskGroup string
	for _, g := range groups {
		if g.Name == "Service Desk" {
			deskGroup = g.ID
		}
	}
	var ids []string
	for i := 0; i < 3; i++ {
		dr := draft(fmt.Sprint("before joining ", i))
		dr.GroupID, dr.AssigneeID = deskGroup, owner.ID
		tk, err := d.Tickets.Create(ctx, owner, dr)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tk.ID)
		if _, err := d.Tickets.AddComment(ctx, owner, tk.ID, ticket.KindNote, "offline note", 0); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := d.Tickets.Transition(ctx, owner, ids[0], ticket.Move{To: ticket.InProgress}); err != nil {
		t.Fatal(err)
	}
	c := client.New(d)
	u, err := c.Login(ctx, s.URL, "ann@example.test", synctest.Password)
	if err != nil {
		t.Fatal(err)
	}
	if now, _ := d.Owner(ctx); now.ID != u.ID {
		t.Errorf("after joining the owner is %s, want the server user %s", now.ID, u.ID)
	}
	// The trail is not rewritten: it keeps the old id, and one entry says who that is now.
	var rekeyed []ticket.AuditEntry
	d.DB.Where("entity = 'user' AND field = 'id'").Find(&rekeyed)
	if len(rekeyed) != 1 || rekeyed[0].OldValue != owner.ID || rekeyed[0].NewValue != u.ID || rekeyed[0].ActorID != u.ID {
		t.Errorf("join entries %+v, want one from %s to %s", rekeyed, owner.ID, u.ID)
	}
	var byOld int64
	d.DB.Raw(`SELECT COUNT(*) FROM audit_entries WHERE actor_id = ?`, owner.ID).Scan(&byOld)
	if res, err := audit.Verify(ctx, d.DB); err != nil || !res.Intact || byOld == 0 {
		t.Errorf("after joining: trail %v (%v), %d entries by the old id; want intact, as written", res, err, byOld)
	}
	rep, err := c.Sync(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Rejected != 0 || rep.Accepted != 7 {
		rj, _ := c.Rejections(ctx)
		t.Fatalf("upload: got %+v, want 7 accepted; rejections %+v", rep, rj)
	}
	b.Sync(t)
	for _, id := range ids {
		got, err := b.Desk.Tickets.Get(ctx, b.Actor, id)
		if err != nil || got.CreatedBy != u.ID || got.GroupID == nil || *got.GroupID != "g-desk" {
			t.Errorf("ticket %s on the other desk: %+v, %v", id, got, err)
		}
	}
	dump, _ := replica.Dump(d.DB)
	if !reflect.DeepEqual(dump, s.Dump(t)) || !reflect.DeepEqual(b.Dump(t), s.Dump(t)) {
		t.Error("replicas differ from the server after the upload")
	}
}

// TestRequesterReplica: a requester's desk holds their own tickets with public replies only.
func TestRequesterReplica(t *testing.T) {
	s, a, _ := setup(t)
	ctx := context.Background()
	rita := synctest.NewReplica(t, s, "rita@example.test", a.Clock)
	mine, err := rita.Desk.Tickets.Create(ctx, rita.Actor, draft("My screen flickers"))
	if err != nil {
		t.Fatal(err)
	}
	if rep := rita.Sync(t); rep.Accepted != 1 {
		t.Fatalf("requester's ticket: %+v", rep)
	}
	other, _ := a.Desk.Tickets.Create(ctx, a.Actor, draft("Someone else's"))
	a.Sync(t)
	_, _ = a.Desk.Tickets.AddComment(ctx, a.Actor, mine.ID, ticket.KindReply, "Try another cable", 0)
	_, _ = a.Desk.Tickets.AddComment(ctx, a.Actor, mine.ID, ticket.KindNote, "probably the GPU", 0)
	a.Sync(t)
	rita.Sync(t)
	if _, err := rita.Desk.Tickets.Get(ctx, rita.Actor, other.ID); err == nil {
		t.Error("requester's desk holds another requester's ticket")
	}
	var replies, notes int64
	rita.Desk.DB.Raw(`SELECT COUNT(*) FROM comments WHERE ticket_id = ? AND kind = 'reply'`, mine.ID).Scan(&replies)
	rita.Desk.DB.Raw(`SELECT COUNT(*) FROM comments WHERE kind <> 'reply'`).Scan(&notes)
	if replies != 1 || notes != 0 {
		t.Errorf("got %d replies and %d internal notes on the requester's desk, want 1 and 0", replies, notes)
	}
}

// TestLocalEditDuringPull: an edit made while a sync is pulling (between two pages) is merged
// as a local write, not overwritten as if it had never happened.
func TestLocalEditDuringPull(t *testing.T) {
	s, a, _ := setup(t)
	ctx := context.Background()
	b := synctest.NewReplica(t, s, "bob@example.test", synctest.NewClock())
	b.Clock.Add(-time.Hour) // b's writes are older than a's
	tk, _ := a.Desk.Tickets.Create(ctx, a.Actor, draft("Disk full"))
	a.Sync(t)
	b.Sync(t)
	cat, title := "Storage", "Disk full on the file server"
	_, _ = b.Desk.Tickets.Update(ctx, b.Actor, tk.ID, ticket.Patch{Category: &cat})
	_, _ = b.Desk.Tickets.Update(ctx, b.Actor, tk.ID, ticket.Patch{Title: &title})
	b.Sync(t)
	a.Client.PageSize = 1
	edited := false
	a.Client.Progress = func(done, total int64) {
		if !edited {
			edited = true
			a.Clock.Add(time.Minute) // a's edit is the later one
			mine := "Disk full (mine)"
			if _, err := a.Desk.Tickets.Update(ctx, a.Actor, tk.ID, ticket.Patch{Title: &mine}); err != nil {
				t.Error(err)
			}
		}
	}
	a.Sync(t)
	a.Client.Progress = nil
	a.Sync(t)
	b.Sync(t)
	for name, r := range map[string]*synctest.Replica{"a": a, "b": b} {
		if !reflect.DeepEqual(r.Dump(t), s.Dump(t)) {
			t.Errorf("%s differs from the server:\n%v\n%v", name, r.Dump(t)["ticket"], s.Dump(t)["ticket"])
		}
	}
	got, _ := b.Desk.Tickets.Get(ctx, b.Actor, tk.ID)
	if got.Title != "Disk full (mine)" {
		t.Errorf("got title %q, want a's later edit", got.Title)
	}
}
