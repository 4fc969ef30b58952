package demo_test

import (
	"context"
	"testing"

	"outpost/domain/demo"
)

func TestLoad(t *testing.T) {
	ctx := context.Background()
	d := openDesk(t)
	admin, err := d.Owner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n, err := demo.Load(ctx, d, admin, 60, 1)
	if err != nil || n != 60 {
		t.Fatalf("loaded %d (%v), want 60", n, err)
	}
	if got := scalar[int64](t, d, `SELECT COUNT(*) FROM tickets`); got != 60 {
		t.Errorf("got %d tickets, want 60", got)
	}
	if got := scalar[int64](t, d, `SELECT COUNT(DISTINCT state) FROM tickets`); got < 4 {
		t.Errorf("only %d states: the demo desk should look lived in", got)
	}
	// Written through the service: every ticket has its trail and search row.
	if got := scalar[int64](t, d, `SELECT COUNT(*) FROM tickets t WHERE
		NOT EXISTS (SELECT 1 FROM audit_entries a WHERE a.ticket_id = t.id AND a.field = 'created') OR
		NOT EXISTS (SELECT 1 FROM changes c WHERE c.record_id = t.id AND c.op = 'create') OR
		NOT EXISTS (SELECT 1 FROM tickets_fts f WHERE f.rowid = t.rowid)`); got != 0 {
		t.Errorf("%d demo tickets lack audit, change-log or search rows", got)
	}
	if got := scalar[int64](t, d, `SELECT COUNT(*) FROM tickets WHERE created_at > ? OR updated_at > ?`, epoch.UnixMilli(), epoch.UnixMilli()); got != 0 {
		t.Errorf("%d demo tickets are from the future", got)
	}
}
