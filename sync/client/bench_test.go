package client_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	dstore "outpost/domain/store"
	"outpost/domain/store/floortest"
	"outpost/domain/ticket"
	"outpost/sync/protocol"
	sstore "outpost/sync/server/store"
	"outpost/sync/server/store/pgtest"
	"outpost/sync/synctest"
)

// Benchmarks of the sync path, on loopback only. They print `bench: <name> <value> <unit>`
// and run only with OUTPOST_BENCH=1.
func benchOnly(t *testing.T) {
	if os.Getenv("OUTPOST_BENCH") != "1" {
		t.Skip("set OUTPOST_BENCH=1 to run sync benchmarks")
	}
}

// benchDevice pushes synthetic but valid ops as one signed-in device.
type benchDevice struct {
	url, token, id, user string
	next                 int64
	hlc                  uint64
	http                 *http.Client
	numbers              []protocol.Lease
}

func newBenchDevice(t testing.TB, s *synctest.Server, email string) *benchDevice {
	d := &benchDevice{url: s.URL, id: uuid.Must(uuid.NewV7()).String(), user: s.Users[email].ID, next: 1,
		hlc: uint64(time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC).UnixMilli()) << 16, http: &http.Client{}}
	var resp protocol.LoginResponse
	if err := d.post("/login", protocol.LoginRequest{Email: email, Password: synctest.Password, DeviceID: d.id}, &resp); err != nil {
		t.Fatal(err)
	}
	d.token = resp.Token
	return d
}

// lease takes a block of numbers, as a real client does before creating tickets online.
func (d *benchDevice) lease(t testing.TB, n int64) {
	var l protocol.Lease
	if err := d.post("/leases", protocol.LeaseRequest{Kind: "incident", Size: n}, &l); err != nil {
		t.Fatal(err)
	}
	d.numbers = append(d.numbers, l)
}

func (d *benchDevice) number(i int) string {
	for _, l := range d.numbers {
		if int64(i) <= l.End-l.Start {
			return ticket.FormatNumber(ticket.Incident, l.Start+int64(i))
		}
		i -= int(l.End - l.Start + 1)
	}
	return fmt.Sprintf("INC-bench-%d", i)
}

func (d *benchDevice) post(path string, body, out any) error {
	buf, _ := json.Marshal(body)
	req, _ := http.NewRequest("POST", d.url+"/v1"+path, bytes.NewReader(buf))
	if d.token != "" {
		req.Header.Set("Authorization", "Bearer "+d.token)
	}
	resp, err := d.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		return fmt.Errorf("%s: %d %s", path, resp.StatusCode, b)
	}
	return json.Unmarshal(b, out)
}

// ticketOps returns a create and three field edits of one new ticket.
func (d *benchDevice) ticketOps(i int) []protocol.Op {
	id := uuid.Must(uuid.NewV7()).String()
	// Made when its create is stamped, as a desk makes it: a pulled ticket's SLA is computed
	// from its creation (a ticket from 1970 would walk 56 years of business days).
	created := int64(d.hlc>>16) + 1
	tk := ticket.Ticket{ID: id, Number: d.number(i), Type: ticket.Incident, Title: fmt.Sprint("Ticket ", i),
		Description: "Printer on floor 3 prints blank pages since the driver update.", RequesterID: d.user, Category: "Hardware",
		Impact: 2, Urgency: 2, Priority: 3, State: ticket.New, Source: "phone", CreatedBy: d.user, CreatedAt: created, UpdatedAt: created}
	var ops []protocol.Op
	add := func(op, field string, v any) {
		raw, _ := json.Marshal(v)
		d.hlc += 1 << 16
		ops = append(ops, protocol.Op{OpID: d.next, ChangeID: uuid.Must(uuid.NewV7()).String(), Entity: ticket.EntityTicket,
			RecordID: id, Op: op, Field: field, Value: raw, HLC: d.hlc, AuthorID: d.user})
		d.next++
	}
	add(protocol.OpCreate, "", tk)
	add(protocol.OpSet, "title", fmt.Sprint("Ticket ", i, " (edited)"))
	add(protocol.OpSet, "category", "Software")
	add(protocol.OpSet, "urgency", 1)
	return ops
}

func (d *benchDevice) push(ops []protocol.Op) error {
	var resp protocol.PushResponse
	if err := d.post("/push", protocol.PushRequest{DeviceID: d.id, Ops: ops}, &resp); err != nil {
		return err
	}
	for _, r := range resp.Results {
		if r.Status != protocol.Accepted {
			return fmt.Errorf("op %d rejected: %s", r.OpID, r.Reason)
		}
	}
	return nil
}

func benchServer(t *testing.T, pg bool) *synctest.Server {
	dsn := ""
	if pg {
		dsn = pgtest.DB(t)
	}
	s := synctest.StartServer(t, dsn, time.Now)
	// A bench device takes all its numbers in one lease up front, past the caps a server
	// holds a real desk to (a device asking again while its block is unused gets that block).
	s.MaxLease, s.LeaseOutstanding = 1<<30, 1<<30
	s.AddUser(t, "Bench Agent", "bench@x.test", "agent")
	return s
}

// TestBenchPushPull: one client pushes 20k ops in batches of 1000, then a fresh profile pulls
// and applies them all. Each server is its own subtest, so the SQLite server and its desk
// are closed before the PostgreSQL figures are taken.
//
// On SQLite each figure also stands beside its floor, in alternated rounds: after a push, the
// rows it left on the server (its changes, op results and records) are written again into a
// fresh server database with prepared multi-row INSERTs in one transaction (floortest); after
// a pull, the rows it left as sync data (its tickets, change log, field versions and number
// aliases: pullSyncTables) are written the same way into a fresh profile.
// sync_*_vs_raw_x is the median push (pull) time over the median floor time;
// sync_pull_vs_raw_tickets_x stands the pull beside its floor's first definition, the
// ticket rows alone.
func TestBenchPushPull(t *testing.T) {
	benchOnly(t)
	for _, pg := range []bool{false, true} {
		t.Run(map[bool]string{false: "sqlite", true: "postgres"}[pg], func(t *testing.T) {
			if pg {
				push, pull := benchPushPull(t, true)
				fmt.Printf("bench: sync_push_ops_per_s_pg %.0f ops/s\n", push)
				fmt.Printf("bench: sync_pull_ops_per_s_pg %.0f ops/s\n", pull)
				return
			}
			benchPushPullFloor(t)
		})
	}
}

const benchOps = 20000

// benchPushPullFloor alternates rounds of push, its floor, pull and its floor on SQLite.
func benchPushPullFloor(t *testing.T) {
	const rounds = 3
	var push, pushRaw, pull, pullRaw, pullTickets []time.Duration
	for range rounds {
		s, d, ops := benchPrepare(t, false)
		el := benchPush(t, d, ops)
		push = append(push, el)
		pushRaw = append(pushRaw, pushFloor(t, s))
		r := synctest.NewReplica(t, s, "bench@x.test", synctest.NewClock())
		el = benchPull(t, r, len(ops))
		pull = append(pull, el)
		all, tickets := pullFloor(t, r)
		pullRaw, pullTickets = append(pullRaw, all), append(pullTickets, tickets)
		t.Logf("round: push %v (raw %v), pull %v (raw %v, tickets alone %v)", push[len(push)-1], pushRaw[len(pushRaw)-1], el, all, tickets)
	}
	rate := func(d time.Duration) float64 { return benchOps / d.Seconds() }
	fmt.Printf("bench: sync_push_ops_per_s %.0f ops/s\n", rate(median(push)))
	fmt.Printf("bench: sync_push_raw_ops_per_s %.0f ops/s\n", rate(median(pushRaw)))
	fmt.Printf("bench: sync_push_vs_raw_x %.2f x\n", float64(median(push))/float64(median(pushRaw)))
	fmt.Printf("bench: sync_pull_ops_per_s %.0f ops/s\n", rate(median(pull)))
	fmt.Printf("bench: sync_pull_raw_ops_per_s %.0f ops/s\n", rate(median(pullRaw)))
	fmt.Printf("bench: sync_pull_vs_raw_x %.2f x\n", float64(median(pull))/float64(median(pullRaw)))
	fmt.Printf("bench: sync_pull_raw_tickets_ops_per_s %.0f ops/s\n", rate(median(pullTickets)))
	fmt.Printf("bench: sync_pull_vs_raw_tickets_x %.2f x\n", float64(median(pull))/float64(median(pullTickets)))
}

func median(ds []time.Duration) time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

// benchPrepare starts a server with a signed-in device and the ops it will push.
func benchPrepare(t *testing.T, pg bool) (*synctest.Server, *benchDevice, []protocol.Op) {
	s := benchServer(t, pg)
	d := newBenchDevice(t, s, "bench@x.test")
	d.lease(t, 5000)
	var ops []protocol.Op
	for i := 0; len(ops) < benchOps; i++ {
		ops = append(ops, d.ticketOps(i)...)
	}
	return s, d, ops
}

func benchPush(t *testing.T, d *benchDevice, ops []protocol.Op) time.Duration {
	start := time.Now()
	for i := 0; i < len(ops); i += 1000 {
		if err := d.push(ops[i:min(i+1000, len(ops))]); err != nil {
			t.Fatal(err)
		}
	}
	return time.Since(start)
}

func benchPull(t *testing.T, r *synctest.Replica, want int) time.Duration {
	start := time.Now()
	rep := r.Sync(t)
	el := time.Since(start)
	if rep.Pulled != want {
		t.Fatalf("pulled %d of %d", rep.Pulled, want)
	}
	return el
}

func benchPushPull(t *testing.T, pg bool) (push, pull float64) {
	s, d, ops := benchPrepare(t, pg)
	push = float64(len(ops)) / benchPush(t, d, ops).Seconds()
	r := synctest.NewReplica(t, s, "bench@x.test", synctest.NewClock())
	pull = float64(len(ops)) / benchPull(t, r, len(ops)).Seconds()
	return push, pull
}

// pushFloor writes the rows a push left on the server (every accepted op in changes, its
// result in op_results, each ticket's merged record) into a fresh server database.
func pushFloor(t *testing.T, s *synctest.Server) time.Duration {
	ctx := context.Background()
	src, err := s.Store.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	var sets []*floortest.Rows
	for _, table := range []string{"changes", "op_results", "records"} {
		rows, err := floortest.Read(ctx, src, table, "")
		if err != nil {
			t.Fatal(err)
		}
		sets = append(sets, rows)
	}
	if n := floortest.Count(sets[0]); n < benchOps {
		t.Fatalf("server holds %d changes, want %d", n, benchOps)
	}
	st, err := sstore.Open(ctx, filepath.Join(t.TempDir(), "floor.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dst, err := st.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	el, err := floortest.Write(ctx, dst, nil, sets...)
	if err != nil {
		t.Fatal(err)
	}
	return el
}

// pullSyncTables are the tables whose rows a pull leaves as sync data, and pullFloor writes
// again: the records themselves (tickets: each ticket's final row, its SLA columns included,
// as the pull leaves it), the local change log (changes: every pulled change, for history
// and the highest HLC seen), the field versions the merge compares against
// (replica_versions), and the old numbers of renumbered records (number_aliases; none in this
// bench, whose tickets carry the numbers the server leased). Left out are the pull's audit
// and hook output, which the floor's definition excludes ("no audit, no hooks"): the audit
// trail (audit_entries), the search index (tickets_fts and its shadow tables), the SLA
// schedule (sla_schedule; sla_events when something is due) and notifications; and the one
// cursor row of sync_state each page moves.
var pullSyncTables = []string{"tickets", "changes", "replica_versions", "number_aliases"}

// pullFloor writes the rows a pull left in the profile into fresh profiles (the people and
// groups they refer to copied first, off the clock), twice: all of pullSyncTables (the
// floor sync_pull_vs_raw_x stands beside, as pushFloor writes every row a push leaves), and
// the tickets alone (the floor's first definition, printed as sync_pull_vs_raw_tickets_x so
// figures taken before the change can be compared).
func pullFloor(t *testing.T, r *synctest.Replica) (all, tickets time.Duration) {
	ctx := context.Background()
	src, err := r.Desk.DB.DB()
	if err != nil {
		t.Fatal(err)
	}
	var sets []*floortest.Rows
	for _, table := range pullSyncTables {
		rows, err := floortest.Read(ctx, src, table, "")
		if err != nil {
			t.Fatal(err)
		}
		sets = append(sets, rows)
	}
	if len(sets[0].Vals) != benchOps/4 || len(sets[1].Vals) != benchOps {
		t.Fatalf("profile holds %d tickets and %d changes, want %d and %d", len(sets[0].Vals), len(sets[1].Vals), benchOps/4, benchOps)
	}
	write := func(sets ...*floortest.Rows) time.Duration {
		db, err := dstore.Open(ctx, filepath.Join(t.TempDir(), "floor.outpost"))
		if err != nil {
			t.Fatal(err)
		}
		defer dstore.Close(db)
		dst, err := db.DB()
		if err != nil {
			t.Fatal(err)
		}
		for _, table := range []string{"users", "assignment_groups"} {
			rows, err := floortest.Read(ctx, src, table, "")
			if err != nil {
				t.Fatal(err)
			}
			if err := floortest.Copy(ctx, dst, rows); err != nil {
				t.Fatal(err)
			}
		}
		el, err := floortest.Write(ctx, dst, nil, sets...)
		if err != nil {
			t.Fatal(err)
		}
		return el
	}
	return write(sets...), write(sets[0])
}

// TestBenchInitial100k: a new device pulls a desk of 100k tickets with history (a create and
// three edits each).
func TestBenchInitial100k(t *testing.T) {
	benchOnly(t)
	n := 100_000
	if s := os.Getenv("OUTPOST_BENCH_TICKETS"); s != "" {
		_, _ = fmt.Sscan(s, &n) // "" or junk leaves the default
	}
	s := benchServer(t, false)
	d := newBenchDevice(t, s, "bench@x.test")
	d.lease(t, int64(n))
	for i := 0; i < n; i += 250 {
		var ops []protocol.Op
		for j := i; j < min(i+250, n); j++ {
			ops = append(ops, d.ticketOps(j)...)
		}
		if err := d.push(ops); err != nil {
			t.Fatal(err)
		}
	}
	r := synctest.NewReplica(t, s, "bench@x.test", synctest.NewClock())
	r.Client.PageSize = 5000
	start := time.Now()
	rep := r.Sync(t)
	el := time.Since(start)
	var got int64
	r.Desk.DB.Raw(`SELECT COUNT(*) FROM tickets`).Scan(&got)
	if got != int64(n) {
		t.Fatalf("got %d tickets, want %d (pulled %d changes)", got, n, rep.Pulled)
	}
	fmt.Printf("bench: sync_initial_100k_s %.1f s (%d tickets, %d changes)\n", el.Seconds(), n, rep.Pulled)
}

// TestBench200Clients: 200 devices push small batches (a new ticket and an edit) at once;
// the figure is the 99th percentile of push latency.
func TestBench200Clients(t *testing.T) {
	benchOnly(t)
	s := benchServer(t, false)
	const clients, rounds = 200, 5
	devs := make([]*benchDevice, clients)
	for i := range devs {
		devs[i] = newBenchDevice(t, s, "bench@x.test")
		devs[i].lease(t, rounds)
	}
	var mu sync.Mutex
	var lat []time.Duration
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	startGate := make(chan struct{})
	for i, d := range devs {
		wg.Add(1)
		go func(i int, d *benchDevice) {
			defer wg.Done()
			<-startGate
			for r := 0; r < rounds; r++ {
				ops := d.ticketOps(r)[:2]
				d.next -= 2 // the two edits not sent give their op ids back
				start := time.Now()
				if err := d.push(ops); err != nil {
					errs <- err
					return
				}
				el := time.Since(start)
				mu.Lock()
				lat = append(lat, el)
				mu.Unlock()
			}
		}(i, d)
	}
	close(startGate)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	p99 := lat[len(lat)*99/100]
	fmt.Printf("bench: sync_200_clients_p99_ms %.0f ms (p50 %.0f ms, %d pushes)\n", float64(p99.Microseconds())/1000,
		float64(lat[len(lat)/2].Microseconds())/1000, len(lat))
	_ = context.Background
}
