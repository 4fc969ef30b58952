package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"
)

// TestGroupedSharesACommitAndIsolatesFailures: callers that queue behind a running
// transaction run together in the next one; a caller that fails loses only its own writes
// (the others run again without it).
func TestGroupedSharesACommitAndIsolatesFailures(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "server.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	insert := func(tx *gorm.DB, alias string) error {
		return tx.Exec(`INSERT INTO aliases(alias, record_id) VALUES (?, 'r')`, alias).Error
	}
	release := make(chan struct{})
	first := make(chan error, 1)
	go func() {
		first <- s.Grouped(ctx, func(tx *gorm.DB) error {
			if err := insert(tx, "first"); err != nil {
				return err
			}
			<-release // the others queue meanwhile
			return nil
		})
	}()
	waitFor(t, func() bool { s.group.mu.Lock(); defer s.group.mu.Unlock(); return s.group.running })
	var wg sync.WaitGroup
	errs := make([]error, 10)
	txs := make([]*gorm.DB, 10)
	for i := range errs {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			errs[i] = s.Grouped(ctx, func(tx *gorm.DB) error {
				txs[i] = tx
				if err := insert(tx, fmt.Sprint("job", i)); err != nil {
					return err
				}
				if i%2 == 1 {
					return fmt.Errorf("job %d refuses", i)
				}
				return nil
			})
		}(i)
	}
	waitFor(t, func() bool { s.group.mu.Lock(); defer s.group.mu.Unlock(); return len(s.group.queue) == 10 })
	close(release)
	wg.Wait()
	if err := <-first; err != nil {
		t.Fatal(err)
	}
	for i, err := range errs {
		if (i%2 == 1) != (err != nil) {
			t.Errorf("job %d: got %v", i, err)
		}
		if i%2 == 0 && txs[i].Statement.ConnPool != txs[0].Statement.ConnPool {
			t.Errorf("job %d committed in another transaction than job 0", i)
		}
	}
	var got []string
	if err := s.DB.Raw(`SELECT alias FROM aliases`).Scan(&got).Error; err != nil {
		t.Fatal(err)
	}
	sort.Strings(got)
	want := []string{"first", "job0", "job2", "job4", "job6", "job8"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rows: got %v, want %v", got, want)
	}
	// A caller that has given up is not run.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	ran := false
	if err := s.Grouped(cctx, func(*gorm.DB) error { ran = true; return nil }); !errors.Is(err, context.Canceled) || ran {
		t.Errorf("cancelled caller: ran %v, err %v", ran, err)
	}
}

// waitFor polls a condition the test waits on (not a timing assertion: it only waits).
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("condition not reached in 30 s")
		}
	}
}
