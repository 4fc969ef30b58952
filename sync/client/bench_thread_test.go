//go:build linux

package client_test

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"syscall"
	"testing"
	"time"

	"outpost/sync/synctest"
)

// cpuTime is the CPU time, user and system, of who: the calling OS thread (rusageThread) or
// the whole process (syscall.RUSAGE_SELF).
func cpuTime(t *testing.T, who int) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(who, &ru); err != nil {
		t.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// rusageThread is Linux's RUSAGE_THREAD, which package syscall does not name.
const rusageThread = 1

// TestBenchPullThreadCPU pulls the bench's 20000 ops into fresh profiles PULLS times (5 if
// unset) and prints the CPU of the thread that applies them, read around Sync with the test
// goroutine locked to its thread: on a machine whose other core is busy, the wall figure
// follows everything else running, this one the applying path alone (docs/bench-method.md,
// "Pull (session 13)"). Run old and new binaries alternately, with -cpuprofile.
func TestBenchPullThreadCPU(t *testing.T) {
	benchOnly(t)
	n := 5
	if s := os.Getenv("PULLS"); s != "" {
		_, _ = fmt.Sscan(s, &n)
	}
	s, d, ops := benchPrepare(t, false)
	benchPush(t, d, ops)
	var cpus, walls []time.Duration
	for range n {
		r := synctest.NewReplica(t, s, "bench@x.test", synctest.NewClock())
		runtime.GC()
		runtime.LockOSThread()
		c0, w0 := cpuTime(t, rusageThread), time.Now()
		rep := r.Sync(t)
		c, w := cpuTime(t, rusageThread)-c0, time.Since(w0)
		runtime.UnlockOSThread()
		if rep.Pulled != len(ops) {
			t.Fatalf("pulled %d of %d", rep.Pulled, len(ops))
		}
		cpus, walls = append(cpus, c), append(walls, w)
	}
	cs, ws := sortedDurations(cpus), sortedDurations(walls)
	fmt.Printf("pull thread CPU: median %v least %v all %v; wall median %v\n", cs[len(cs)/2].Round(time.Millisecond),
		cs[0].Round(time.Millisecond), cpus, ws[len(ws)/2].Round(time.Millisecond))
}

// TestBenchPushCPU pushes the bench's 20000 ops to fresh SQLite servers PUSHES times (5 if
// unset) and prints the process's CPU over each push: the desk's encoding, the loopback
// transport, the server's decoding, checks, apply and commit run on several goroutines, so no
// one thread holds the path as the pull's applying thread does; on a machine whose other
// core is busy the CPU of the process is steadier than its wall (docs/bench-method.md,
// "Push (session 15)"). Run old and new binaries alternately, with -cpuprofile.
func TestBenchPushCPU(t *testing.T) {
	benchOnly(t)
	n := 5
	if s := os.Getenv("PUSHES"); s != "" {
		_, _ = fmt.Sscan(s, &n)
	}
	var cpus, walls []time.Duration
	for range n {
		_, d, ops := benchPrepare(t, false)
		runtime.GC()
		c0 := cpuTime(t, syscall.RUSAGE_SELF)
		w := benchPush(t, d, ops)
		cpus, walls = append(cpus, cpuTime(t, syscall.RUSAGE_SELF)-c0), append(walls, w)
	}
	cs, ws := sortedDurations(cpus), sortedDurations(walls)
	fmt.Printf("push process CPU: median %v least %v all %v; wall median %v least %v\n", cs[len(cs)/2].Round(time.Millisecond),
		cs[0].Round(time.Millisecond), cpus, ws[len(ws)/2].Round(time.Millisecond), ws[0].Round(time.Millisecond))
}

func sortedDurations(ds []time.Duration) []time.Duration {
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	return s
}
