package notify_test

import (
	"context"
	"encoding/json"
	"errors"
	"sort"
	"testing"
	"time"

	"outpost/domain/desk"
	"outpost/domain/desk/desktest"
	"outpost/domain/fault"
	"outpost/domain/kind"
	"outpost/domain/notify"
	"outpost/domain/people"
	"outpost/domain/replica"
	"outpost/domain/ticket"
)

var start = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// team is a desk with an admin, two agents in one group, a third agent outside it and a
// requester: every person is local (a shared office desk, not joined to a server).
type team struct {
	d                         *desk.Desk
	admin, ann, bob, cy, rita people.Actor
	group                     string
}

func newTeam(t *testing.T) *team {
	t.Helper()
	ctx := context.Background()
	clock := start
	d, admin := desktest.Open(t, func() time.Time { clock = clock.Add(time.Second); return clock })
	tm := &team{d: d, admin: admin}
	mk := func(name, email string, role people.Role) people.Actor {
		u, err := d.CreatePerson(ctx, admin, people.User{Name: name, Email: email, Role: role})
		if err != nil {
			t.Fatal(err)
		}
		return people.Actor{ID: u.ID, Role: role}
	}
	tm.ann = mk("Ann Agent", "ann@example.com", people.Agent)
	tm.bob = mk("Bob Builder", "bob@example.com", people.Agent)
	tm.cy = mk("Cy Outside", "cy@example.com", people.Agent)
	tm.rita = mk("Rita Requester", "rita@example.com", people.Requester)
	g, err := d.SaveGroup(ctx, admin, people.Group{Name: "Field"})
	if err != nil {
		t.Fatal(err)
	}
	tm.group = g.ID
	for _, u := range []string{tm.ann.ID, tm.bob.ID} {
		if err := d.SetMember(ctx, admin, g.ID, u, true); err != nil {
			t.Fatal(err)
		}
	}
	return tm
}

func (tm *team) ticket(t *testing.T, by people.Actor, d ticket.Draft) *ticket.Ticket {
	t.Helper()
	if d.Title == "" {
		d.Title = "Printer jams"
	}
	d.Type, d.Impact, d.Urgency = ticket.Incident, 2, 2
	if d.RequesterID == "" {
		d.RequesterID = tm.rita.ID
	}
	tk, err := tm.d.Tickets.Create(context.Background(), by, d)
	if err != nil {
		t.Fatal(err)
	}
	return tk
}

// inbox lists "type" per person over everyone's notifications for people, sorted.
func (tm *team) inbox(t *testing.T) map[string][]string {
	t.Helper()
	var rows []struct{ UserID, Kind string }
	if err := tm.d.DB.Raw(`SELECT user_id, kind FROM notifications WHERE change_id IS NOT NULL ORDER BY user_id, kind`).Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	out := map[string][]string{}
	for _, r := range rows {
		out[tm.name(r.UserID)] = append(out[tm.name(r.UserID)], r.Kind)
	}
	for _, v := range out {
		sort.Strings(v)
	}
	return out
}

func (tm *team) name(id string) string {
	switch id {
	case tm.admin.ID:
		return "admin"
	case tm.ann.ID:
		return "ann"
	case tm.bob.ID:
		return "bob"
	case tm.cy.ID:
		return "cy"
	case tm.rita.ID:
		return "rita"
	}
	return id
}

func (tm *team) clear(t *testing.T) {
	t.Helper()
	if err := tm.d.DB.Exec(`DELETE FROM notifications`).Error; err != nil {
		t.Fatal(err)
	}
}

func want(t *testing.T, got map[string][]string, want map[string][]string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for k, v := range want {
		g := got[k]
		if len(g) != len(v) {
			t.Fatalf("got %v, want %v", got, want)
		}
		for i := range v {
			if g[i] != v[i] {
				t.Fatalf("got %v, want %v", got, want)
			}
		}
	}
}

func ptr[T any](v T) *T { return &v }

func TestAssignedNotifiesTheAssigneeOnly(t *testing.T) {
	tm := newTeam(t)
	ctx := context.Background()
	tk := tm.ticket(t, tm.ann, ticket.Draft{GroupID: tm.group, AssigneeID: tm.bob.ID})
	want(t, tm.inbox(t), map[string][]string{"bob": {"assigned"}})
	tm.clear(t)
	// assigning to oneself tells nobody: the author never hears of their own change
	if _, err := tm.d.Tickets.Update(ctx, tm.ann, tk.ID, ticket.Patch{AssigneeID: ptr(tm.ann.ID)}); err != nil {
		t.Fatal(err)
	}
	want(t, tm.inbox(t), map[string][]string{})
	// and back to Bob, by Ann
	if _, err := tm.d.Tickets.Update(ctx, tm.ann, tk.ID, ticket.Patch{AssigneeID: ptr(tm.bob.ID)}); err != nil {
		t.Fatal(err)
	}
	want(t, tm.inbox(t), map[string][]string{"bob": {"assigned"}})
	var msg string
	tm.d.DB.Raw(`SELECT message FROM notifications`).Scan(&msg)
	if msg != "Ann Agent assigned "+tk.Number+" to you: Printer jams" {
		t.Errorf("message: %q", msg)
	}
}

func TestGroupNotifiesMembersWhenUnassigned(t *testing.T) {
	tm := newTeam(t)
	ctx := context.Background()
	tk := tm.ticket(t, tm.ann, ticket.Draft{GroupID: tm.group})
	// Bob is in the group; Ann made it; Cy is not a member; the admin neither
	want(t, tm.inbox(t), map[string][]string{"bob": {"group"}})
	tm.clear(t)
	other := tm.ticket(t, tm.admin, ticket.Draft{})
	if _, err := tm.d.Tickets.Update(ctx, tm.admin, other.ID, ticket.Patch{GroupID: ptr(tm.group)}); err != nil {
		t.Fatal(err)
	}
	want(t, tm.inbox(t), map[string][]string{"ann": {"group"}, "bob": {"group"}})
	tm.clear(t)
	// routed to the group and assigned in one write: the assignee hears "assigned", the
	// group nothing
	third := tm.ticket(t, tm.admin, ticket.Draft{})
	if _, err := tm.d.Tickets.Update(ctx, tm.admin, third.ID, ticket.Patch{GroupID: ptr(tm.group), AssigneeID: ptr(tm.ann.ID)}); err != nil {
		t.Fatal(err)
	}
	want(t, tm.inbox(t), map[string][]string{"ann": {"assigned"}})
	_ = tk
}

func TestRequesterReplyNotifiesTheAssignee(t *testing.T) {
	tm := newTeam(t)
	ctx := context.Background()
	tk := tm.ticket(t, tm.rita, ticket.Draft{})
	want(t, tm.inbox(t), map[string][]string{})
	if _, err := tm.d.Tickets.Update(ctx, tm.admin, tk.ID, ticket.Patch{GroupID: ptr(tm.group), AssigneeID: ptr(tm.bob.ID)}); err != nil {
		t.Fatal(err)
	}
	tm.clear(t)
	if _, err := tm.d.Tickets.AddComment(ctx, tm.rita, tk.ID, ticket.KindReply, "Still jams", 0); err != nil {
		t.Fatal(err)
	}
	want(t, tm.inbox(t), map[string][]string{"bob": {"reply"}})
	tm.clear(t)
	// a reply by staff is no requester's reply
	if _, err := tm.d.Tickets.AddComment(ctx, tm.ann, tk.ID, ticket.KindReply, "On it", 0); err != nil {
		t.Fatal(err)
	}
	want(t, tm.inbox(t), map[string][]string{})
}

func TestMentionNotifiesWhoMayReadIt(t *testing.T) {
	tm := newTeam(t)
	ctx := context.Background()
	tk := tm.ticket(t, tm.rita, ticket.Draft{})
	tm.clear(t)
	// a work note: Bob by login, Cy by name; Rita cannot read notes; Ann wrote it
	if _, err := tm.d.Tickets.AddComment(ctx, tm.ann, tk.ID, ticket.KindNote, "@bob and @cy.outside, ask @rita; @ann notes", 0); err != nil {
		t.Fatal(err)
	}
	want(t, tm.inbox(t), map[string][]string{"bob": {"mention"}, "cy": {"mention"}})
	tm.clear(t)
	// a reply Rita reads
	if _, err := tm.d.Tickets.AddComment(ctx, tm.ann, tk.ID, ticket.KindReply, `@"Rita Requester" could you restart it?`, 0); err != nil {
		t.Fatal(err)
	}
	want(t, tm.inbox(t), map[string][]string{"rita": {"mention"}})
}

func TestFollowersHearOfChangesOncePerWrite(t *testing.T) {
	tm := newTeam(t)
	ctx := context.Background()
	tk := tm.ticket(t, tm.rita, ticket.Draft{})
	if err := tm.d.Notify.Follow(ctx, tm.cy, tk.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := tm.d.Notify.Follow(ctx, tm.rita, tk.ID, true); err != nil {
		t.Fatal(err)
	}
	tm.clear(t)
	// one write of three fields: one notification for Cy; Rita follows too and hears it
	if _, err := tm.d.Tickets.Update(ctx, tm.ann, tk.ID, ticket.Patch{Impact: ptr(1), Urgency: ptr(1), Title: ptr("Printer on fire")}); err != nil {
		t.Fatal(err)
	}
	want(t, tm.inbox(t), map[string][]string{"cy": {"followed"}, "rita": {"followed"}})
	tm.clear(t)
	// a work note: Rita (requester) may not read it, so only Cy hears
	if _, err := tm.d.Tickets.AddComment(ctx, tm.ann, tk.ID, ticket.KindNote, "internal", 0); err != nil {
		t.Fatal(err)
	}
	want(t, tm.inbox(t), map[string][]string{"cy": {"followed"}})
	tm.clear(t)
	// the follower's own change tells them nothing; assigning to a follower says "assigned"
	if _, err := tm.d.Tickets.Update(ctx, tm.cy, tk.ID, ticket.Patch{Title: ptr("Printer fixed?")}); err != nil {
		t.Fatal(err)
	}
	want(t, tm.inbox(t), map[string][]string{"rita": {"followed"}})
	tm.clear(t)
	if err := tm.d.Notify.Follow(ctx, tm.rita, tk.ID, false); err != nil {
		t.Fatal(err)
	}
	if _, err := tm.d.Tickets.Update(ctx, tm.ann, tk.ID, ticket.Patch{AssigneeID: ptr(tm.cy.ID)}); err != nil {
		t.Fatal(err)
	}
	want(t, tm.inbox(t), map[string][]string{"cy": {"assigned"}})
	if on, _ := tm.d.Notify.Following(ctx, tm.rita, tk.ID); on {
		t.Error("Rita still follows after unfollowing")
	}
	// a person follows for themself only, and a ticket they may see
	other := tm.ticket(t, tm.ann, ticket.Draft{RequesterID: tm.ann.ID})
	if err := tm.d.Notify.Follow(ctx, tm.rita, other.ID, true); !errors.Is(err, fault.ErrNotFound) {
		t.Errorf("Rita following a ticket she cannot see: got %v, want not found", err)
	}
}

func TestReopenNotifiesAssigneeAndResolver(t *testing.T) {
	tm := newTeam(t)
	ctx := context.Background()
	tk := tm.ticket(t, tm.rita, ticket.Draft{})
	if _, err := tm.d.Tickets.Update(ctx, tm.admin, tk.ID, ticket.Patch{GroupID: ptr(tm.group), AssigneeID: ptr(tm.bob.ID)}); err != nil {
		t.Fatal(err)
	}
	// Cy resolves Bob's ticket
	if _, err := tm.d.Tickets.Transition(ctx, tm.cy, tk.ID, ticket.Move{To: ticket.Resolved, ResolutionCode: "solved_remotely", ResolutionNotes: "rebooted"}); err != nil {
		t.Fatal(err)
	}
	tm.clear(t)
	if _, err := tm.d.Tickets.Transition(ctx, tm.ann, tk.ID, ticket.Move{To: ticket.InProgress, Reason: "jams again"}); err != nil {
		t.Fatal(err)
	}
	want(t, tm.inbox(t), map[string][]string{"bob": {"reopened"}, "cy": {"reopened"}})
}

func TestSwitchedOffTypesAreNotRecorded(t *testing.T) {
	tm := newTeam(t)
	ctx := context.Background()
	p, err := tm.d.Notify.SetPrefs(ctx, tm.bob, notify.Prefs{notify.Assigned: false})
	if err != nil {
		t.Fatal(err)
	}
	if p[notify.Assigned] || !p[notify.Mention] {
		t.Fatalf("prefs: %v", p)
	}
	tk := tm.ticket(t, tm.ann, ticket.Draft{GroupID: tm.group, AssigneeID: tm.bob.ID})
	want(t, tm.inbox(t), map[string][]string{})
	if _, err := tm.d.Tickets.AddComment(ctx, tm.ann, tk.ID, ticket.KindNote, "@bob", 0); err != nil {
		t.Fatal(err)
	}
	want(t, tm.inbox(t), map[string][]string{"bob": {"mention"}})
	if _, err := tm.d.Notify.SetPrefs(ctx, tm.bob, notify.Prefs{notify.Assigned: true}); err != nil {
		t.Fatal(err)
	}
	var n int64
	tm.d.DB.Raw(`SELECT COUNT(*) FROM notify_prefs`).Scan(&n)
	if n != 1 {
		t.Errorf("got %d switch records, want 1", n)
	}
	if _, err := tm.d.Notify.SetPrefs(ctx, tm.bob, notify.Prefs{"nonsense": true}); fault.Fields(err)["nonsense"] == "" {
		t.Errorf("unknown type: got %v", err)
	}
}

func TestRulesRunOnceOnReapply(t *testing.T) {
	tm := newTeam(t)
	ctx := context.Background()
	tk := tm.ticket(t, tm.ann, ticket.Draft{GroupID: tm.group, AssigneeID: tm.bob.ID})
	if _, err := tm.d.Tickets.AddComment(ctx, tm.ann, tk.ID, ticket.KindNote, "@bob @cy", 0); err != nil {
		t.Fatal(err)
	}
	before := tm.inbox(t)
	want(t, before, map[string][]string{"bob": {"assigned", "mention"}, "cy": {"mention"}})
	// the rules read the whole log again, as a desk replaying it would
	if err := tm.d.DB.Exec(`UPDATE notify_state SET value = 0 WHERE key = 'cursor'`).Error; err != nil {
		t.Fatal(err)
	}
	if _, err := notify.Catchup(tm.d.DB, tm.d.DeviceID, start); err != nil {
		t.Fatal(err)
	}
	want(t, tm.inbox(t), before)
}

func TestJoinedDeskNotifiesOnlyItsPerson(t *testing.T) {
	tm := newTeam(t)
	// a desk joined to a server is one person's: Bob's
	if err := replica.SetState(tm.d.DB, replica.KeyUserID, tm.bob.ID); err != nil {
		t.Fatal(err)
	}
	tm.ticket(t, tm.admin, ticket.Draft{GroupID: tm.group})
	want(t, tm.inbox(t), map[string][]string{"bob": {"group"}})
}

func TestCentrePagesFiltersAndMarksRead(t *testing.T) {
	tm := newTeam(t)
	ctx := context.Background()
	for i := 0; i < 7; i++ {
		tk := tm.ticket(t, tm.ann, ticket.Draft{GroupID: tm.group, AssigneeID: tm.bob.ID})
		if i%2 == 0 {
			if _, err := tm.d.Tickets.AddComment(ctx, tm.ann, tk.ID, ticket.KindNote, "@bob", 0); err != nil {
				t.Fatal(err)
			}
		}
	}
	var seen []string
	after := ""
	for pages := 0; ; pages++ {
		p, err := tm.d.Notify.Page(ctx, tm.bob, notify.PageQuery{Limit: 3, After: after})
		if err != nil {
			t.Fatal(err)
		}
		if p.Unread != 11 {
			t.Fatalf("unread: got %d, want 11", p.Unread)
		}
		for _, n := range p.Items {
			seen = append(seen, n.ID)
		}
		if p.Next == "" {
			if pages != 3 {
				t.Errorf("got %d pages, want 4", pages+1)
			}
			break
		}
		after = p.Next
	}
	if len(seen) != 11 {
		t.Fatalf("paged through %d, want 11", len(seen))
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] >= seen[i-1] {
			t.Fatalf("not newest first: %v", seen)
		}
	}
	p, err := tm.d.Notify.Page(ctx, tm.bob, notify.PageQuery{Kinds: []string{"mention"}, Limit: 50})
	if err != nil || len(p.Items) != 4 {
		t.Fatalf("mentions: %d %v", len(p.Items), err)
	}
	n, err := tm.d.Notify.MarkRead(ctx, tm.bob, nil, []string{"mention"})
	if err != nil || n != 4 {
		t.Fatalf("mark mentions read: %d %v", n, err)
	}
	if u, _ := tm.d.Notify.Unread(ctx, tm.bob); u != 7 {
		t.Errorf("unread after marking mentions: %d, want 7", u)
	}
	if n, _ := tm.d.Notify.MarkRead(ctx, tm.bob, nil, nil); n != 7 {
		t.Errorf("mark all read: %d, want 7", n)
	}
	if p, _ := tm.d.Notify.Page(ctx, tm.bob, notify.PageQuery{UnreadOnly: true}); len(p.Items) != 0 || p.Unread != 0 {
		t.Errorf("unread after mark all: %d %d", len(p.Items), p.Unread)
	}
	if _, err := tm.d.Notify.Page(ctx, tm.bob, notify.PageQuery{After: "garbage"}); fault.Fields(err)["after"] == "" {
		t.Errorf("bad cursor: %v", err)
	}
	if _, err := tm.d.Notify.Page(ctx, tm.bob, notify.PageQuery{Kinds: []string{"bogus"}}); fault.Fields(err)["kinds"] == "" {
		t.Errorf("bad kind: %v", err)
	}
}

// The kinds' rules (the desk's writer and the server's re-check call them): a follow and a
// person's switches are written by that person only.
func TestOwnRecordsOnly(t *testing.T) {
	tm := newTeam(t)
	ctx := context.Background()
	tk := tm.ticket(t, tm.ann, ticket.Draft{RequesterID: tm.ann.ID})
	r := replica.TxReader{Tx: tm.d.DB}
	doc := func(user string) kind.Doc {
		return kind.Doc{"id": json.RawMessage(`"x"`), "userId": json.RawMessage(`"` + user + `"`),
			"ticketId": json.RawMessage(`"` + tk.ID + `"`), "following": json.RawMessage("true")}
	}
	for _, tc := range []struct {
		name string
		err  error
		want error
	}{
		{"follow for oneself", notify.FollowRules.Create(r, tm.bob, doc(tm.bob.ID)), nil},
		{"follow for another", notify.FollowRules.Create(r, tm.bob, doc(tm.ann.ID)), fault.ErrForbidden},
		{"unfollow for another", notify.FollowRules.Set(r, tm.bob, doc(tm.ann.ID), "following", json.RawMessage("false")), fault.ErrForbidden},
		{"switches of another", notify.PrefsRules.Set(r, tm.bob, doc(tm.ann.ID), "mention", json.RawMessage("false")), fault.ErrForbidden},
		{"create switches for another", notify.PrefsRules.Create(r, tm.ann, doc(tm.bob.ID)), fault.ErrForbidden},
		{"requester follows what they cannot see", notify.FollowRules.Create(r, tm.rita, doc(tm.rita.ID)), fault.ErrNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if (tc.want == nil && tc.err != nil) || (tc.want != nil && !errors.Is(tc.err, tc.want)) {
				t.Errorf("got %v, want %v", tc.err, tc.want)
			}
		})
	}
	_ = ctx
}
