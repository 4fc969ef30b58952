package servicenow_test

import (
	"context"
	"fmt"
	"os"
	"runtime/pprof"
	"testing"
	"time"

	"outpost/domain/servicenow"
)

// TestBenchImportUCI imports the whole UCI log (141,712 events, 24,918 incidents with their
// history) into a fresh desk: reading and decompressing the file, the checks, the writes,
// the search rows and the SLA state, all of it. OUTPOST_BENCH_PROFILE=file writes a CPU profile.
func TestBenchImportUCI(t *testing.T) {
	if os.Getenv("OUTPOST_BENCH") != "1" {
		t.Skip("set OUTPOST_BENCH=1 to run the benchmarks")
	}
	path := uciFile(t)
	d := openDesk(t)
	admin := owner(t, d)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if p := os.Getenv("OUTPOST_BENCH_PROFILE"); p != "" {
		out, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer out.Close()
		if err := pprof.StartCPUProfile(out); err != nil {
			t.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	rep, err := servicenow.Import(context.Background(), d, admin, f, servicenow.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	took := time.Since(start)
	if rep.Incidents != 24918 || rep.Rows != 141712 {
		t.Fatalf("imported %d incidents from %d rows, want 24918 from 141712", rep.Incidents, rep.Rows)
	}
	t.Logf("%+v", *rep)
	fmt.Printf("bench: import_uci_s %.2f s\n", took.Seconds())
}
