// Package synctest starts real sync servers and desktop profiles for tests: a server over a
// temp-file SQLite (or a given PostgreSQL URL) behind httptest, users and groups on it, and
// profiles signed in to it.
package synctest

import (
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"outpost/domain/desk"
	"outpost/domain/people"
	"outpost/domain/replica"
	dstore "outpost/domain/store"
	"outpost/sync/client"
	"outpost/sync/server"
	"outpost/sync/server/store"
)

// Password is every test user's password.
const Password = "correct horse battery"

// Clock is a settable test clock, safe for concurrent use.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock starts at a fixed instant.
func NewClock() *Clock { return &Clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)} }

// Now reads the clock.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Add moves the clock.
func (c *Clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

// Server is a running test server.
type Server struct {
	*server.Server
	URL   string
	HTTP  *httptest.Server
	Users map[string]*store.User // by email
	Group string                 // id of the "Service Desk" group, with every agent in it
}

// StartServer starts a server over dsn ("" for a temp SQLite file) with a few users.
func StartServer(t testing.TB, dsn string, now func() time.Time) *Server {
	t.Helper()
	if dsn == "" {
		dsn = filepath.Join(t.TempDir(), "server.db")
		copyTemplate(t, &serverTemplate, dsn, func(path string) error {
			st, err := store.Open(context.Background(), path)
			if err != nil {
				return err
			}
			return st.Close()
		})
	}
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	srv := server.New(st, now)
	srv.BcryptCost = bcrypt.MinCost
	h := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { h.Close(); _ = st.Close() })
	return &Server{Server: srv, URL: h.URL, HTTP: h, Users: map[string]*store.User{}}
}

// AddUser creates a user on the server.
func (s *Server) AddUser(t testing.TB, name, email, role string) *store.User {
	t.Helper()
	u, err := s.CreateUser(context.Background(), name, email, role, Password)
	if err != nil {
		t.Fatal(err)
	}
	s.Users[email] = u
	return u
}

// AddGroup creates a group with members.
func (s *Server) AddGroup(t testing.TB, id, name string, members ...string) {
	t.Helper()
	if err := s.Store.CreateGroup(context.Background(), store.Group{ID: id, Name: name}, members); err != nil {
		t.Fatal(err)
	}
}

// Replica is a desktop profile signed in to a server.
type Replica struct {
	Desk   *desk.Desk
	Client *client.Client
	Actor  people.Actor
	Clock  *Clock
}

// NewReplica opens a fresh profile and signs it in as email.
func NewReplica(t testing.TB, s *Server, email string, clock *Clock) *Replica {
	t.Helper()
	return NewReplicaAt(t, s.URL, email, clock)
}

// NewReplicaAt opens a fresh profile and signs it in to the server at url as email.
func NewReplicaAt(t testing.TB, url, email string, clock *Clock) *Replica {
	t.Helper()
	if clock == nil {
		clock = NewClock()
	}
	path := filepath.Join(t.TempDir(), "profile.db")
	copyTemplate(t, &profileTemplate, path, func(path string) error {
		db, err := dstore.Open(context.Background(), path)
		if err != nil {
			return err
		}
		return dstore.Close(db)
	})
	d, err := desk.Open(context.Background(), path, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	c := client.New(d)
	r := &Replica{Desk: d, Client: c, Clock: clock}
	r.Login(t, url, email)
	return r
}

// Login signs the replica in and loads its actor from the pulled directory.
func (r *Replica) Login(t testing.TB, url, email string) {
	t.Helper()
	ctx := context.Background()
	u, err := r.Client.Login(ctx, url, email, Password)
	if err != nil {
		t.Fatal(err)
	}
	if r.Actor, err = r.Desk.People.ActorFor(ctx, u.ID); err != nil {
		t.Fatal(err)
	}
}

// Sync runs one sync and fails the test on error.
func (r *Replica) Sync(t testing.TB) *client.Report {
	t.Helper()
	rep, err := r.Client.Sync(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// Dump is the replica's canonical dump.
func (r *Replica) Dump(t testing.TB) map[string]map[string]map[string]string {
	t.Helper()
	d, err := replica.Dump(r.Desk.DB)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// Dump is the server's canonical dump, in the same form as a replica's.
func (s *Server) Dump(t testing.TB) map[string]map[string]map[string]string {
	t.Helper()
	out := map[string]map[string]map[string]string{}
	for _, typ := range replica.Types() {
		recs, err := s.Store.Records(context.Background(), typ.Entity)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]map[string]string{}
		for _, r := range recs {
			m[r.ID] = replica.Canonical(typ, r.Doc)
		}
		for _, seed := range typ.Seeds { // held by every replica, stored once changed
			if id, _ := replica.JSONString(seed["id"]); m[id] == nil {
				m[id] = replica.Canonical(typ, seed)
			}
		}
		out[typ.Entity] = m
	}
	return out
}

// A migrated empty database is made once per test binary and copied for each test: running
// the migrations is most of what opening a fresh database costs.
type template struct {
	once sync.Once
	data []byte
	err  error
}

var serverTemplate, profileTemplate template

func copyTemplate(t testing.TB, tpl *template, path string, make func(string) error) {
	t.Helper()
	tpl.once.Do(func() {
		dir, err := os.MkdirTemp("", "outpost-template-")
		if err != nil {
			tpl.err = err
			return
		}
		defer os.RemoveAll(dir)
		p := filepath.Join(dir, "t.db")
		if tpl.err = make(p); tpl.err == nil {
			tpl.data, tpl.err = os.ReadFile(p)
		}
	})
	if tpl.err != nil {
		t.Fatal(tpl.err)
	}
	if err := os.WriteFile(path, tpl.data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// UseRAMDisk points temp files at /dev/shm when it exists, so the many fsyncs of real SQLite
// files in sync tests cost little. Call it from TestMain; call the returned func at the end.
func UseRAMDisk() (cleanup func()) {
	if st, err := os.Stat("/dev/shm"); err == nil && st.IsDir() {
		if dir, err := os.MkdirTemp("/dev/shm", "outpost-test-"); err == nil {
			_ = os.Chmod(dir, 0o711) // the postgres user of pgtest must reach its cluster in it
			_ = os.Setenv("TMPDIR", dir)
			return func() { _ = os.RemoveAll(dir) }
		}
	}
	return func() {}
}
