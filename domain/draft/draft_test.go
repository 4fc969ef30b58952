package draft_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"outpost/domain/desk"
	"outpost/domain/fault"
)

func open(t *testing.T, path string) *desk.Desk {
	t.Helper()
	d, err := desk.Open(context.Background(), path, func() time.Time { return time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC) })
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestDraftsSurviveARestart: what a person half-typed on a ticket is kept per ticket, per
// kind and per person, is there after the profile is closed and opened again, and goes when
// cleared.
func TestDraftsSurviveARestart(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.outpost")
	d := open(t, path)
	save := func(user, ticketID, kind, body string) {
		t.Helper()
		if err := d.Drafts.Save(ctx, user, ticketID, kind, body); err != nil {
			t.Fatalf("save %s %s: %v", ticketID, kind, err)
		}
	}
	save("ann", "t1", "reply", "Dear Rita, the printer")
	save("ann", "t1", "note", "  toner is fine; ")
	save("ann", "t2", "note", "other ticket")
	save("bob", "t1", "reply", "bob's words")
	save("ann", "t1", "reply", "Dear Rita, the printer is fixed.")
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}

	d = open(t, path)
	t.Cleanup(func() { _ = d.Close() })
	got, err := d.Drafts.Get(ctx, "ann", "t1")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"reply": "Dear Rita, the printer is fixed.", "note": "  toner is fine; "}
	if len(got) != len(want) || got["reply"] != want["reply"] || got["note"] != want["note"] {
		t.Errorf("after reopening: got %q, want %q", got, want)
	}

	if err := d.Drafts.Clear(ctx, "ann", "t1", "reply"); err != nil {
		t.Fatal(err)
	}
	save("ann", "t1", "note", "") // an emptied box is no draft
	if got, _ := d.Drafts.Get(ctx, "ann", "t1"); len(got) != 0 {
		t.Errorf("after clearing: got %q, want none", got)
	}
	if got, _ := d.Drafts.Get(ctx, "bob", "t1"); got["reply"] != "bob's words" {
		t.Errorf("another person's draft: got %q", got)
	}

	for _, tt := range []struct {
		name, kind, body, field string
	}{
		{"unknown kind", "shout", "x", "kind"},
		{"too long", "note", strings.Repeat("x", 100_001), "body"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			err := d.Drafts.Save(ctx, "ann", "t3", tt.kind, tt.body)
			if fault.Fields(err)[tt.field] == "" {
				t.Errorf("got %v, want a message on %s", err, tt.field)
			}
		})
	}
}
