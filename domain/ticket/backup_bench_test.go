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

// TestBenchBackupExport: a checked backup of the 100k profile (VACUUM INTO, the manifest,
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
	var takes, exports []time.Duration
	for i := range 3 {
		path := filepath.Join(dir, fmt.Sprintf("b%d%s", i, backup.Ext))
		start := time.Now()
		m, err := backup.Take(ctx, d.DB, path, "bench", benchNow)
		if err != nil {
			t.Fatal(err)
		}
		takes = append(takes, time.Since(start))
		if m.Tickets != 100_000 {
			t.Fatalf("backup holds %d tickets", m.Tickets)
		}
		info, _ := os.Stat(path)
		t.Logf("backup %d: %v, %d MB", i, takes[i].Round(time.Millisecond), info.Size()>>20)
		_ = os.Remove(path)

		out := filepath.Join(dir, fmt.Sprintf("e%d.csv", i))
		start = time.Now()
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
		exports = append(exports, time.Since(start))
		if n != 100_000 {
			t.Fatalf("exported %d rows", n)
		}
		t.Logf("export %d: %v", i, exports[i].Round(time.Millisecond))
		_ = os.Remove(out)
	}
	fmt.Printf("bench: backup_100k_s %.2f s\n", p50(takes).Seconds())
	fmt.Printf("bench: export_100k_csv_s %.2f s\n", p50(exports).Seconds())
}
