package knowledge_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"outpost/domain/demo"
	"outpost/domain/desk"
	"outpost/domain/knowledge"
	"outpost/domain/people"
	"outpost/domain/store/floortest"
)

// The knowledge benchmarks: OUTPOST_BENCH=1 go test ./domain/knowledge -run TestBench -v
// They print `bench: <name> <value> <unit>` lines, on a profile with 100k bulk tickets (as
// the ticket benchmarks generate them) and 10k articles, cached in OUTPOST_BENCH_DIR
// (default /tmp/outpost-bench), keyed by size, seed, schema and generators.

var benchNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

const benchArticles = 10_000

func benchGate(t *testing.T) {
	if os.Getenv("OUTPOST_BENCH") != "1" {
		t.Skip("set OUTPOST_BENCH=1 to run the benchmarks")
	}
}

// kbProfile returns the path of a cached profile with n bulk tickets and benchArticles
// articles, building it once.
func kbProfile(t *testing.T, n int, seed uint64) string {
	t.Helper()
	dir := os.Getenv("OUTPOST_BENCH_DIR")
	if dir == "" {
		dir = "/tmp/outpost-bench"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	files, _ := filepath.Glob("../store/migrations/*.sql")
	files = append(files, "../demo/bulk.go", "bench_gen_test.go")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s\n%d\n", filepath.Base(f), len(b))
		h.Write(b)
	}
	path := filepath.Join(dir, fmt.Sprintf("kb-%d-%d-seed%d-%x.outpost", n, benchArticles, seed, h.Sum(nil)[:6]))
	if floortest.Built(path, t.Logf) {
		return path
	}
	tmp := path + ".building"
	for _, suffix := range []string{"", "-wal", "-shm"} {
		_ = os.Remove(tmp + suffix)
	}
	start := time.Now()
	ctx := context.Background()
	d, err := desk.Open(ctx, tmp, func() time.Time { return benchNow })
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Bulk(ctx, d, n, seed); err != nil {
		t.Fatal(err)
	}
	if err := bulkArticles(ctx, d, benchArticles, seed); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`PRAGMA optimize`, `PRAGMA wal_checkpoint(TRUNCATE)`} {
		if err := d.DB.Exec(q).Error; err != nil {
			t.Fatal(err)
		}
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
	t.Logf("built %s in %v", filepath.Base(path), time.Since(start).Round(time.Millisecond))
	return path
}

func openBench(t *testing.T, path string) *desk.Desk {
	t.Helper()
	d, err := desk.Open(context.Background(), path, func() time.Time { return benchNow })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	return d
}

func p50(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func ms(d time.Duration) float64 { return float64(d.Nanoseconds()) / 1e6 }

// requester is a requester of the profile: the reader whose searches filter the most.
func requester(t *testing.T, d *desk.Desk) people.Actor {
	var id string
	if err := d.DB.Raw(`SELECT id FROM users WHERE role = 'requester' AND active = 1 ORDER BY id LIMIT 1`).Scan(&id).Error; err != nil || id == "" {
		t.Fatalf("no requester: %v", err)
	}
	return people.Actor{ID: id, Role: people.Requester}
}

// TestBenchKBSearch: the Knowledge search box, 20 hits with snippets, ranked by text and
// votes, for a requester and an agent, on 10k articles beside 100k tickets.
func TestBenchKBSearch(t *testing.T) {
	benchGate(t)
	d := openBench(t, kbProfile(t, 100_000, 1))
	ctx := context.Background()
	admin, err := d.Owner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	readers := []people.Actor{requester(t, d), admin}
	queries := []string{"vpn", "printer jams", "password expired", "outlook", "0x80070005", "wifi drops",
		"laptop docking", "bitlocker locked", "certificate", "reset the proxy", "teams crashes", "scanner"}
	var ds []time.Duration
	for round := range 11 {
		for i, q := range queries {
			start := time.Now()
			hits, err := d.Knowledge.Search(ctx, readers[i%2], knowledge.Query{Text: q, Limit: 20})
			took := time.Since(start)
			if err != nil || len(hits) == 0 {
				t.Fatalf("%q: %d hits, %v", q, len(hits), err)
			}
			if round > 0 { // the first round warms the cache
				ds = append(ds, took)
			}
		}
	}
	fmt.Printf("bench: kb_search_10k_p50_ms %.2f ms\n", ms(p50(ds)))
}

// TestBenchSuggestWhileTyping: the suggestions of the new-ticket form, asked after every
// keystroke of a title and a description (the form asks less often: it waits for a pause).
func TestBenchSuggestWhileTyping(t *testing.T) {
	benchGate(t)
	d := openBench(t, kbProfile(t, 100_000, 1))
	ctx := context.Background()
	rita := requester(t, d)
	texts := []string{
		"My laptop cannot connect to the VPN since this morning, it keeps asking for a password",
		"Printer on floor 2 prints blank pages after the driver update",
		"Outlook is slow and crashes on start when I open the shared calendar",
	}
	var ds []time.Duration
	for round := range 3 {
		for _, text := range texts {
			for n := 3; n <= len(text); n++ {
				start := time.Now()
				if _, err := d.Knowledge.Suggest(ctx, rita, text[:n], 5); err != nil {
					t.Fatal(err)
				}
				if round > 0 {
					ds = append(ds, time.Since(start))
				}
			}
		}
	}
	fmt.Printf("bench: suggest_while_typing_p50_ms %.2f ms\n", ms(p50(ds)))
}
