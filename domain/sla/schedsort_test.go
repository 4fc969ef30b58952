package sla

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// A sorted schedule writer (a recompute's: each ticket once) hands its rows over in the
// schedule's key order (at, ticket, kind, level, target), whether it ranks the tickets by id
// (any plan of up to 255 levels) or compares the rows themselves: many rows due at the same
// instant, tickets out of id order, and one ticket with several levels due at once.
func TestSortedScheduleInKeyOrder(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	kinds := []string{Resolution, Response}
	build := func(levels int) *scheduleWriter {
		w := &scheduleWriter{sorted: true}
		ids := rnd.Perm(1000)
		for i := range 300 {
			var plan []planned
			for range 1 + rnd.IntN(levels) {
				plan = append(plan, planned{Kind: kinds[rnd.IntN(2)], Percent: []int{50, 75, 100}[rnd.IntN(3)],
					Target: []string{"4h", "3d"}[rnd.IntN(2)], At: int64(rnd.IntN(5)), Stage: StageWarning})
			}
			if err := w.replace(fmt.Sprintf("t%03d", ids[i]), int64(i+1), "", plan); err != nil {
				t.Fatal(err)
			}
		}
		return w
	}
	for _, tc := range []struct {
		name   string
		levels int
	}{{"ranked", 4}, {"compared", 300}} {
		t.Run(tc.name, func(t *testing.T) {
			w := build(tc.levels)
			var want []scheduleRow
			for _, tp := range w.plans {
				for _, p := range tp.plan {
					want = append(want, scheduleRow{tp.ticket, tp.rowid, p})
				}
			}
			key := func(a, b scheduleRow) int {
				return cmp.Or(cmp.Compare(a.At, b.At), strings.Compare(a.ticket, b.ticket), compareLevel(a.planned, b.planned))
			}
			w.sort()
			var got []scheduleRow
			if err := w.eachSorted(func(rows []scheduleRow) error { got = append(got, rows...); return nil }); err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("got %d rows, want %d", len(got), len(want))
			}
			if !slices.IsSortedFunc(got, key) {
				t.Errorf("rows not in key order")
			}
			slices.SortStableFunc(want, key)
			for i := range got {
				if key(got[i], want[i]) != 0 {
					t.Fatalf("row %d: got %+v, want %+v", i, got[i], want[i])
				}
			}
		})
	}
}
