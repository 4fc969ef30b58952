package main_test

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"outpost/domain/demo"
	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/store/floortest"
)

// TestBenchStartup measures start-up to ready of the production binary, and the memory it
// then holds, beside the floor of its stack: testdata/floor, the smallest Wails v2.16 +
// WebKitGTK 4.1 + React app, built here with the same flags, whose page calls a bound Go
// method from its first effect. Rounds alternate the floor and Outpost on an empty, a 100k
// and a 1M-ticket profile (a first round warms the caches and is not counted); each figure
// is the median of the counted rounds. Run by `make bench` (OUTPOST_BENCH=1).
//
// Ready is measured from the launch, as the harness sees it (exec, dynamic linking and Go's
// start included), to the line the app prints: Outpost's once its queue shows data, the
// floor's once its page has run script. The resident set is read a second after ready.
func TestBenchStartup(t *testing.T) {
	if os.Getenv("OUTPOST_BENCH") != "1" {
		t.Skip("benchmark: set OUTPOST_BENCH=1 (make bench)")
	}
	needDesktop(t)
	bin := productionBinary(t)
	floor := floorBinary(t)
	runs := []struct {
		name string
		bin  string
		args []string
	}{
		{"floor", floor, nil},
		{"empty", bin, []string{"--profile", deskProfile(t, 0)}},
		{"100k", bin, []string{"--profile", deskProfile(t, 100_000)}},
		{"1m", bin, []string{"--profile", deskProfile(t, 1_000_000)}},
	}
	display := xvfb(t)

	// The issue asks for the median of at least 5 rounds. With 5, one slow minute of a shared
	// machine moved startup_vs_floor_x from 1.14 to 1.34 between full runs of one build (the
	// empty profile, on none of the changed paths, read 1.28 in the slow one). With 9, ten
	// runs of nearly one build on a quiet machine still read 1.29-1.40 (session 16: single
	// launches of the 100k profile spread over 60 ms); 15 narrow that for some 40 s more.
	const rounds = 15
	type sample struct {
		ready, painted  time.Duration
		rss, anon, tree int64
	}
	got := map[string][]sample{}
	var first100k time.Duration
	for round := 0; round <= rounds; round++ {
		for i := range runs {
			// Each round starts one run later, so every run takes every place in a round.
			r := runs[(i+round)%len(runs)]
			app := launchArgs(t, r.bin, display, r.args...)
			m := app.waitFor(t, anyReady, 120*time.Second)
			readyAt := time.Now()
			s := sample{ready: readyAt.Sub(app.started)}
			// The paint, as the app measured it after main, put on the harness's clock by the
			// ready both measured. A launch whose page reports no paint (3 of ~90 launches of the
			// floor here, never Outpost: its frame callback did not run) is left out of the
			// paint's median.
			if p, _, err := app.lookFor(anyPainted, 10*time.Second); err == nil {
				s.painted = s.ready + time.Duration(atoi(t, p[2])-atoi(t, m[2]))*time.Millisecond
			} else {
				t.Logf("round %d %s: %v", round, r.name, err)
				s.painted = -1
			}
			time.Sleep(time.Until(readyAt.Add(time.Second)))
			pid := app.cmd.Process.Pid
			s.rss, s.anon, s.tree = statusKB(pid, "VmRSS:"), statusKB(pid, "RssAnon:"), treeRSSKB(pid)
			stop(app)
			// The app's own figure starts at main(): the rest is exec, linking and Go's start.
			t.Logf("round %d %s: ready %v (%s ms after main), painted %v, rss %.1f MB (%.1f MB anonymous)", round, r.name,
				s.ready.Round(time.Millisecond), m[2], s.painted.Round(time.Millisecond), float64(s.rss)/1024, float64(s.anon)/1024)
			if round == 0 {
				if r.name == "100k" {
					first100k = s.ready
				}
				continue
			}
			got[r.name] = append(got[r.name], s)
		}
	}
	ready := func(name string) time.Duration {
		var ds []time.Duration
		for _, s := range got[name] {
			ds = append(ds, s.ready)
		}
		return median(ds)
	}
	painted := func(name string) time.Duration {
		var ds []time.Duration
		for _, s := range got[name] {
			if s.painted >= 0 {
				ds = append(ds, s.painted)
			}
		}
		return median(ds)
	}
	mb := func(name string, f func(sample) int64) float64 {
		var v []int64
		for _, s := range got[name] {
			v = append(v, f(s))
		}
		sort.Slice(v, func(i, j int) bool { return v[i] < v[j] })
		return float64(v[len(v)/2]) / 1024
	}
	rss := func(s sample) int64 { return s.rss }
	anon := func(s sample) int64 { return s.anon }
	tree := func(s sample) int64 { return s.tree }

	fmt.Printf("bench: startup_floor_ms %d ms\n", ready("floor").Milliseconds())
	fmt.Printf("bench: rss_floor_mb %.1f MB\n", mb("floor", rss))
	fmt.Printf("bench: rss_floor_anon_mb %.1f MB\n", mb("floor", anon))
	fmt.Printf("bench: startup_to_ready_empty_ms %d ms\n", ready("empty").Milliseconds())
	fmt.Printf("bench: startup_to_ready_100k_ms %d ms\n", ready("100k").Milliseconds())
	fmt.Printf("bench: startup_to_ready_100k_first_ms %d ms\n", first100k.Milliseconds())
	fmt.Printf("bench: startup_to_ready_1m_ms %d ms\n", ready("1m").Milliseconds())
	fmt.Printf("bench: startup_1m_vs_empty_x %.2f x\n", float64(ready("1m"))/float64(ready("empty")))
	fmt.Printf("bench: startup_vs_floor_x %.2f x\n", float64(ready("100k"))/float64(ready("floor")))
	// The first paint after ready (the page's paint timing): Outpost's holds the queue's rows,
	// the floor's its one element. No target; it shows what ready leaves out.
	fmt.Printf("bench: startup_paint_floor_ms %d ms\n", painted("floor").Milliseconds())
	fmt.Printf("bench: startup_paint_100k_ms %d ms\n", painted("100k").Milliseconds())
	fmt.Printf("bench: startup_paint_vs_floor_x %.2f x\n", float64(painted("100k"))/float64(painted("floor")))
	fmt.Printf("bench: rss_100k_mb %.1f MB\n", mb("100k", rss))
	// Most of the resident set is WebKitGTK's and GTK's shared libraries mapped from disk;
	// the process's own memory (heap, SQLite cache, JS bridge) is the anonymous part.
	fmt.Printf("bench: rss_100k_anon_mb %.1f MB\n", mb("100k", anon))
	fmt.Printf("bench: rss_100k_with_webkit_mb %.1f MB\n", mb("100k", tree))
	fmt.Printf("bench: rss_vs_floor_x %.2f x\n", mb("100k", rss)/mb("floor", rss))
}

// anyReady matches Outpost's ready line and the floor's; anyPainted their paint lines.
var (
	anyReady   = regexp.MustCompile(`(outpost|floor): ready (\d+) ms`)
	anyPainted = regexp.MustCompile(`(outpost|floor): painted (-?\d+) ms`)
)

// stop ends a launched app and everything it started (WebKit's web and network processes),
// so the next run has the machine to itself.
func stop(app *running) {
	_ = app.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _ = app.cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
	}
	_ = syscall.Kill(-app.cmd.Process.Pid, syscall.SIGKILL)
	<-done
}

var floorOnce struct {
	sync.Once
	path string
	err  error
}

// floorBinary builds testdata/floor: its page with the app's own frontend/node_modules (the
// same React, Vite and plugin; `make frontend` installs them), then its Go program with the
// production build's flags.
func floorBinary(t testing.TB) string {
	t.Helper()
	floorOnce.Do(func() {
		floorOnce.err = func() error {
			if _, err := os.Stat("frontend/node_modules/vite/bin/vite.js"); err != nil {
				return fmt.Errorf("frontend/node_modules has no vite: run `make frontend` first")
			}
			web := filepath.Join("testdata", "floor", "frontend")
			link := filepath.Join(web, "node_modules")
			if _, err := os.Lstat(link); err != nil {
				if err := os.Symlink(filepath.Join("..", "..", "..", "frontend", "node_modules"), link); err != nil {
					return err
				}
			}
			cmd := exec.Command("node", filepath.Join("node_modules", "vite", "bin", "vite.js"), "build", "--logLevel", "warn")
			cmd.Dir = web
			if out, err := cmd.CombinedOutput(); err != nil {
				return fmt.Errorf("build the floor's page: %v\n%s", err, out)
			}
			dir, err := os.MkdirTemp("", "outpost-floor-")
			if err != nil {
				return err
			}
			floorOnce.path = filepath.Join(dir, "floor")
			cmd = exec.Command("go", append(append([]string{"build"}, desktopBuildFlags...), "-o", floorOnce.path, "./testdata/floor")...)
			if out, err := cmd.CombinedOutput(); err != nil {
				return fmt.Errorf("go build the floor: %v\n%s", err, out)
			}
			return nil
		}()
	})
	if floorOnce.err != nil {
		t.Fatal(floorOnce.err)
	}
	return floorOnce.path
}

// benchNow is the clock the domain benchmarks build their bulk profiles with.
var benchNow = time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC)

func benchDir(t testing.TB) string {
	dir := os.Getenv("OUTPOST_BENCH_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "outpost-bench")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// bulkProfile returns the domain benchmarks' cached profile of n tickets (seed 1), building
// it as domain/ticket's benchProfile does, under the same key, if neither built it yet: a 1M
// profile takes minutes to generate, so the desktop and the domain benchmarks share one.
func bulkProfile(t testing.TB, n int) string {
	t.Helper()
	h := sha256.New()
	files, _ := filepath.Glob("domain/store/migrations/*.sql")
	files = append(files, "domain/demo/bulk.go")
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(h, "%s\n%d\n", filepath.Base(f), len(b))
		h.Write(b)
	}
	path := filepath.Join(benchDir(t), fmt.Sprintf("bulk-%d-seed1-%x.outpost", n, h.Sum(nil)[:6]))
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
	if err := demo.Bulk(ctx, d, n, 1); err != nil {
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

// deskProfile returns a profile with n generated tickets for the desktop app, cached between
// runs: a copy of the bulk profile (the app writes to the profile it opens), or for 0 a
// fresh one, either with the welcome dialog already answered (it would wait for a click).
func deskProfile(t testing.TB, n int) string {
	t.Helper()
	src := ""
	name := "desktop-empty.outpost"
	if n > 0 {
		src = bulkProfile(t, n)
		name = "desktop-" + strings.TrimPrefix(filepath.Base(src), "bulk-")
	}
	path := filepath.Join(benchDir(t), name)
	if _, err := os.Stat(path + ".done"); err == nil {
		return path
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		_ = os.Remove(path + suffix)
	}
	if src != "" {
		if err := floortest.CopyFile(src, path); err != nil {
			t.Fatal(err)
		}
	}
	ctx := context.Background()
	d, err := desk.Open(ctx, path, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	// The welcome dialog would wait for an answer; a bench profile has already given it (a
	// profile made before the question existed counts as answered).
	if _, err := d.Introduce(ctx, "Bench Admin", "bench.admin@example.com"); err != nil && !errors.Is(err, fault.ErrConflict) {
		t.Fatal(err)
	}
	if err := d.SetSetting(ctx, "demo_offered", "1"); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+".done", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func median(d []time.Duration) time.Duration {
	s := append([]time.Duration(nil), d...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s[len(s)/2]
}

// rssKB reads a process's resident set size.
func rssKB(pid int) int64 { return statusKB(pid, "VmRSS:") }

// statusKB reads one kB figure from /proc/<pid>/status.
func statusKB(pid int, key string) int64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(line, key); ok {
			n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			return n
		}
	}
	return 0
}

// treeRSSKB sums the RSS of every process in pid's process group (WebKit runs its web and
// network processes as children).
func treeRSSKB(pid int) int64 {
	entries, _ := os.ReadDir("/proc")
	var total int64
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if pg, err := syscall.Getpgid(p); err == nil && pg == pid {
			total += rssKB(p)
		}
	}
	return total
}

// atoi reads a number the app printed.
func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return n
}
