package store

import (
	"context"
	"errors"
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
// shares the transaction (and its commit) with other callers waiting at the same time; a
// caller's failure undoes only its own writes. fn may run more than once (a busy database or
// another caller's failure reruns the group) and must start from scratch each time. On
// PostgreSQL, whose row locks let pushes proceed side by side, it is Tx.
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

// runGroup runs jobs in one transaction. A job that fails may have written half of its work,
// so the transaction is abandoned and the group runs again without it: failures (a refused
// device, an op id gap) are rare, and a savepoint around every job would cost three
// statements each time.
func (s *Store) runGroup(jobs []*groupJob) {
	errs := make([]error, len(jobs))
	live := make([]int, 0, len(jobs)) // the jobs still to run, by index
	for i, j := range jobs {
		if err := j.ctx.Err(); err != nil {
			errs[i] = err // its caller has gone: nothing to answer
			continue
		}
		live = append(live, i)
	}
	for len(live) > 0 {
		failed := -1
		err := s.Tx(context.Background(), func(tx *gorm.DB) error {
			failed = -1
			for _, i := range live {
				// Not under the caller's context: cancelling one caller must not interrupt
				// the connection the others share.
				if err := jobs[i].fn(tx); err != nil {
					if retryable(err) {
						return err // the database is busy: Tx retries the whole group
					}
					failed, errs[i] = i, err
					return errJobFailed
				}
			}
			return nil
		})
		if failed < 0 {
			for _, i := range live {
				if err != nil {
					errs[i] = err
				}
			}
			break
		}
		rest := live[:0]
		for _, i := range live {
			if i != failed {
				rest = append(rest, i)
			}
		}
		live = rest
	}
	for i, j := range jobs {
		j.done <- errs[i]
	}
}

// errJobFailed abandons a group's transaction after one of its jobs failed.
var errJobFailed = errors.New("a job of the group failed")
