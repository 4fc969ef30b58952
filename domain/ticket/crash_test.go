package ticket_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"outpost/domain/desk"
	"outpost/domain/ticket"
)

// crashEnv names the profile the crash child writes to; unset, TestCrashChild does nothing.
const crashEnv = "OUTPOST_CRASH_CHILD_PROFILE"

// TestCrashChild is the child half of TestCrash: it writes tickets until it is killed,
// reporting each write on stdout only after it committed.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("runs as the child of TestCrash")
	}
	ctx := context.Background()
	d, err := desk.Open(ctx, path, time.Now)
	if err != nil {
		fmt.Printf("error %v\n", err)
		os.Exit(2)
	}
	owner, err := d.Owner(ctx)
	if err != nil {
		fmt.Printf("error %v\n", err)
		os.Exit(2)
	}
	fmt.Println("ready")
	for i := 0; ; i++ {
		tk, err := d.Tickets.Create(ctx, owner, ticket.Draft{Type: ticket.Incident, Title: fmt.Sprintf("Crash test ticket %d", i),
			Description: strings.Repeat("Filler text so pages split. ", 20), Impact: 1 + i%3, Urgency: 1 + i%3})
		if err != nil {
			fmt.Printf("error %v\n", err)
			os.Exit(2)
		}
		fmt.Printf("created %s %s\n", tk.ID, tk.Number)
		if _, err := d.Tickets.AddComment(ctx, owner, tk.ID, ticket.KindReply, "Looking at it", 0); err != nil {
			fmt.Printf("error %v\n", err)
			os.Exit(2)
		}
		if _, err := d.Tickets.Transition(ctx, owner, tk.ID, ticket.Move{To: ticket.InProgress}); err != nil {
			fmt.Printf("error %v\n", err)
			os.Exit(2)
		}
		fmt.Printf("moved %s %s\n", tk.ID, tk.Number)
	}
}

// TestCrash kills a child process writing tickets with SIGKILL at random points, then checks
// the profile is intact and holds every write the child reported committed, whole.
func TestCrash(t *testing.T) {
	if os.Getenv(crashEnv) != "" {
		t.Skip("this is the child")
	}
	if testing.Short() {
		t.Skip("slow: kills a writer 50 times")
	}
	path := filepath.Join(t.TempDir(), "crash.outpost")
	rng := rand.New(rand.NewPCG(2026, 11))
	created, moved := map[string]string{}, map[string]bool{}
	const rounds = 50
	for round := 0; round < rounds; round++ {
		// The timeout ends an orphaned child should this test die before killing it.
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1", "-test.timeout=60s")
		cmd.Env = append(os.Environ(), crashEnv+"="+path)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := make(chan string)
		go func() {
			defer close(lines)
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				lines <- sc.Text()
			}
		}()
		// Kill at a random point: mostly while writing, after a random number of reported
		// tickets (the child goes on writing, so the kill lands inside a later write, wherever
		// the scheduler has it), sometimes while the profile opens. Counting writes instead of
		// milliseconds keeps the test the same on a slow machine.
		after := 1 + rng.IntN(8)
		var kill <-chan time.Time
		if rng.IntN(10) == 0 {
			kill = time.After(time.Duration(rng.IntN(30)) * time.Millisecond)
			after = 0
		}
		killNow := make(chan time.Time, 1)
		reported := 0
	read:
		for {
			select {
			case line, ok := <-lines:
				if !ok {
					break read
				}
				f := strings.Fields(line)
				switch {
				case len(f) == 0:
				case f[0] == "created" && len(f) == 3:
					created[f[1]] = f[2]
					reported++
					if reported == after {
						killNow <- time.Now()
						kill = killNow
					}
				case f[0] == "moved" && len(f) == 3:
					moved[f[1]] = true
				case f[0] == "error":
					t.Fatalf("round %d: child: %s", round, line)
				}
			case <-kill:
				_ = cmd.Process.Kill() // SIGKILL on Unix: no chance to clean up
				kill = nil
			}
		}
		_ = cmd.Wait()
		checkCrashProfile(t, round, path, created, moved)
		t.Logf("round %d: killed after %d new tickets reported", round, reported)
	}
	if len(created) < rounds {
		t.Errorf("only %d tickets were written in %d rounds: the kills came too early to test much", len(created), rounds)
	}
}

func checkCrashProfile(t *testing.T, round int, path string, created map[string]string, moved map[string]bool) {
	t.Helper()
	ctx := context.Background()
	d, err := desk.Open(ctx, path, time.Now)
	if err != nil {
		t.Fatalf("round %d: reopen: %v", round, err)
	}
	defer d.Close()
	one := func(q string, args ...any) string {
		var v string
		if err := d.DB.Raw(q, args...).Row().Scan(&v); err != nil {
			t.Fatalf("round %d: %s: %v", round, q, err)
		}
		return v
	}
	if got := one(`PRAGMA integrity_check`); got != "ok" {
		t.Fatalf("round %d: integrity_check: %s", round, got)
	}
	if got := one(`SELECT COUNT(*) FROM pragma_foreign_key_check`); got != "0" {
		t.Fatalf("round %d: %s foreign key violations", round, got)
	}
	// Whole writes only: every ticket in the file, reported or not, has its audit entry,
	// change-log row and search row.
	if got := one(`SELECT COUNT(*) FROM tickets t WHERE
		NOT EXISTS (SELECT 1 FROM audit_entries a WHERE a.ticket_id = t.id AND a.field = 'created') OR
		NOT EXISTS (SELECT 1 FROM changes c WHERE c.record_id = t.id AND c.op = 'create') OR
		NOT EXISTS (SELECT 1 FROM tickets_fts f WHERE f.rowid = t.rowid AND f.number = t.number)`); got != "0" {
		t.Fatalf("round %d: %s tickets lack their audit, change-log or search rows", round, got)
	}
	if got := one(`SELECT COUNT(*) FROM tickets t WHERE t.state = 'in_progress' AND NOT EXISTS
		(SELECT 1 FROM changes c WHERE c.record_id = t.id AND c.op = 'transition')`); got != "0" {
		t.Fatalf("round %d: %s moves lack their change-log row", round, got)
	}
	for id, number := range created {
		var got ticket.Ticket
		if err := d.DB.Where("id = ?", id).Take(&got).Error; err != nil {
			t.Fatalf("round %d: reported ticket %s is gone: %v", round, number, err)
		}
		if got.Number != number {
			t.Fatalf("round %d: %s has number %s", round, number, got.Number)
		}
		if moved[id] {
			if got.State != ticket.InProgress {
				t.Fatalf("round %d: %s is %s, the child reported it in progress", round, number, got.State)
			}
			if one(`SELECT COUNT(*) FROM audit_entries WHERE ticket_id = ? AND field = 'state'`, id) != "1" ||
				one(`SELECT COUNT(*) FROM comments WHERE ticket_id = ?`, id) != "1" {
				t.Fatalf("round %d: %s lacks its move or reply", round, number)
			}
		}
	}
	// Numbers stay unique and the counter is past all of them.
	if got := one(`SELECT COUNT(*) - COUNT(DISTINCT number) FROM tickets`); got != "0" {
		t.Fatalf("round %d: duplicate numbers", round)
	}
}
