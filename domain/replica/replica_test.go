package replica_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"outpost/domain/desk"
	"outpost/domain/replica"
	"outpost/domain/ticket"
)

func open(t *testing.T) *desk.Desk {
	t.Helper()
	now := func() time.Time { return time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) }
	d, err := desk.Open(context.Background(), filepath.Join(t.TempDir(), "p.db"), now)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	return d
}

// TestDeclarationsMatchSchema: every declared column exists, so a migration that renames one
// breaks here rather than in a sync.
func TestDeclarationsMatchSchema(t *testing.T) {
	d := open(t)
	for _, typ := range replica.Types() {
		cols := make([]string, 0, len(typ.Fields))
		for _, f := range typ.Fields {
			cols = append(cols, f.Column)
		}
		if err := d.DB.Exec(`SELECT ` + strings.Join(cols, ", ") + ` FROM ` + typ.Table + ` LIMIT 0`).Error; err != nil {
			t.Errorf("%s: %v", typ.Entity, err)
		}
		if typ.Parent != "" {
			if _, ok := typ.Field(typ.Parent); !ok {
				t.Errorf("%s: parent field %s is not declared", typ.Entity, typ.Parent)
			}
		}
	}
}

func TestNumberer(t *testing.T) {
	d := open(t)
	ctx := context.Background()
	d.Tickets.Numbers = replica.Numberer(d.DeviceID)
	actor, err := d.Owner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	create := func() string {
		tk, err := d.Tickets.Create(ctx, actor, ticket.Draft{Type: ticket.Incident, Title: "x", Impact: 2, Urgency: 2})
		if err != nil {
			t.Fatal(err)
		}
		return tk.Number
	}
	if got := create(); got != "INC0001001" {
		t.Errorf("before joining: got %s, want the profile counter's INC0001001", got)
	}
	if err := replica.SetState(d.DB, replica.KeyServer, "https://desk.example"); err != nil {
		t.Fatal(err)
	}
	if err := replica.AddBlock(d.DB, "incident", 1001, 1003); err != nil {
		t.Fatal(err)
	}
	// 1001 is already used here: the block skips it.
	if got := []string{create(), create()}; got[0] != "INC0001002" || got[1] != "INC0001003" {
		t.Errorf("from the leased block: got %v, want INC0001002, INC0001003", got)
	}
	p1, p2 := create(), create()
	if !replica.IsProvisional(p1) || !replica.IsProvisional(p2) || p1 == p2 || !strings.HasPrefix(p1, "INC-") {
		t.Errorf("past the block: got %s, %s, want two distinct provisional numbers", p1, p2)
	}
	if n, _ := replica.FreeNumbers(d.DB, "incident"); n != 0 {
		t.Errorf("free numbers: got %d, want 0", n)
	}
}

func TestCanonicalIgnoresFormattingAndLocalFields(t *testing.T) {
	typ, _ := replica.Lookup(ticket.EntityTicket)
	a := map[string]json.RawMessage{"title": json.RawMessage(`"x"`), "impact": json.RawMessage(`2`), "updatedAt": json.RawMessage(`5`)}
	b := map[string]json.RawMessage{"title": json.RawMessage(` "x" `), "impact": json.RawMessage(`2.0`), "updatedAt": json.RawMessage(`9`)}
	ca, cb := replica.Canonical(typ, a), replica.Canonical(typ, b)
	if ca["title"] != cb["title"] || ca["impact"] != cb["impact"] {
		t.Errorf("got %v vs %v", ca, cb)
	}
	if _, ok := ca["updatedAt"]; ok {
		t.Error("a local field is in the canonical form")
	}
	if ca["archived"] != "false" {
		t.Errorf("absent archived: got %s, want false", ca["archived"])
	}
}
