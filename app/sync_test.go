package app

import (
	"context"
	"errors"
	"net"
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"outpost/domain/fault"
	"outpost/domain/ticket"
	"outpost/sync/synctest"
)

// syncDesks starts a real server on loopback with two agents, and two app profiles.
func syncDesks(t *testing.T) (*synctest.Server, *App, *App) {
	t.Helper()
	s := synctest.StartServer(t, "", time.Now)
	ann := s.AddUser(t, "Ann Agent", "ann@example.test", "agent")
	bob := s.AddUser(t, "Bob Agent", "bob@example.test", "agent")
	s.AddGroup(t, "g-desk", "Service Desk", ann.ID, bob.ID)
	return s, openApp(t, false), openApp(t, false)
}

func connect(t *testing.T, a *App, url, email string) *SyncStatus {
	t.Helper()
	st, err := NewSync(a).Connect(url, email, synctest.Password)
	if err != nil {
		t.Fatalf("connect %s: %v", email, err)
	}
	return st
}

// sharedTicket connects Ann's and Bob's desks to one server and has Ann log d, which both
// desks then hold.
func sharedTicket(t *testing.T, d ticket.Draft) (*App, *App, *ticket.Ticket) {
	t.Helper()
	s, a, b := syncDesks(t)
	connect(t, a, s.URL, "ann@example.test")
	connect(t, b, s.URL, "bob@example.test")
	tk, err := NewTickets(a).Create(d)
	if err != nil {
		t.Fatal(err)
	}
	syncNow(t, a)
	syncNow(t, b)
	return a, b, tk
}

func syncNow(t *testing.T, a *App) *SyncReport {
	t.Helper()
	rep, err := NewSync(a).SyncNow()
	if err != nil {
		t.Fatalf("sync: %v", err)
	}
	return rep
}

// coded returns the code and fields the frontend would get for err.
func coded(err error) (string, map[string]string) {
	e, ok := FormatError(err).(Error)
	if !ok {
		return "", nil
	}
	return e.Code, e.Fields
}

// closedURL is a loopback address nothing listens on.
func closedURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return "http://" + addr
}

func TestConnectionErrorsAreCoded(t *testing.T) {
	s, a, _ := syncDesks(t)
	sy := NewSync(a)
	if info, err := sy.TestConnection(s.URL + "/"); err != nil || info.Status != "ok" {
		t.Fatalf("test connection: got %+v, %v; want ok", info, err)
	}
	tests := []struct {
		name  string
		call  func() error
		code  string
		field string
	}{
		{"test: not a URL", func() error { _, err := sy.TestConnection("outpost.example"); return err }, fault.CodeValidation, "serverUrl"},
		{"test: nothing listens", func() error { _, err := sy.TestConnection(closedURL(t)); return err }, CodeOffline, "serverUrl"},
		{"test: not outpost", func() error { _, err := sy.TestConnection(s.URL + "/elsewhere"); return err }, CodeNotOutpost, "serverUrl"},
		{"connect: empty form", func() error { _, err := sy.Connect("", "", ""); return err }, fault.CodeValidation, "password"},
		{"connect: wrong password", func() error { _, err := sy.Connect(s.URL, "ann@example.test", "nope"); return err }, CodeUnauthorized, "password"},
		{"connect: nothing listens", func() error {
			_, err := sy.Connect(closedURL(t), "ann@example.test", synctest.Password)
			return err
		}, CodeOffline, "serverUrl"},
		{"sync before connecting", func() error { _, err := sy.SyncNow(); return err }, CodeNotJoined, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, fields := coded(tt.call())
			if code != tt.code || (tt.field != "" && fields[tt.field] == "") {
				t.Fatalf("got %s %v, want %s with a message for %q", code, fields, tt.code, tt.field)
			}
			if st, _ := sy.Status(); st.Joined || st.State != "local" {
				t.Fatalf("status after a failed connect: got %+v, want local", st)
			}
		})
	}
}

// The end-to-end path without windows: two profiles on one server; an edit on one
// appears on the other; a concurrent edit lands in the inbox with both values and settles.
func TestTwoDesksSyncAndSettle(t *testing.T) {
	s, a, b := syncDesks(t)
	st := connect(t, a, s.URL, "ann@example.test")
	if !st.Joined || st.State != "synced" || st.UserName != "Ann Agent" || st.LastSync == 0 {
		t.Fatalf("status after connect: %+v", st)
	}
	connect(t, b, s.URL, "bob@example.test")
	// Each app now acts as its server user.
	for name, want := range map[*App]string{a: "Ann Agent", b: "Bob Agent"} {
		me, err := NewSession(name).Me()
		if err != nil || me.User.Name != want {
			t.Fatalf("me: got %+v, %v; want %s", me, err, want)
		}
	}
	if _, err := NewSession(a).SwitchUser(s.Users["bob@example.test"].ID, ""); !errors.Is(err, fault.ErrForbidden) {
		t.Fatalf("switching user while joined: got %v, want forbidden", err)
	}

	ta, tb := NewTickets(a), NewTickets(b)
	tk, err := ta.Create(ticket.Draft{Type: ticket.Incident, Title: "Printer jams", Impact: 2, Urgency: 2})
	if err != nil {
		t.Fatal(err)
	}
	if st, _ := NewSync(a).Status(); st.Pending == 0 {
		t.Fatalf("pending after a local create: got %+v, want > 0", st)
	}
	if rep := syncNow(t, a); rep.Accepted == 0 || rep.Rejected != 0 || rep.Status.Pending != 0 {
		t.Fatalf("push: got %+v", rep)
	}
	if rep := syncNow(t, b); rep.Pulled == 0 {
		t.Fatalf("pull: got %+v, want changes", rep)
	}
	got, err := tb.Get(tk.Number)
	if err != nil || got.Ticket.Title != "Printer jams" {
		t.Fatalf("the other desk: got %+v, %v", got, err)
	}

	mine, theirs := "Printer jams on tray 2", "Printer jams on A3"
	if _, err := ta.Update(tk.ID, ticket.Patch{Title: &mine}); err != nil {
		t.Fatal(err)
	}
	if _, err := tb.Update(tk.ID, ticket.Patch{Title: &theirs}); err != nil {
		t.Fatal(err)
	}
	syncNow(t, b)
	syncNow(t, a)
	cs, err := NewSync(a).Conflicts()
	if err != nil || len(cs) != 1 {
		t.Fatalf("inbox: got %+v, %v; want one conflict", cs, err)
	}
	c := cs[0]
	if c.Field != "title" || c.RecordNumber != tk.Number || !c.Editable || c.MineText != mine || c.TheirsText != theirs {
		t.Fatalf("conflict: got %+v", c)
	}
	if st, _ := NewSync(a).Status(); st.OpenConflicts != 1 {
		t.Fatalf("status: got %d open conflicts, want 1", st.OpenConflicts)
	}
	if err := NewSync(a).Settle(c.ID, "maybe", ""); fault.Code(err) != fault.CodeValidation {
		t.Fatalf("settle with a bad choice: got %v, want validation", err)
	}
	if err := NewSync(a).Settle(c.ID, SettleEdit, ""); fault.Fields(err)["value"] == "" {
		t.Fatalf("settle with an empty title: got %v, want a value error", err)
	}
	settled := "Printer jams on tray 2 (A3 paper)"
	if err := NewSync(a).Settle(c.ID, SettleEdit, settled); err != nil {
		t.Fatal(err)
	}
	if cs, _ := NewSync(a).Conflicts(); len(cs) != 0 {
		t.Fatalf("inbox after settling: got %+v, want empty", cs)
	}
	syncNow(t, a)
	syncNow(t, b)
	for name, tk2 := range map[string]*Tickets{"a": ta, "b": tb} {
		if d, _ := tk2.Get(tk.ID); d.Ticket.Title != settled {
			t.Errorf("%s: title %q, want the settled %q", name, d.Ticket.Title, settled)
		}
	}
}

func TestRejectionReachesItsAuthor(t *testing.T) {
	a, b, tk := sharedTicket(t, ticket.Draft{Type: ticket.Incident, Title: "Laptop broken", Impact: 2, Urgency: 2})
	if _, err := NewTickets(b).Transition(tk.ID, ticket.Move{To: ticket.Canceled, Reason: "dup"}); err != nil {
		t.Fatal(err)
	}
	syncNow(t, b)
	if _, err := NewTickets(a).Transition(tk.ID, ticket.Move{To: ticket.OnHold, HoldReason: "awaiting_vendor"}); err != nil {
		t.Fatal(err)
	}
	if rep := syncNow(t, a); rep.Rejected != 1 || rep.Status.Rejected != 1 {
		t.Fatalf("sync: got %+v, want one rejection", rep)
	}
	rej, err := NewSync(a).Rejections()
	if err != nil || len(rej) != 1 || rej[0].Code != fault.CodeInvalidTransition || rej[0].Reason == "" || rej[0].RecordNumber != tk.Number {
		t.Fatalf("rejections: got %+v, %v", rej, err)
	}
	if rej, _ := NewSync(b).Rejections(); len(rej) != 0 {
		t.Fatalf("the other author's rejections: got %+v, want none", rej)
	}
}

func TestOfflineSyncIsCoded(t *testing.T) {
	s, a, _ := syncDesks(t)
	connect(t, a, s.URL, "ann@example.test")
	s.HTTP.Close()
	_, err := NewSync(a).SyncNow()
	if code, _ := coded(err); code != CodeOffline {
		t.Fatalf("sync with the server gone: got %v (%s), want offline", err, code)
	}
	st, err := NewSync(a).Status()
	if err != nil || st.State != "offline" || st.LastError == nil || st.LastError.Code != CodeOffline {
		t.Fatalf("status: got %+v, %v; want offline", st, err)
	}
	// Still joined and still acting as the server user; local work goes on.
	if me, _ := NewSession(a).Me(); me.User.Name != "Ann Agent" {
		t.Fatalf("me while offline: got %s", me.User.Name)
	}
	if _, err := NewTickets(a).Create(ticket.Draft{Type: ticket.Incident, Title: "Offline work", Impact: 3, Urgency: 3}); err != nil {
		t.Fatal(err)
	}
	st, _ = NewSync(a).Status()
	if st.Pending == 0 {
		t.Fatalf("pending offline: got %+v", st)
	}
	// Disconnecting keeps the records, and the status goes back to local.
	if st, err := NewSync(a).Disconnect(); err != nil || st.Joined || st.State != "local" {
		t.Fatalf("disconnect: got %+v, %v", st, err)
	}
}

func TestReopenedProfileActsAsServerUser(t *testing.T) {
	s, a, _ := syncDesks(t)
	connect(t, a, s.URL, "ann@example.test")
	path := a.opts.ProfilePath
	a.Shutdown(context.Background())
	again := New(Options{ProfilePath: path, Started: time.Now()})
	if err := again.open(context.Background()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { again.Shutdown(context.Background()) })
	// The desk kept a verifier of Ann's server password when it joined: she signs in again.
	if _, err := NewSession(again).Me(); !errors.Is(err, fault.ErrSignedOut) {
		t.Fatalf("me after reopening, before signing in: got %v, want signed out", err)
	}
	me, err := NewSession(again).SignIn("ann@example.test", synctest.Password)
	if err != nil || me.User.Name != "Ann Agent" {
		t.Fatalf("me after reopening and signing in: got %+v, %v", me, err)
	}
	syncNow(t, again)
}

func TestStartSyncRegistersJob(t *testing.T) {
	a := openApp(t, false)
	c := cron.New()
	a.startSync(c)
	if n := len(c.Entries()); n != 1 {
		t.Fatalf("got %d cron entries, want 1", n)
	}
	// Not joined: the job does nothing and records no error.
	a.backgroundSync()
	if st, _ := NewSync(a).Status(); st.State != "local" || st.LastError != nil {
		t.Fatalf("status after a skipped background sync: %+v", st)
	}
}

// TestBlobQuotaIsCoded: a file the server refuses because the user's unattached uploads fill
// their quota fails the sync with its own code, not a generic server error, and the file
// stays pending on the desk.
func TestBlobQuotaIsCoded(t *testing.T) {
	s, a, _ := syncDesks(t)
	connect(t, a, s.URL, "ann@example.test")
	s.BlobQuota = 4
	ta := NewTickets(a)
	tk, err := ta.Create(ticket.Draft{Type: ticket.Incident, Title: "Scan attached", Impact: 2, Urgency: 2})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ta.Attach(tk.ID, "scan.txt", "c2NhbiBvZiB0aGUgZm9ybQ==", false); err != nil {
		t.Fatal(err)
	}
	_, err = NewSync(a).SyncNow()
	if code, _ := coded(err); code != CodeBlobQuota {
		t.Fatalf("sync with a file over the quota: got %v (%s), want %s", err, code, CodeBlobQuota)
	}
	if st, _ := NewSync(a).Status(); st.Pending == 0 {
		t.Errorf("status after the refusal: %+v, want the attachment still pending", st)
	}
}
