package sla

import (
	"context"
	"time"

	"gorm.io/gorm"

	"outpost/domain/ticket"
)

// Settled is the SLA state of tickets a writer is about to insert, computed before the
// insert so that each row is written once, with its SLA columns, instead of inserted and then
// updated by Hook (a pulled page inserts thousands: the update was a third of the hook's CPU
// and rewrote every row and the SLA indexes a second time). Values holds each settled
// ticket's values of Columns; Default holds the columns' defaults, for the rows of the same
// insert that were not settled here.
type Settled struct {
	Columns []string
	Default []any
	Values  map[string][]any
}

// SettledColumns are the tickets columns Hook's state write sets, in the order of its
// arguments (stateWriter.add, after the key).
var SettledColumns = []string{"sla_policy_id", "sla_stage", "sla_paused", "sla_response_due", "sla_resolution_due",
	"sla_due_at", "sla_next_at", "sla_plan", "sla_at", "sla_warn_at", "sla_breach_at"}

// settledDefault holds the table's defaults of SettledColumns (migrations 0002, 0005, 0010).
var settledDefault = []any{nil, "", false, nil, nil, nil, nil, "", 0, nil, nil}

// Settle computes, at now, the SLA state of tickets the transaction is about to insert, as
// Hook would compute it once they are in, and writes their rows of sla_schedule (which has no
// foreign key to tickets). The caller inserts the tickets with the returned columns and runs
// its write hooks on a transaction from WithSettled, so Hook leaves them alone.
//
// It works in two halves, so the caller can write its other rows meanwhile: Settle reads in
// tx what the state depends on (the levels fired already, by the tickets' ids) and, on another
// goroutine that runs no statement, builds the tickets (tickets, called once, in ids' order)
// and derives their state; finish waits for it and writes the schedule in tx. A pulled page's
// derive was a third of a core beside its inserts (0.33 s of CPU in 3 pulls of 20000 ops), and
// building the tickets from the page's records 0.1 s of 4 pulls. Until finish returns, tx must
// not be used for these tickets' SLA state nor for sla_schedule; finish must be called before
// tx ends.
func (s *Service) Settle(tx *gorm.DB, now time.Time, ids []string, tickets func() []*ticket.Inserted) (finish func() (*Settled, error), err error) {
	out := &Settled{Columns: SettledColumns, Default: settledDefault, Values: make(map[string][]any, len(ids))}
	if len(ids) == 0 {
		return func() (*Settled, error) { return out, nil }, nil
	}
	fired, err := firedLevels(tx, ids)
	if err != nil {
		return nil, err
	}
	width := len(SettledColumns) + 1
	sw := stateWriter{tx: tx, now: now.UnixMilli(), hand: func(n int, args []any) error {
		for i := range n {
			row := args[i*width : (i+1)*width]
			out.Values[row[0].(string)] = row[1:]
		}
		return nil
	}}
	// Sorted: it holds every row until flush, so the derive writes nothing (new tickets have
	// no plan to replace either).
	sc := scheduleWriter{tx: tx, sorted: true}
	done := make(chan error, 1)
	go func() {
		ks := tickets()
		recs := make([]*record, len(ks))
		for i, k := range ks {
			recs[i] = insertedRecord(k)
		}
		err := s.derive(now, recs, fired, &sw, &sc)
		if err == nil {
			err = sw.flush() // to hand: no statement
		}
		done <- err
	}()
	return func() (*Settled, error) {
		if err := <-done; err != nil {
			return nil, err
		}
		if err := sc.flush(); err != nil {
			return nil, err
		}
		return out, nil
	}, nil
}

type settledKey struct{}

// WithSettled returns tx carrying the tickets whose SLA state their insert wrote (Settle):
// Hook, run on it, skips them.
func WithSettled(tx *gorm.DB, s *Settled) *gorm.DB {
	return tx.WithContext(context.WithValue(tx.Statement.Context, settledKey{}, s))
}

func settledIn(tx *gorm.DB) *Settled {
	s, _ := tx.Statement.Context.Value(settledKey{}).(*Settled)
	return s
}
