package client_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"golang.org/x/crypto/bcrypt"

	"outpost/domain/replica"
	"outpost/domain/ticket"
	"outpost/sync/server"
	"outpost/sync/server/store"
	"outpost/sync/synctest"
)

// restartable is a server over a SQLite file whose database can be swapped under a fixed URL,
// as an admin stops the server, restores the file and starts it again.
type restartable struct {
	*synctest.Server
	path    string
	clock   *synctest.Clock
	handler atomic.Pointer[http.Handler]
}

func startRestartable(t *testing.T) *restartable {
	t.Helper()
	r := &restartable{path: filepath.Join(t.TempDir(), "server.db"), clock: synctest.NewClock()}
	h := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		(*r.handler.Load()).ServeHTTP(w, req)
	}))
	t.Cleanup(h.Close)
	r.Server = &synctest.Server{URL: h.URL, HTTP: h, Users: map[string]*store.User{}}
	r.open(t)
	t.Cleanup(func() { _ = r.Store.Close() })
	return r
}

func (r *restartable) open(t *testing.T) {
	t.Helper()
	st, err := store.Open(context.Background(), r.path)
	if err != nil {
		t.Fatal(err)
	}
	srv := server.New(st, r.clock.Now)
	srv.BcryptCost = bcrypt.MinCost
	r.Server.Server = srv
	h := srv.Handler()
	r.handler.Store(&h)
}

// restore stops the database, puts the backup back (with the restore command's function, or
// by copying the file as an admin might) and serves it again.
func (r *restartable) restore(t *testing.T, backup string, command bool) {
	t.Helper()
	if err := r.Store.Close(); err != nil {
		t.Fatal(err)
	}
	if command {
		if _, err := store.Restore(context.Background(), backup, r.path); err != nil {
			t.Fatal(err)
		}
	} else {
		data, err := os.ReadFile(backup)
		if err != nil {
			t.Fatal(err)
		}
		for _, suffix := range []string{"-wal", "-shm"} {
			_ = os.Remove(r.path + suffix)
		}
		if err := os.WriteFile(r.path, data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r.open(t)
}

// TestServerRestoredFromBackup: two desks sync, the server is backed up, both work and sync
// more (each pulling the other's new work), then the server is restored from the backup. The
// desks re-send what it lost under the same op ids and re-pull what they miss: at the fixpoint
// every desk equals the server, which holds every ticket, with no number repeated, no change
// twice and no rejection shown. With the restore command a desk that only reads notices too
// (a new epoch); a file copied back is noticed by the desks that push.
func TestServerRestoredFromBackup(t *testing.T) {
	for _, command := range []bool{true, false} {
		name := map[bool]string{true: "restore command", false: "file copied back"}[command]
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s := startRestartable(t)
			ann := s.AddUser(t, "Ann Agent", "ann@example.test", "agent")
			bob := s.AddUser(t, "Bob Agent", "bob@example.test", "agent")
			s.AddUser(t, "Mia Manager", "mia@example.test", "manager")
			s.AddGroup(t, "g-desk", "Service Desk", ann.ID, bob.ID)
			a := synctest.NewReplicaAt(t, s.URL, "ann@example.test", synctest.NewClock())
			b := synctest.NewReplicaAt(t, s.URL, "bob@example.test", synctest.NewClock())
			reader := synctest.NewReplicaAt(t, s.URL, "mia@example.test", synctest.NewClock())
			desks := []*synctest.Replica{a, b}
			if command {
				desks = append(desks, reader)
			}
			for _, r := range desks {
				r.Client.LeaseSize, r.Client.LeaseLow = 5, 2
			}
			syncAll := func() {
				for round := 0; round < 2; round++ {
					for _, r := range desks {
						r.Sync(t)
					}
				}
			}
			syncAll()
			before := append(work(t, a, 2), work(t, b, 2)...)
			syncAll()

			backup := filepath.Join(t.TempDir(), "backup.db")
			if err := s.Store.Backup(ctx, backup); err != nil {
				t.Fatal(err)
			}

			after := append(work(t, a, 4), work(t, b, 3)...)
			title := "edited after the backup"
			if _, err := a.Desk.Tickets.Update(ctx, a.Actor, before[2], ticket.Patch{Title: &title}); err != nil {
				t.Fatal(err)
			}
			if _, err := b.Desk.Tickets.Transition(ctx, b.Actor, before[0], ticket.Move{To: ticket.InProgress}); err != nil {
				t.Fatal(err)
			}
			syncAll()
			var lost int64
			s.Store.DB.Raw(`SELECT COUNT(*) FROM changes`).Scan(&lost)

			s.restore(t, backup, command)
			var kept int64
			s.Store.DB.Raw(`SELECT COUNT(*) FROM changes`).Scan(&kept)
			if kept >= lost {
				t.Fatalf("the restored server holds %d changes, as many as before (%d)", kept, lost)
			}
			// Work goes on while the server is down and after it is back.
			after = append(after, work(t, b, 1)...)
			after = append(after, work(t, a, 1)...)
			syncAll()
			after = append(after, work(t, b, 1)...)

			settled(t, s.Server, desks...)
			got := s.Dump(t)["ticket"]
			for _, id := range append(before, after...) {
				if _, ok := got[id]; !ok {
					t.Errorf("ticket %s is missing on the server", id)
				}
			}
			if rec := got[before[2]]; rec["title"] != fmt.Sprintf("%q", title) && rec["title"] != title {
				t.Errorf("an edit lost in the restore is not back: title %s", rec["title"])
			}
			if rec := got[before[0]]; rec["state"] != fmt.Sprintf("%q", ticket.InProgress) && rec["state"] != string(ticket.InProgress) {
				t.Errorf("a move lost in the restore is not back: state %s", rec["state"])
			}
			for i, r := range desks {
				rej, err := replica.Rejections(ctx, r.Desk.DB)
				if err != nil || len(rej) != 0 {
					t.Errorf("desk %d shows rejections %+v (%v)", i, rej, err)
				}
			}
		})
	}
}

// TestRestoreReplaysRejections: after the backup, bob cancels a ticket and ann's stale move
// of it is refused (shown to her). Once the server is restored both are sent again, and the
// restored server judges them in the order the desks come back: the first wins and the other
// is refused, shown once to its author (bob's cancel, accepted before the restore, is the one
// case where an accepted op comes back refused: the order that made it valid was lost). Every
// desk ends equal to the server.
func TestRestoreReplaysRejections(t *testing.T) {
	for _, annFirst := range []bool{true, false} {
		t.Run(fmt.Sprintf("ann first %v", annFirst), func(t *testing.T) {
			ctx := context.Background()
			s := startRestartable(t)
			ann := s.AddUser(t, "Ann Agent", "ann@example.test", "agent")
			bob := s.AddUser(t, "Bob Agent", "bob@example.test", "agent")
			s.AddGroup(t, "g-desk", "Service Desk", ann.ID, bob.ID)
			a := synctest.NewReplicaAt(t, s.URL, "ann@example.test", synctest.NewClock())
			b := synctest.NewReplicaAt(t, s.URL, "bob@example.test", synctest.NewClock())
			ids := work(t, a, 1)
			a.Sync(t)
			b.Sync(t)
			backup := filepath.Join(t.TempDir(), "backup.db")
			if err := s.Store.Backup(ctx, backup); err != nil {
				t.Fatal(err)
			}
			if _, err := b.Desk.Tickets.Transition(ctx, b.Actor, ids[0], ticket.Move{To: ticket.Canceled, Reason: "dup"}); err != nil {
				t.Fatal(err)
			}
			b.Sync(t)
			if _, err := a.Desk.Tickets.Transition(ctx, a.Actor, ids[0], ticket.Move{To: ticket.OnHold, HoldReason: "awaiting_vendor"}); err != nil {
				t.Fatal(err)
			}
			if rep := a.Sync(t); rep.Rejected != 1 {
				t.Fatalf("before the restore: %+v, want ann's move refused", rep)
			}
			s.restore(t, backup, true)
			// bob's cancel back first: ann's move is refused again; ann first: her move lands
			// and bob's cancel of a ticket that was new is refused.
			order, refused, state := []*synctest.Replica{b, a}, a, ticket.Canceled
			if annFirst {
				order, refused, state = []*synctest.Replica{a, b}, b, ticket.OnHold
			}
			settledWith(t, s.Server, 1, order...)
			for _, r := range order {
				rej, err := replica.Rejections(ctx, r.Desk.DB)
				if want := map[bool]int{true: 1}[r == refused]; err != nil || len(rej) != want {
					t.Errorf("%s's rejections: %+v, %v; want %d", r.Actor.ID, rej, err, want)
				}
				got, err := r.Desk.Tickets.Get(ctx, r.Actor, ids[0])
				if err != nil || got.State != state {
					t.Errorf("ticket state %s (%v), want %s", got.State, err, state)
				}
			}
		})
	}
}

// TestRestoreThroughFaultyProxy: the recovery itself survives lost and truncated answers and
// duplicated requests: syncs may fail half-way, and the next ones finish it.
func TestRestoreThroughFaultyProxy(t *testing.T) {
	for seed := int64(1); seed <= 3; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			ctx := context.Background()
			s := startRestartable(t)
			ann := s.AddUser(t, "Ann Agent", "ann@example.test", "agent")
			bob := s.AddUser(t, "Bob Agent", "bob@example.test", "agent")
			s.AddGroup(t, "g-desk", "Service Desk", ann.ID, bob.ID)
			var desks []*synctest.Replica
			var proxies []*synctest.Proxy
			for i, email := range []string{"ann@example.test", "bob@example.test"} {
				p := synctest.NewProxy(t, s.URL, seed*10+int64(i), 30, synctest.LostRequest, synctest.LostResponse, synctest.Truncated, synctest.Duplicate)
				p.Set(false)
				r := synctest.NewReplicaAt(t, p.URL, email, synctest.NewClock())
				r.Client.LeaseSize, r.Client.LeaseLow, r.Client.BatchSize, r.Client.PageSize = 4, 2, 3, 3
				desks, proxies = append(desks, r), append(proxies, p)
			}
			try := func() {
				for _, r := range desks {
					_, _ = r.Client.Sync(ctx)
				}
			}
			work(t, desks[0], 2)
			work(t, desks[1], 2)
			settled(t, s.Server, desks...)
			backup := filepath.Join(t.TempDir(), "backup.db")
			if err := s.Store.Backup(ctx, backup); err != nil {
				t.Fatal(err)
			}
			for _, p := range proxies {
				p.Set(true)
			}
			for i := 0; i < 3; i++ {
				work(t, desks[0], 1)
				work(t, desks[1], 1)
				try()
			}
			for _, p := range proxies {
				p.Set(false)
			}
			settled(t, s.Server, desks...)
			s.restore(t, backup, seed%2 == 1)
			for _, p := range proxies {
				p.Set(true)
			}
			for i := 0; i < 4; i++ {
				try()
				work(t, desks[i%2], 1)
			}
			for _, p := range proxies {
				p.Set(false)
				t.Logf("faults: %v", p.Counts())
			}
			settled(t, s.Server, desks...)
			if n := len(s.Dump(t)["ticket"]); n != 14 {
				t.Errorf("server holds %d tickets, want 14", n)
			}
		})
	}
}

// TestRestoreForgetsDevice: a desk that first signed in after the backup is unknown to the
// restored server. Its sync is refused until its user signs in again; then it sends all its
// ops again from op 1 and ends equal to the server with the other desk.
func TestRestoreForgetsDevice(t *testing.T) {
	ctx := context.Background()
	s := startRestartable(t)
	ann := s.AddUser(t, "Ann Agent", "ann@example.test", "agent")
	bob := s.AddUser(t, "Bob Agent", "bob@example.test", "agent")
	s.AddGroup(t, "g-desk", "Service Desk", ann.ID, bob.ID)
	a := synctest.NewReplicaAt(t, s.URL, "ann@example.test", synctest.NewClock())
	work(t, a, 2)
	a.Sync(t)
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := s.Store.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	b := synctest.NewReplicaAt(t, s.URL, "bob@example.test", synctest.NewClock())
	work(t, b, 2)
	b.Sync(t)
	a.Sync(t)
	s.restore(t, backup, true)
	if _, err := b.Client.Sync(ctx); err == nil || !strings.Contains(err.Error(), "unauthorized") {
		t.Fatalf("sync of a device the restored server never saw: %v, want unauthorized", err)
	}
	b.Login(t, s.URL, "bob@example.test")
	settled(t, s.Server, a, b)
	if n := len(s.Dump(t)["ticket"]); n != 4 {
		t.Errorf("server holds %d tickets, want 4", n)
	}
}
