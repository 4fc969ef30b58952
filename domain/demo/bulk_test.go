package demo_test

import (
	"context"
	"crypto/sha256"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"outpost/domain/demo"
	"outpost/domain/desk"
	"outpost/domain/ticket"
)

var epoch = time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)

func openDesk(t *testing.T) *desk.Desk {
	t.Helper()
	d, err := desk.Open(context.Background(), filepath.Join(t.TempDir(), "p.outpost"), func() time.Time { return epoch })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	return d
}

func scalar[T any](t *testing.T, d *desk.Desk, q string, args ...any) T {
	t.Helper()
	var v T
	if err := d.DB.Raw(q, args...).Row().Scan(&v); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return v
}

// fingerprint hashes what a seed decides about the generated tickets (not the ids of the
// groups, which each fresh profile draws anew).
func fingerprint(t *testing.T, d *desk.Desk) string {
	t.Helper()
	rows, err := d.DB.Raw(`SELECT t.id, t.number, t.title, t.state, t.priority, t.created_at, t.updated_at,
		COALESCE(t.assignee_id, ''), g.name, t.requester_id, f.replies, f.notes
		FROM tickets t JOIN assignment_groups g ON g.id = t.group_id JOIN tickets_fts f ON f.rowid = t.rowid
		ORDER BY t.rowid`).Rows()
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	h := sha256.New()
	for rows.Next() {
		var cols [12]any
		ptrs := make([]any, len(cols))
		for i := range cols {
			ptrs[i] = &cols[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintln(h, cols[:]...)
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

func TestBulk(t *testing.T) {
	ctx := context.Background()
	const n = 3000
	for _, history := range []bool{false, true} {
		t.Run(fmt.Sprintf("history=%v", history), func(t *testing.T) {
			d := openDesk(t)
			if err := demo.Bulk(ctx, d, n, 7, demo.BulkOptions{History: history, Batch: 1000}); err != nil {
				t.Fatal(err)
			}
			if got := scalar[int64](t, d, `SELECT COUNT(*) FROM tickets`); got != n {
				t.Fatalf("got %d tickets, want %d", got, n)
			}
			// Every ticket has its search row under its own rowid.
			if got := scalar[int64](t, d, `SELECT COUNT(*) FROM tickets t JOIN tickets_fts f ON f.rowid = t.rowid AND f.number = t.number`); got != n {
				t.Errorf("got %d matching search rows, want %d", got, n)
			}
			open := scalar[float64](t, d, `SELECT AVG(active) FROM tickets`)
			if open < 0.3 || open > 0.5 {
				t.Errorf("got %.0f%% open tickets, want about 40%%", open*100)
			}
			for _, s := range ticket.States {
				if got := scalar[int64](t, d, `SELECT COUNT(*) FROM tickets WHERE state = ?`, s); got == 0 {
					t.Errorf("no ticket is %s", s)
				}
			}
			span := scalar[int64](t, d, `SELECT MAX(created_at) - MIN(created_at) FROM tickets`)
			if span < int64(300*24*time.Hour/time.Millisecond) {
				t.Errorf("created_at spans %v, want about a year", time.Duration(span)*time.Millisecond)
			}
			if got := scalar[int64](t, d, `SELECT COUNT(*) FROM tickets WHERE updated_at < created_at OR updated_at > ?
				OR resolved_at < created_at OR closed_at < created_at`, epoch.UnixMilli()); got != 0 {
				t.Errorf("%d tickets have timestamps out of order", got)
			}
			if got := scalar[int64](t, d, `SELECT COUNT(DISTINCT assignee_id) FROM tickets`); got < 10 {
				t.Errorf("got %d distinct assignees, want a spread", got)
			}
			if got := scalar[int64](t, d, `SELECT COUNT(DISTINCT requester_id) FROM tickets`); got < 30 {
				t.Errorf("got %d distinct requesters, want a spread", got)
			}
			if got := scalar[int64](t, d, `SELECT COUNT(*) FROM tickets t WHERE assignee_id IS NOT NULL AND NOT EXISTS
				(SELECT 1 FROM group_members m WHERE m.group_id = t.group_id AND m.user_id = t.assignee_id)`); got != 0 {
				t.Errorf("%d tickets are assigned outside their group", got)
			}
			if got := scalar[int64](t, d, `SELECT COUNT(*) FROM tickets WHERE state = 'on_hold' AND hold_reason = ''
				OR state IN ('resolved','closed') AND (resolution_code = '' OR resolved_at IS NULL)`); got != 0 {
				t.Errorf("%d tickets lack what their state requires", got)
			}
			if got := scalar[string](t, d, `PRAGMA integrity_check`); got != "ok" {
				t.Errorf("integrity_check: %s", got)
			}
			var fk []map[string]any
			if err := d.DB.Raw(`PRAGMA foreign_key_check`).Scan(&fk).Error; err != nil || len(fk) > 0 {
				t.Errorf("foreign_key_check: %v %v", fk, err)
			}
			// Search finds generated words in replies.
			owner, err := d.Owner(ctx)
			if err != nil {
				t.Fatal(err)
			}
			hits, err := d.Tickets.Search(ctx, owner, "screenshot", 50)
			if err != nil || len(hits) == 0 {
				t.Errorf("search screenshot: %d hits, %v", len(hits), err)
			}

			audits := scalar[int64](t, d, `SELECT COUNT(*) FROM audit_entries`)
			changes := scalar[int64](t, d, `SELECT COUNT(*) FROM changes`)
			if !history {
				if audits != 0 || changes != 0 {
					t.Errorf("without history got %d audit and %d change rows, want none", audits, changes)
				}
			} else {
				if audits < 2*n || changes < 2*n {
					t.Errorf("with history got %d audit and %d change rows, want more than %d", audits, changes, 2*n)
				}
				// The last state change in each history lands on the ticket's state.
				if got := scalar[int64](t, d, `SELECT COUNT(*) FROM tickets t WHERE t.state <> COALESCE((
					SELECT a.new_value FROM audit_entries a WHERE a.ticket_id = t.id AND a.field = 'state'
					ORDER BY a.at DESC, a.rowid DESC LIMIT 1), 'new')`); got != 0 {
					t.Errorf("%d tickets' audit trail ends in another state", got)
				}
				if got := scalar[int64](t, d, `SELECT COUNT(*) FROM tickets t WHERE NOT EXISTS (SELECT 1 FROM changes c
					WHERE c.entity = 'ticket' AND c.record_id = t.id AND c.op = 'create')`); got != 0 {
					t.Errorf("%d tickets lack a create change", got)
				}
			}

			// The next ticket logged by hand takes the next free number.
			for _, typ := range []ticket.Type{ticket.Incident, ticket.Request} {
				last := scalar[string](t, d, `SELECT MAX(number) FROM tickets WHERE type = ?`, typ)
				tk, err := d.Tickets.Create(ctx, owner, ticket.Draft{Type: typ, Title: "after bulk", Impact: 2, Urgency: 2})
				if err != nil {
					t.Fatal(err)
				}
				var n int64
				if _, err := fmt.Sscanf(last[3:], "%d", &n); err != nil {
					t.Fatal(err)
				}
				if want := ticket.FormatNumber(typ, n+1); tk.Number != want {
					t.Errorf("created %s after %s, want %s", tk.Number, last, want)
				}
			}
		})
	}
}

func TestBulkDeterministic(t *testing.T) {
	ctx := context.Background()
	var prints []string
	for _, seed := range []uint64{42, 42, 43} {
		d := openDesk(t)
		if err := demo.Bulk(ctx, d, 500, seed); err != nil {
			t.Fatal(err)
		}
		prints = append(prints, fingerprint(t, d))
	}
	if prints[0] != prints[1] {
		t.Errorf("the same seed built different tickets")
	}
	if prints[0] == prints[2] {
		t.Errorf("different seeds built the same tickets")
	}
}

func TestBulkTwice(t *testing.T) {
	// A second run on the same profile appends after the first, reusing its people.
	ctx := context.Background()
	d := openDesk(t)
	for i := 0; i < 2; i++ {
		if err := demo.Bulk(ctx, d, 300, 1); err != nil {
			t.Fatalf("run %d: %v", i+1, err)
		}
	}
	if got := scalar[int64](t, d, `SELECT COUNT(*) FROM tickets`); got != 600 {
		t.Errorf("got %d tickets, want 600", got)
	}
	if got := scalar[int64](t, d, `SELECT COUNT(*) FROM users WHERE email LIKE '%@bulk.example.com'`); got != demo.BulkUsers {
		t.Errorf("got %d bulk users, want %d", got, demo.BulkUsers)
	}
}
