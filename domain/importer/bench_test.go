package importer_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"outpost/domain/importer"
)

// TestBenchImportCSV10k imports 10,000 ticket rows (a requester by email, a state, a
// priority, a category) into a desk on a real file, all or nothing, as `make bench` runs it:
// OUTPOST_BENCH=1 go test ./domain/importer -run TestBench -v
// (OUTPOST_BENCH_IMPORT_ROWS sets another row count, for a profile; the figure's name stays).
func TestBenchImportCSV10k(t *testing.T) {
	if os.Getenv("OUTPOST_BENCH") != "1" {
		t.Skip("set OUTPOST_BENCH=1 to run the benchmarks")
	}
	f := newFixture(t)
	n := 10_000
	if s := os.Getenv("OUTPOST_BENCH_IMPORT_ROWS"); s != "" {
		if _, err := fmt.Sscan(s, &n); err != nil {
			t.Fatalf("OUTPOST_BENCH_IMPORT_ROWS=%q: %v", s, err)
		}
	}
	var b strings.Builder
	b.WriteString("Short description,Caller,State,Priority,Category\n")
	states := []string{"Open", "In Progress", "Open", "Open"}
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "Imported ticket %d about the printer,rita@example.com,%s,%d,hardware\n", i, states[i%len(states)], 1+i%5)
	}
	csv := b.String()
	m := importer.Mapping{Kind: importer.Tickets, Columns: map[string]string{
		"Short description": "title", "Caller": "requesterId", "State": "state", "Priority": "priority", "Category": "category"}}
	start := time.Now()
	rep, err := importer.Run(context.Background(), f.d, f.manager, strings.NewReader(csv), m, importer.Options{Size: int64(len(csv))})
	took := time.Since(start)
	if err != nil || rep.Imported != n {
		t.Fatalf("got %+v, %v", rep, err)
	}
	fmt.Printf("bench: import_csv_10k_s %.2f s\n", took.Seconds())
}
