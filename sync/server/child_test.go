package server_test

import (
	"context"
	"fmt"
	"math/rand"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"outpost/domain/ticket"
	"outpost/sync/server"
	"outpost/sync/server/store"
	"outpost/sync/synctest"
)

const childEnv = "OUTPOST_TEST_SERVER_CHILD"

// runChild is the test binary re-executed as a server process: it serves the database named
// in the environment on a loopback port and writes the address to a file.
func runChild() int {
	db, addrFile, _ := strings.Cut(os.Getenv(childEnv), "|")
	st, err := store.Open(context.Background(), db)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	if err := os.WriteFile(addrFile+".tmp", []byte(l.Addr().String()), 0o600); err != nil {
		return 1
	}
	_ = os.Rename(addrFile+".tmp", addrFile)
	_ = http.Serve(l, server.New(st, time.Now).Handler())
	return 0
}

type child struct {
	cmd *exec.Cmd
	url string
}

func startChild(t *testing.T, db string) *child {
	t.Helper()
	addrFile := filepath.Join(t.TempDir(), "addr")
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+db+"|"+addrFile)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Up to a minute: a loaded machine starts a test binary slowly (a wait, not an assertion).
	for i := 0; i < 6000; i++ {
		if b, err := os.ReadFile(addrFile); err == nil {
			return &child{cmd: cmd, url: "http://" + string(b)}
		}
		time.Sleep(10 * time.Millisecond)
	}
	_ = cmd.Process.Kill()
	t.Fatal("server child did not start")
	return nil
}

func (c *child) kill() {
	_ = c.cmd.Process.Signal(syscall.SIGKILL)
	_ = c.cmd.Wait()
}

// TestKillDuringPush kills the server process with SIGKILL while it takes big pushes: no
// batch may be half-applied, and the device's op ids stay consistent with the stored results;
// the client then finishes the sync against a restarted server and matches it.
func TestKillDuringPush(t *testing.T) {
	if testing.Short() {
		t.Skip("re-executes the server")
	}
	ctx := context.Background()
	db := filepath.Join(t.TempDir(), "server.db")
	st, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	admin := server.New(st, time.Now)
	admin.BcryptCost = 4
	if _, err := admin.CreateUser(ctx, "Ann", "ann@x.test", "agent", synctest.Password); err != nil {
		t.Fatal(err)
	}
	_ = st.Close()

	c := startChild(t, db)
	t.Cleanup(func() { c.kill() })
	r := &synctest.Replica{Clock: synctest.NewClock()}
	rs := synctest.NewReplicaAt(t, c.url, "ann@x.test", r.Clock)
	rs.Client.BatchSize = 400
	for i := 0; i < 1200; i++ {
		if _, err := rs.Desk.Tickets.Create(ctx, rs.Actor, ticket.Draft{Type: ticket.Incident, Title: fmt.Sprint("t", i), Impact: 2, Urgency: 2}); err != nil {
			t.Fatal(err)
		}
	}
	rng := rand.New(rand.NewSource(1))
	watch, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer watch.Close()
	count := func() (n int64) {
		watch.DB.Raw(`SELECT COUNT(*) FROM op_results`).Scan(&n)
		return n
	}
	for round := 0; round < 2; round++ {
		before := count()
		done := make(chan error, 1)
		go func() { _, err := rs.Client.Sync(ctx); done <- err }()
		// Let one batch commit, then kill while the next one is being applied.
		for i := 0; i < 5000 && count() == before; i++ {
			time.Sleep(2 * time.Millisecond)
		}
		time.Sleep(time.Duration(rng.Intn(40)) * time.Millisecond)
		c.kill()
		<-done
		checkDevice(t, db, rs.Desk.DeviceID, 400)
		c = startChild(t, db)
		if err := setServer(rs, c.url); err != nil {
			t.Fatal(err)
		}
	}
	rs.Sync(t)
	rs.Sync(t)
	checkDevice(t, db, rs.Desk.DeviceID, 400)
	st, err = store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	view := &synctest.Server{Server: server.New(st, time.Now)}
	if got, want := rs.Dump(t), view.Dump(t); !reflect.DeepEqual(got, want) || len(want["ticket"]) != 1200 {
		t.Errorf("after the kills the replica differs from the server (server has %d tickets)", len(want["ticket"]))
	}
}

// checkDevice: the device's last op id equals the number of stored results, results come in
// whole batches, and every accepted result has exactly one change.
func checkDevice(t *testing.T, db, device string, batch int64) {
	t.Helper()
	st, err := store.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var last, results, accepted, changes int64
	st.DB.Raw(`SELECT COALESCE(MAX(last_op_id), 0) FROM devices WHERE id = ?`, device).Scan(&last)
	st.DB.Raw(`SELECT COUNT(*) FROM op_results WHERE device_id = ?`, device).Scan(&results)
	st.DB.Raw(`SELECT COUNT(*) FROM op_results WHERE device_id = ? AND status = 'accepted'`, device).Scan(&accepted)
	st.DB.Raw(`SELECT COUNT(*) FROM changes WHERE device_id = ?`, device).Scan(&changes)
	t.Logf("device has %d results, last op id %d", results, last)
	if last != results || accepted != changes || results%batch != 0 {
		t.Errorf("after kill: last op id %d, %d results (%d accepted), %d changes; want last = results, whole batches of %d, one change per accepted op",
			last, results, accepted, changes, batch)
	}
}

func setServer(r *synctest.Replica, url string) error {
	return r.Desk.DB.Exec(`UPDATE sync_state SET value = ? WHERE key = 'server_url'`, url).Error
}
