package client_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"outpost/domain/audit"
	"outpost/sync/protocol"
)

// TestRefusedCreateKeepsTheTrail: a ticket the server refuses to create is removed from the
// desk, but its audit lines stay (the trail is append-only and chained) and one more says it
// was removed; the chain still verifies.
func TestRefusedCreateKeepsTheTrail(t *testing.T) {
	_, a, _ := setup(t)
	ctx := context.Background()
	tk, err := a.Desk.Tickets.Create(ctx, a.Actor, draft("Logs"))
	if err != nil {
		t.Fatal(err)
	}
	// The create as an older desk logged it, too large to travel: the server refuses it.
	var value string
	if err := a.Desk.DB.Raw(`SELECT value FROM changes WHERE record_id = ? AND op = 'create'`, tk.ID).Scan(&value).Error; err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal([]byte(value), &doc); err != nil {
		t.Fatal(err)
	}
	doc["description"] = strings.Repeat("<>&", protocol.MaxValue/3)
	huge, _ := json.Marshal(doc)
	if err := a.Desk.DB.Exec(`UPDATE changes SET value = ? WHERE record_id = ? AND op = 'create'`, string(huge), tk.ID).Error; err != nil {
		t.Fatal(err)
	}
	if rep, err := a.Client.Sync(ctx); err != nil || rep.Rejected != 1 {
		t.Fatalf("sync: %+v, %v; want the create refused", rep, err)
	}
	if _, err := a.Desk.Tickets.Get(ctx, a.Actor, tk.ID); err == nil {
		t.Fatal("the refused ticket is still on the desk")
	}
	var fields []string
	if err := a.Desk.DB.Raw(`SELECT field FROM audit_entries WHERE ticket_id = ? ORDER BY seq`, tk.ID).Scan(&fields).Error; err != nil {
		t.Fatal(err)
	}
	if len(fields) < 2 || fields[0] != "created" || fields[len(fields)-1] != "removed" {
		t.Errorf("trail of the refused ticket: %v, want its lines kept and 'removed' last", fields)
	}
	if res, err := audit.Verify(ctx, a.Desk.DB); err != nil || !res.Intact {
		t.Errorf("audit trail %v (%v), want intact", res, err)
	}
}
