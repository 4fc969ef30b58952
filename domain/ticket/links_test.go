package ticket_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"outpost/domain/fault"
	"outpost/domain/ticket"
)

func TestMajorIncident(t *testing.T) {
	e := newEnv(t)
	parent := e.inState(ticket.InProgress)
	_, err := e.svc.SetMajor(e.ctx, e.agent, parent.ID, true, "  ")
	wantFields(t, err, "majorReason")
	if parent, err = e.svc.SetMajor(e.ctx, e.agent, parent.ID, true, "Head office offline"); err != nil || !parent.Major {
		t.Fatalf("set major: %v %+v", err, parent)
	}
	req := e.create("a request", func(d *ticket.Draft) { d.Type = ticket.Request })
	_, err = e.svc.SetMajor(e.ctx, e.agent, req.ID, true, "why")
	wantFields(t, err, "major")
	_, err = e.svc.SetMajor(e.ctx, e.agent, e.inState(ticket.Closed).ID, true, "too late")
	wantCode(t, err, fault.CodeInvalidTransition)

	open1, open2, held := e.create("child 1"), e.inState(ticket.InProgress), e.inState(ticket.OnHold)
	done := e.inState(ticket.Canceled)
	for _, c := range []*ticket.Ticket{open1, open2, held, done} {
		if _, err := e.svc.SetParent(e.ctx, e.agent, c.ID, parent.ID); err != nil {
			t.Fatalf("link %s: %v", c.Number, err)
		}
	}
	plain := e.create("not major")
	tests := []struct {
		name          string
		child, parent string
	}{
		{"own parent", parent.ID, parent.ID},
		{"request as child", req.ID, parent.ID},
		{"parent not major", e.create("x").ID, plain.ID},
		{"parent is a child", e.create("y").ID, open1.ID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.svc.SetParent(e.ctx, e.agent, tt.child, tt.parent)
			wantFields(t, err, "parentId")
		})
	}
	kids, err := e.svc.OpenChildren(e.ctx, parent.ID)
	if err != nil || len(kids) != 3 {
		t.Fatalf("got %d open children (%v), want 3", len(kids), err)
	}
	links, _ := e.svc.Links(e.ctx, e.agent, parent.ID)
	if n := countKind(links, "child"); n != 4 {
		t.Errorf("parent lists %d children, want 4", n)
	}
	if links, _ := e.svc.Links(e.ctx, e.agent, open1.ID); countKind(links, "parent") != 1 {
		t.Errorf("child does not list its parent: %v", links)
	}

	m := validMove(ticket.Resolved)
	m.IncludeChildren = true
	if _, err := e.svc.Transition(e.ctx, e.agent, parent.ID, m); err != nil {
		t.Fatal(err)
	}
	for _, c := range []*ticket.Ticket{open1, open2, held} {
		got := e.get(c.ID)
		if got.State != ticket.Resolved || got.ResolutionCode != m.ResolutionCode || !strings.Contains(got.ResolutionNotes, parent.Number) {
			t.Errorf("child %s: %s %q %q, want resolved with the parent", c.Number, got.State, got.ResolutionCode, got.ResolutionNotes)
		}
	}
	if got := e.get(done.ID); got.State != ticket.Canceled {
		t.Errorf("canceled child became %s", got.State)
	}

	t.Run("without children", func(t *testing.T) {
		p := e.inState(ticket.InProgress)
		if _, err := e.svc.SetMajor(e.ctx, e.agent, p.ID, true, "outage"); err != nil {
			t.Fatal(err)
		}
		c := e.create("kid")
		if _, err := e.svc.SetParent(e.ctx, e.agent, c.ID, p.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Transition(e.ctx, e.agent, p.ID, validMove(ticket.Resolved)); err != nil {
			t.Fatal(err)
		}
		if got := e.get(c.ID); got.State != ticket.New {
			t.Errorf("child is %s, want it left new", got.State)
		}
		// Detach.
		if got, err := e.svc.SetParent(e.ctx, e.agent, c.ID, ""); err != nil || got.ParentID != nil {
			t.Errorf("detach: %v %v", err, got)
		}
	})
}

func countKind(links []ticket.LinkedTicket, kind string) int {
	n := 0
	for _, l := range links {
		if l.Kind == kind {
			n++
		}
	}
	return n
}

func TestDuplicateAndRelate(t *testing.T) {
	e := newEnv(t)
	orig, dup := e.create("Email down"), e.create("Cannot send email")
	got, err := e.svc.MarkDuplicate(e.ctx, e.agent, dup.ID, orig.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State != ticket.Resolved || got.ResolutionCode != "duplicate" || deref(got.DuplicateOf) != orig.ID {
		t.Errorf("duplicate: %s %q dup of %q", got.State, got.ResolutionCode, deref(got.DuplicateOf))
	}
	events, _ := e.svc.Timeline(e.ctx, e.agent, orig.ID)
	note := false
	for _, ev := range events {
		note = note || ev.Kind == ticket.KindNote && strings.Contains(ev.Comment.Body, dup.Number)
	}
	if !note {
		t.Errorf("the original has no note about %s", dup.Number)
	}
	if links, _ := e.svc.Links(e.ctx, e.agent, orig.ID); countKind(links, "duplicate") != 1 {
		t.Errorf("original links: %v", links)
	}
	third := e.create("Outlook offline")
	_, err = e.svc.MarkDuplicate(e.ctx, e.agent, third.ID, dup.ID)
	wantFields(t, err, "duplicateOf")
	_, err = e.svc.MarkDuplicate(e.ctx, e.agent, third.ID, third.ID)
	wantFields(t, err, "duplicateOf")

	a, b := e.create("a"), e.create("b")
	for i := 0; i < 2; i++ { // relating twice changes nothing the second time
		if err := e.svc.Relate(e.ctx, e.agent, a.ID, b.ID); err != nil {
			t.Fatal(err)
		}
	}
	if n := e.count(`SELECT COUNT(*) FROM ticket_links WHERE from_id = ? AND kind = 'related'`, a.ID); n != 1 {
		t.Errorf("got %d links, want 1", n)
	}
	if n := e.count(`SELECT COUNT(*) FROM audit_entries WHERE ticket_id = ? AND field = 'link'`, a.ID); n != 1 {
		t.Errorf("got %d link audit entries, want 1", n)
	}
	for _, id := range []string{a.ID, b.ID} {
		if links, _ := e.svc.Links(e.ctx, e.agent, id); countKind(links, "related") != 1 {
			t.Errorf("links of %s: %v", id, links)
		}
	}
	wantFields(t, e.svc.Relate(e.ctx, e.agent, a.ID, a.ID), "toId")
	wantCode(t, e.svc.Relate(e.ctx, e.agent, a.ID, "missing"), fault.CodeNotFound)
}

func TestAttachments(t *testing.T) {
	e := newEnv(t)
	e.svc.MaxAttachment = 1024
	one, two := e.create("one"), e.create("two", func(d *ticket.Draft) { d.RequesterID = e.other.ID })
	png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0}, 100)...)
	a1, err := e.svc.Attach(e.ctx, e.agent, one.ID, "../../etc/screen.png", png)
	if err != nil {
		t.Fatal(err)
	}
	if a1.Name != "screen.png" || a1.Size != int64(len(png)) || a1.Mime != "image/png" || len(a1.SHA256) != 64 {
		t.Errorf("got %+v", a1)
	}
	a2, err := e.svc.Attach(e.ctx, e.agent, two.ID, "copy.png", png)
	if err != nil {
		t.Fatal(err)
	}
	if a2.SHA256 != a1.SHA256 {
		t.Errorf("same content, different hashes")
	}
	if n := e.count(`SELECT COUNT(*) FROM blobs`); n != 1 {
		t.Errorf("got %d blobs for one content, want 1", n)
	}
	_, data, err := e.svc.Blob(e.ctx, e.req, a1.ID)
	if err != nil || !bytes.Equal(data, png) {
		t.Errorf("requester reads own attachment: %v", err)
	}
	_, _, err = e.svc.Blob(e.ctx, e.req, a2.ID)
	wantCode(t, err, fault.CodeNotFound)

	tests := []struct {
		name, file string
		data       []byte
		code       string
		field      string
	}{
		{"too large", "big.bin", bytes.Repeat([]byte("x"), 1025), fault.CodeTooLarge, ""},
		{"at the limit", "limit.bin", bytes.Repeat([]byte("y"), 1024), "", ""},
		{"empty", "empty.txt", nil, "", "file"},
		{"no name", "  ", []byte("x"), "", "name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.svc.Attach(e.ctx, e.agent, one.ID, tt.file, tt.data)
			if tt.field != "" {
				wantFields(t, err, tt.field)
				return
			}
			wantCode(t, err, tt.code)
		})
	}
	_, err = e.svc.Attach(e.ctx, e.agent, e.inState(ticket.Closed).ID, "late.txt", []byte("x"))
	wantCode(t, err, fault.CodeInvalidTransition)

	t.Run("corrupt blob", func(t *testing.T) {
		e.exec(`UPDATE blobs SET data = ? WHERE sha256 = ?`, []byte("tampered"), a1.SHA256)
		if _, _, err := e.svc.Blob(e.ctx, e.agent, a1.ID); err == nil {
			t.Error("a blob that does not match its hash was returned")
		}
	})
}

func TestAutoClose(t *testing.T) {
	e := newEnv(t)
	system, err := e.d.System(e.ctx)
	if err != nil {
		t.Fatal(err)
	}
	old := e.inState(ticket.Resolved)
	e.clock.Advance(3 * 24 * time.Hour)
	recent := e.inState(ticket.Resolved)
	open := e.inState(ticket.InProgress)
	days := e.d.AutoCloseDays(e.ctx)
	if days != 7 {
		t.Fatalf("default auto-close days: got %d, want 7", days)
	}
	steps := []struct {
		after  time.Duration // since the clock's current time
		closed int
	}{
		{0, 0},
		{4*24*time.Hour - time.Minute, 0}, // old resolved 7 days minus a minute ago
		{time.Minute, 1},                  // exactly 7 days
		{24 * time.Hour, 0},               // nothing new
		{2 * 24 * time.Hour, 1},           // recent reaches 7 days
	}
	for i, s := range steps {
		e.clock.Advance(s.after)
		n, err := e.svc.AutoClose(e.ctx, system, days, e.clock.Now())
		if err != nil || n != s.closed {
			t.Fatalf("step %d: closed %d (%v), want %d", i, n, err, s.closed)
		}
	}
	for _, tk := range []*ticket.Ticket{old, recent} {
		got := e.get(tk.ID)
		if got.State != ticket.Closed || got.ClosedAt == nil {
			t.Errorf("%s is %s, want closed", tk.Number, got.State)
		}
		if n := e.count(`SELECT COUNT(*) FROM audit_entries WHERE ticket_id = ? AND new_value = 'closed' AND actor_id = ?`, tk.ID, system.ID); n != 1 {
			t.Errorf("%s: no audit entry by the system user", tk.Number)
		}
	}
	if got := e.get(open.ID); got.State != ticket.InProgress {
		t.Errorf("open ticket became %s", got.State)
	}
	if n, _ := e.svc.AutoClose(e.ctx, system, 0, e.clock.Now().Add(365*24*time.Hour)); n != 0 {
		t.Errorf("0 days closed %d, want auto-close off", n)
	}
}
