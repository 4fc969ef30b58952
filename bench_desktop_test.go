package main_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"outpost/domain/demo"
	"outpost/domain/desk"
)

// TestBenchStartup measures start-up to ready of the production binary on a profile with 100k
// tickets, and the memory it then holds. Run by `make bench` (OUTPOST_BENCH=1).
func TestBenchStartup(t *testing.T) {
	if os.Getenv("OUTPOST_BENCH") != "1" {
		t.Skip("benchmark: set OUTPOST_BENCH=1 (make bench)")
	}
	needDesktop(t)
	bin := productionBinary(t)
	profile := benchProfile(t, 100_000)
	display := xvfb(t)

	const runs = 5
	var best, worst time.Duration
	var samples []time.Duration
	var rssMain, rssAnon, rssTree int64
	for i := range runs {
		app := launch(t, bin, display, profile)
		app.waitFor(t, readyLine, 60*time.Second)
		took := time.Since(app.started)
		samples = append(samples, took)
		if i == 0 || took < best {
			best = took
		}
		worst = max(worst, took)
		if i == runs-1 {
			rssMain = statusKB(app.cmd.Process.Pid, "VmRSS:")
			rssAnon = statusKB(app.cmd.Process.Pid, "RssAnon:")
			rssTree = treeRSSKB(app.cmd.Process.Pid)
		}
		_ = app.cmd.Process.Signal(syscall.SIGTERM)
		_ = app.cmd.Wait()
	}
	// The first launch pays for cold caches; the median is what a user sees day to day.
	med := median(samples)
	fmt.Printf("bench: startup_to_ready_100k_ms %d ms\n", med.Milliseconds())
	fmt.Printf("bench: startup_to_ready_100k_first_ms %d ms\n", samples[0].Milliseconds())
	fmt.Printf("bench: rss_100k_mb %.1f MB\n", float64(rssMain)/1024)
	// Most of the resident set is WebKitGTK's and GTK's shared libraries mapped from disk;
	// the process's own memory (heap, SQLite cache, JS bridge) is the anonymous part.
	fmt.Printf("bench: rss_100k_anon_mb %.1f MB\n", float64(rssAnon)/1024)
	fmt.Printf("bench: rss_100k_with_webkit_mb %.1f MB\n", float64(rssTree)/1024)
	t.Logf("startup best %s worst %s", best, worst)
}

// benchProfile returns a profile with n generated tickets, cached between runs.
func benchProfile(t *testing.T, n int) string {
	t.Helper()
	dir := os.Getenv("OUTPOST_BENCH_DIR")
	if dir == "" {
		dir = filepath.Join(os.TempDir(), "outpost-bench")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, fmt.Sprintf("desktop-%d-seed7.outpost", n))
	if _, err := os.Stat(path + ".done"); err == nil {
		return path
	}
	_ = os.Remove(path)
	ctx := context.Background()
	d, err := desk.Open(ctx, path, time.Now)
	if err != nil {
		t.Fatal(err)
	}
	if err := demo.Bulk(ctx, d, n, 7); err != nil {
		t.Fatal(err)
	}
	// The welcome dialog would wait for an answer; a bench profile has already given it.
	if _, err := d.Introduce(ctx, "Bench Admin", "bench.admin@example.com"); err != nil {
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
	for i := range s {
		for j := i + 1; j < len(s); j++ {
			if s[j] < s[i] {
				s[i], s[j] = s[j], s[i]
			}
		}
	}
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
