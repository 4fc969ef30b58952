package ticket_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"outpost/domain/backup"
	"outpost/domain/export"
	"outpost/domain/ticket"
)

// TestBenchBackupExport: a checked backup of the 100k profile (the online copy, the manifest,
// integrity_check, fsync and rename) and a CSV export of all of its 100k tickets, each the
// median of three runs. OUTPOST_BENCH=1 go test ./domain/ticket -run TestBenchBackupExport -v
func TestBenchBackupExport(t *testing.T) {
	benchGate(t)
	ctx := context.Background()
	d := openBench(t, benchProfile(t, 100_000, 1))
	admin, err := d.Owner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var takes, exports, takesCPU, exportsCPU []time.Duration
	for i := range 3 {
		path := filepath.Join(dir, fmt.Sprintf("b%d%s", i, backup.Ext))
		start, cpu := time.Now(), cpuTime()
		m, err := backup.Take(ctx, d.DB, path, "bench", benchNow)
		if err != nil {
			t.Fatal(err)
		}
		takes, takesCPU = append(takes, time.Since(start)), append(takesCPU, cpuTime()-cpu)
		if m.Tickets != 100_000 {
			t.Fatalf("backup holds %d tickets", m.Tickets)
		}
		info, _ := os.Stat(path)
		t.Logf("backup %d: %v (cpu %v), %d MB", i, takes[i].Round(time.Millisecond), takesCPU[i].Round(time.Millisecond), info.Size()>>20)
		_ = os.Remove(path)

		out := filepath.Join(dir, fmt.Sprintf("e%d.csv", i))
		start, cpu = time.Now(), cpuTime()
		f, err := os.Create(out)
		if err != nil {
			t.Fatal(err)
		}
		w := bufio.NewWriter(f)
		n, err := export.WriteQueue(ctx, w, export.CSV, d.Tickets, admin, ticket.Query{View: "all", Sort: "created", Desc: true}, export.Meta{})
		if err == nil {
			err = w.Flush()
		}
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			t.Fatal(err)
		}
		exports, exportsCPU = append(exports, time.Since(start)), append(exportsCPU, cpuTime()-cpu)
		if n != 100_000 {
			t.Fatalf("exported %d rows", n)
		}
		t.Logf("export %d: %v (cpu %v)", i, exports[i].Round(time.Millisecond), exportsCPU[i].Round(time.Millisecond))
		_ = os.Remove(out)
	}
	// The CPU time beside the wall time tells a slow run from a busy machine.
	fmt.Printf("bench: backup_100k_s %.2f s\n", p50(takes).Seconds())
	fmt.Printf("bench: backup_100k_cpu_s %.2f s\n", p50(takesCPU).Seconds())
	fmt.Printf("bench: export_100k_csv_s %.2f s\n", p50(exports).Seconds())
	fmt.Printf("bench: export_100k_csv_cpu_s %.2f s\n", p50(exportsCPU).Seconds())
}
