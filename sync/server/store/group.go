package store

import (
	"context"
	"fmt"
	"sync"

	"gorm.io/gorm"
)

// group runs concurrent write transactions of one process together: on SQLite every commit
// waits for the disk, so when many devices push at once, the pushes queued behind a commit
// share the next one instead of paying one each.
type group struct {
	mu      sync.Mutex
	queue   []*groupJob
	running bool
}

type groupJob struct {
	ctx  context.Context
	fn   func(tx *gorm.DB) error
	done chan error
}

// maxGroup bounds how many transactions share a commit, so that one slow group does not
// hold the others' answers for long.
const maxGroup = 64

// Grouped runs fn in a write transaction as Tx does, and returns fn's outcome. On SQLite it
// shares the transaction (and its commit) with other callers waiting at the same time; each
// runs inside its own savepoint, so one caller's failure undoes only its own writes. fn may
// run more than once (a busy database retries the group) and must start from scratch each
// time. On PostgreSQL, whose row locks let pushes proceed side by side, it is Tx.
func (s *Store) Grouped(ctx context.Context, fn func(tx *gorm.DB) error) error {
	if s.Postgres {
		return s.Tx(ctx, fn)
	}
	j := &groupJob{ctx: ctx, fn: fn, done: make(chan error, 1)}
	s.group.mu.Lock()
	s.group.queue = append(s.group.queue, j)
	if !s.group.running {
		s.group.running = true
		go s.runGroups()
	}
	s.group.mu.Unlock()
	return <-j.done
}

// runGroups takes what is queued, runs it as one transaction, answers, and repeats until the
// queue is empty.
func (s *Store) runGroups() {
	for {
		s.group.mu.Lock()
		n := min(len(s.group.queue), maxGroup)
		jobs := s.group.queue[:n:n]
		s.group.queue = s.group.queue[n:]
		if n == 0 {
			s.group.running = false
			s.group.mu.Unlock()
			return
		}
		s.group.mu.Unlock()
		s.runGroup(jobs)
	}
}

func (s *Store) runGroup(jobs []*groupJob) {
	errs := make([]error, len(jobs))
	err := s.Tx(context.Background(), func(tx *gorm.DB) error {
		for i, j := range jobs {
			errs[i] = nil
			if err := j.ctx.Err(); err != nil {
				errs[i] = err // its caller has gone: nothing to answer
				continue
			}
			sp := fmt.Sprintf("job%d", i)
			if err := tx.Exec("SAVEPOINT " + sp).Error; err != nil {
				return err
			}
			// Not under the caller's context: cancelling one caller must not interrupt the
			// connection the others share.
			errs[i] = j.fn(tx)
			if errs[i] != nil && retryable(errs[i]) {
				return errs[i] // the database is busy: retry the whole group
			}
			if errs[i] != nil {
				if err := tx.Exec("ROLLBACK TO " + sp).Error; err != nil {
					return err
				}
			}
			if err := tx.Exec("RELEASE " + sp).Error; err != nil {
				return err
			}
		}
		return nil
	})
	for i, j := range jobs {
		if err != nil {
			j.done <- err
		} else {
			j.done <- errs[i]
		}
	}
}
