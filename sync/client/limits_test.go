package client_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"outpost/domain/fault"
	"outpost/domain/replica"
	"outpost/domain/ticket"
	"outpost/sync/protocol"
	"outpost/sync/server/store/pgtest"
	"outpost/sync/synctest"
)

// onBackends runs a test against a server on a temp SQLite file and on PostgreSQL.
func onBackends(t *testing.T, test func(t *testing.T, dsn func() string)) {
	t.Run("sqlite", func(t *testing.T) { test(t, func() string { return "" }) })
	t.Run("postgres", func(t *testing.T) { test(t, func() string { return pgtest.DB(t) }) })
}

// comments reads a ticket's comments on a desk, oldest first.
func comments(r *synctest.Replica, ticketID string) ([]ticket.Comment, error) {
	var out []ticket.Comment
	err := r.Desk.DB.Where("ticket_id = ?", ticketID).Order("created_at, id").Find(&out).Error
	return out, err
}

// A requester's many long replies on her own ticket add up to more than one response body
// may carry: pages are cut by bytes, so every desk, and a desk joining later, still pulls
// them all.
func TestLongRepliesReachEveryDesk(t *testing.T) {
	onBackends(t, func(t *testing.T, dsn func() string) {
		ctx := context.Background()
		clock := synctest.NewClock()
		s := synctest.StartServer(t, dsn(), clock.Now)
		ann := s.AddUser(t, "Ann Agent", "ann@example.test", "agent")
		s.AddUser(t, "Rita Requester", "rita@example.test", "requester")
		s.AddGroup(t, "g-desk", "Service Desk", ann.ID)
		rita := synctest.NewReplica(t, s, "rita@example.test", clock)
		tk, err := rita.Desk.Tickets.Create(ctx, rita.Actor, draft("Mail bounces"))
		if err != nil {
			t.Fatal(err)
		}
		const replies, size = 90, 97_000
		for i := 0; i < replies; i++ {
			body := strings.Repeat(string(rune('a'+i%26)), size)
			if _, err := rita.Desk.Tickets.AddComment(ctx, rita.Actor, tk.ID, ticket.KindReply, body, 0); err != nil {
				t.Fatal(err)
			}
			if i%30 == 29 {
				rita.Sync(t) // she syncs now and then: each push is well under a body
			}
		}
		// An agent's desk, or one joining now, pulls them all.
		agent := synctest.NewReplica(t, s, "ann@example.test", clock)
		rep, err := agent.Client.Sync(ctx)
		if err != nil {
			t.Fatalf("sync: %v", err)
		}
		if rep.Pulled != replies+1 {
			t.Errorf("pulled %d changes, want %d", rep.Pulled, replies+1)
		}
		got, err := comments(agent, tk.ID)
		if err != nil || len(got) != replies {
			t.Fatalf("got %d comments (%v), want %d", len(got), err, replies)
		}
	})
}

// A hundred tickets written offline with long descriptions make more than one request body:
// the push is cut into batches by bytes, and all of them upload.
func TestLongTicketsUpload(t *testing.T) {
	s, a, b := setup(t)
	ctx := context.Background()
	const n, size = 100, 90_000
	for i := 0; i < n; i++ {
		d := draft("Site survey " + string(rune('A'+i%26)))
		d.Description = strings.Repeat("x", size)
		if _, err := a.Desk.Tickets.Create(ctx, a.Actor, d); err != nil {
			t.Fatal(err)
		}
	}
	rep := a.Sync(t)
	if rep.Accepted != n || rep.Rejected != 0 {
		t.Fatalf("push: got %+v, want %d accepted", rep, n)
	}
	st, err := a.Client.Status(ctx)
	if err != nil || st.Pending != 0 {
		t.Fatalf("status after the push: got %+v, %v; want nothing pending", st, err)
	}
	if rep := b.Sync(t); rep.Pulled != n {
		t.Errorf("other desk pulled %d, want %d", rep.Pulled, n)
	}
	if got := len(s.Dump(t)[ticket.EntityTicket]); got != n {
		t.Errorf("server holds %d tickets, want %d", got, n)
	}
}

// A value that would escape past the protocol's per-value limit is refused at the desk, on
// the field that holds it, with nothing written; the longest values the desk accepts (its
// text limits filled with the characters that escape the most) fit and travel.
func TestDeskRefusesValuesThatCannotTravel(t *testing.T) {
	s, a, b := setup(t)
	ctx := context.Background()
	tk, err := a.Desk.Tickets.Create(ctx, a.Actor, draft("Escapes"))
	if err != nil {
		t.Fatal(err)
	}
	a.Sync(t)
	before, err := replica.PendingCount(ctx, a.Desk.DB, a.Desk.DeviceID)
	if err != nil {
		t.Fatal(err)
	}
	worst := map[string]string{
		"html":    strings.Repeat("<>&", 100_000/3),
		"control": strings.Repeat("\x01", 100_000),
		"invalid": strings.Repeat("\xff", 100_000),
	}
	for name, body := range worst {
		_, err := a.Desk.Tickets.AddComment(ctx, a.Actor, tk.ID, ticket.KindNote, body, 0)
		if fault.Code(err) != fault.CodeValidation || fault.Fields(err)["body"] == "" {
			t.Errorf("%s comment: got %v, want a validation error on body", name, err)
		}
		d := draft("Escapes " + name)
		d.Description = body
		_, err = a.Desk.Tickets.Create(ctx, a.Actor, d)
		if fault.Code(err) != fault.CodeValidation || fault.Fields(err)["description"] == "" {
			t.Errorf("%s description: got %v, want a validation error on description", name, err)
		}
		desc := "short " + name
		if _, err := a.Desk.Tickets.Update(ctx, a.Actor, tk.ID, ticket.Patch{Description: &body}); fault.Code(err) != fault.CodeValidation || fault.Fields(err)["description"] == "" {
			t.Errorf("%s description edit: got %v, want a validation error on description", name, err)
		}
		if _, err := a.Desk.Tickets.Update(ctx, a.Actor, tk.ID, ticket.Patch{Description: &desc}); err != nil {
			t.Fatal(err)
		}
	}
	cs, err := comments(a, tk.ID)
	if err != nil || len(cs) != 0 {
		t.Errorf("refused comments: got %d stored (%v), want none", len(cs), err)
	}
	after, _ := replica.PendingCount(ctx, a.Desk.DB, a.Desk.DeviceID)
	if after != before+3 {
		t.Errorf("pending changes: got %d, want %d (the three short edits only)", after, before+3)
	}
	// What fits in the encoded form travels, whatever it holds.
	fits := strings.Repeat("<>&", (protocol.MaxValue-1000)/18)
	if _, err := a.Desk.Tickets.AddComment(ctx, a.Actor, tk.ID, ticket.KindNote, fits, 0); err != nil {
		t.Fatalf("a comment that fits once encoded: %v", err)
	}
	if rep := a.Sync(t); rep.Rejected != 0 {
		t.Errorf("push of values that fit: got %+v, want none rejected", rep)
	}
	b.Sync(t)
	got, err := comments(b, tk.ID)
	if err != nil || len(got) != 1 || got[0].Body != fits {
		t.Errorf("the other desk: got %d comments (%v), want the escaped one intact", len(got), err)
	}
	_ = s
}

// An op the server refuses for good (here a value a desk accepted before its limit was
// measured in the encoded form) is recorded as rejected for its author, with the reason, and
// the ops after it still go.
func TestRefusedOpDoesNotBlockTheQueue(t *testing.T) {
	s, a, b := setup(t)
	ctx := context.Background()
	tk, err := a.Desk.Tickets.Create(ctx, a.Actor, draft("Logs"))
	if err != nil {
		t.Fatal(err)
	}
	a.Sync(t)
	big, err := a.Desk.Tickets.AddComment(ctx, a.Actor, tk.ID, ticket.KindNote, "placeholder", 0)
	if err != nil {
		t.Fatal(err)
	}
	// The note as an older desk logged it: ~600 KB once escaped.
	var value string
	if err := a.Desk.DB.Raw(`SELECT value FROM changes WHERE record_id = ?`, big.ID).Scan(&value).Error; err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(value), &doc); err != nil {
		t.Fatal(err)
	}
	doc["body"] = strings.Repeat("<>&", 100_000/3)
	huge, _ := json.Marshal(doc)
	if len(huge) <= protocol.MaxValue {
		t.Fatalf("the legacy value is %d bytes, want over %d", len(huge), protocol.MaxValue)
	}
	if err := a.Desk.DB.Exec(`UPDATE changes SET value = ? WHERE record_id = ?`, string(huge), big.ID).Error; err != nil {
		t.Fatal(err)
	}
	later, err := a.Desk.Tickets.AddComment(ctx, a.Actor, tk.ID, ticket.KindNote, "after the long one", 0)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := a.Client.Sync(ctx)
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	if rep.Rejected != 1 || rep.Accepted != 1 {
		t.Errorf("push: got %+v, want 1 rejected and 1 accepted", rep)
	}
	st, err := a.Client.Status(ctx)
	if err != nil || st.Pending != 0 || st.Rejected != 1 {
		t.Errorf("status: got %+v, %v; want nothing pending and 1 rejected", st, err)
	}
	rej, err := a.Client.Rejections(ctx)
	if err != nil || len(rej) != 1 {
		t.Fatalf("rejections: got %+v, %v", rej, err)
	}
	if rej[0].RecordID != big.ID || rej[0].Code != protocol.CodeTooLarge || !strings.Contains(rej[0].Reason, "bytes") || rej[0].AuthorID != a.Actor.ID {
		t.Errorf("rejection: got %+v, want the long note refused as too_large with its reason", rej[0])
	}
	b.Sync(t)
	got, err := comments(b, tk.ID)
	if err != nil || len(got) != 1 || got[0].ID != later.ID {
		t.Errorf("other desk: got %+v (%v), want only the later note", got, err)
	}
	if n := len(s.Dump(t)[ticket.EntityComment]); n != 1 {
		t.Errorf("server holds %d comments, want 1", n)
	}
}

// A push that fails does not keep the desk from pulling what others did.
func TestPullRunsWhenPushFails(t *testing.T) {
	d := proxied(t, 0, 0, 1, 0)
	ctx := context.Background()
	theirs, err := d.b.Desk.Tickets.Create(ctx, d.b.Actor, draft("Theirs"))
	if err != nil {
		t.Fatal(err)
	}
	d.b.Sync(t)
	if _, err := d.a.Desk.Tickets.Create(ctx, d.a.Actor, draft("Mine")); err != nil {
		t.Fatal(err)
	}
	d.pa.Plan(synctest.LostRequest, "POST /v1/push")
	rep, err := d.a.Client.Sync(ctx)
	if err == nil || !strings.Contains(err.Error(), "push") {
		t.Fatalf("sync with a lost push: got %v, want the push's error", err)
	}
	if rep.Pulled != 1 {
		t.Errorf("pulled %d changes, want 1", rep.Pulled)
	}
	if _, err := d.a.Desk.Tickets.Get(ctx, d.a.Actor, theirs.ID); err != nil {
		t.Errorf("the other desk's ticket did not arrive: %v", err)
	}
	st, _ := d.a.Client.Status(ctx)
	if st.Pending != 1 || st.LastSync != 0 {
		t.Errorf("status: got %+v, want 1 pending and no complete sync", st)
	}
	if rep := d.a.Sync(t); rep.Accepted != 1 {
		t.Errorf("next sync: got %+v, want the ticket accepted", rep)
	}
}

// The answer to a push fits in a body too: many refused edits whose corrections carry long
// server values are answered a part at a time, and every op is settled.
func TestLongCorrectionsAreAnsweredInParts(t *testing.T) {
	s, a, b := setup(t)
	ctx := context.Background()
	const n, size = 100, 99_000
	var ids []string
	for i := 0; i < n; i++ {
		d := draft("Closed under me")
		d.Description = strings.Repeat("y", size)
		tk, err := b.Desk.Tickets.Create(ctx, b.Actor, d)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tk.ID)
	}
	b.Sync(t)
	a.Sync(t)
	for i, id := range ids {
		if _, err := b.Desk.Tickets.Transition(ctx, b.Actor, id, ticket.Move{To: ticket.Canceled, Reason: "logged twice"}); err != nil {
			t.Fatal(err)
		}
		short := "short " + string(rune('a'+i%26))
		if _, err := a.Desk.Tickets.Update(ctx, a.Actor, id, ticket.Patch{Description: &short}); err != nil {
			t.Fatal(err)
		}
	}
	b.Sync(t)
	rep, err := a.Client.Sync(ctx)
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	if rep.Rejected != n {
		t.Errorf("push: got %+v, want %d rejected", rep, n)
	}
	for _, id := range ids[:3] {
		got, err := a.Desk.Tickets.Get(ctx, a.Actor, id)
		if err != nil || len(got.Description) != size {
			t.Errorf("ticket %s: description of %d bytes (%v), want the server's %d", id, len(got.Description), err, size)
		}
	}
	_ = s
}
