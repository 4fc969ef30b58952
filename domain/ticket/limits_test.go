package ticket_test

import (
	"fmt"
	"strings"
	"testing"

	"outpost/domain/fault"
	"outpost/domain/ticket"
)

// TestTextLimits checks every text a person types into a ticket: over its limit it is refused
// with a field error that names the limit in characters, nothing is written, and nothing is
// cut. At the limit it is kept whole, counted in characters (not bytes).
func TestTextLimits(t *testing.T) {
	e := newEnv(t)
	base := e.inState(ticket.InProgress)
	long := func(n int) string { return strings.Repeat("x", n) }
	str := func(s string) *string { return &s }
	state := func() string {
		return fmt.Sprint(e.count(`SELECT COUNT(*) FROM tickets`), e.count(`SELECT COUNT(*) FROM audit_entries`),
			e.count(`SELECT COUNT(*) FROM changes`), e.count(`SELECT COUNT(*) FROM comments`), e.get(base.ID).State)
	}
	draft := func(mod func(*ticket.Draft)) func() error {
		return func() error {
			d := ticket.Draft{Type: ticket.Incident, Title: "fine", RequesterID: e.req.ID, Impact: 2, Urgency: 2}
			mod(&d)
			_, err := e.svc.Create(e.ctx, e.agent, d)
			return err
		}
	}
	patch := func(p ticket.Patch) func() error {
		return func() error { _, err := e.svc.Update(e.ctx, e.agent, base.ID, p); return err }
	}
	move := func(m ticket.Move) func() error {
		return func() error { _, err := e.svc.Transition(e.ctx, e.agent, base.ID, m); return err }
	}
	tests := []struct {
		name  string
		field string
		limit int
		write func() error
	}{
		{"create title", "title", 200, draft(func(d *ticket.Draft) { d.Title = long(10_000) })},
		{"create description", "description", 100_000, draft(func(d *ticket.Draft) { d.Description = long(100_001) })},
		{"create category", "category", 100, draft(func(d *ticket.Draft) { d.Category = long(101) })},
		{"create subcategory", "subcategory", 100, draft(func(d *ticket.Draft) { d.Subcategory = long(101) })},
		{"create service", "service", 200, draft(func(d *ticket.Draft) { d.Service = long(201) })},
		{"create ci", "ci", 200, draft(func(d *ticket.Draft) { d.CI = long(201) })},
		{"create tag", "tags", 50, draft(func(d *ticket.Draft) { d.Tags = []string{"ok", long(51)} })},
		{"create priority reason", "priorityReason", 500, draft(func(d *ticket.Draft) { d.Priority, d.PriorityReason = 1, long(501) })},
		{"edit title", "title", 200, patch(ticket.Patch{Title: str(long(201))})},
		{"edit description", "description", 100_000, patch(ticket.Patch{Description: str(long(100_001))})},
		{"edit service", "service", 200, patch(ticket.Patch{Service: str(long(201))})},
		{"edit ci", "ci", 200, patch(ticket.Patch{CI: str(long(201))})},
		{"edit category", "category", 100, patch(ticket.Patch{Category: str(long(101))})},
		{"edit tags", "tags", 50, patch(ticket.Patch{Tags: &[]string{long(51)}})},
		{"edit priority reason", "priorityReason", 500, func() error {
			one := 1
			return patch(ticket.Patch{Priority: &one, PriorityReason: str(long(501))})()
		}},
		{"resolution notes", "resolutionNotes", 4000, move(ticket.Move{To: ticket.Resolved, ResolutionCode: "solved_permanently", ResolutionNotes: long(4001)})},
		{"cancel reason", "reason", 1000, move(ticket.Move{To: ticket.Canceled, Reason: long(1001)})},
		{"major reason", "majorReason", 500, func() error {
			_, err := e.svc.SetMajor(e.ctx, e.agent, base.ID, true, long(501))
			return err
		}},
		{"comment", "body", 100_000, func() error {
			_, err := e.svc.AddComment(e.ctx, e.agent, base.ID, ticket.KindNote, long(100_001), 0)
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := state()
			err := tt.write()
			wantFields(t, err, tt.field)
			msg := fault.Fields(err)[tt.field]
			if want := fmt.Sprintf("at most %d characters", tt.limit); !strings.Contains(msg, want) {
				t.Errorf("got message %q, want it to say %q", msg, want)
			}
			if after := state(); after != before {
				t.Errorf("refused write left traces: before %s, after %s", before, after)
			}
		})
	}

	// At the limit, in characters: 100 000 two-byte characters are one description, whole.
	wide := strings.Repeat("é", 100_000)
	title := strings.Repeat("ü", 200)
	tk := e.create(title, func(d *ticket.Draft) { d.Description = wide })
	if got := e.get(tk.ID); got.Title != title || got.Description != wide {
		t.Errorf("got a title of %d and a description of %d bytes, want %d and %d", len(got.Title), len(got.Description), len(title), len(wide))
	}
	c, err := e.svc.AddComment(e.ctx, e.agent, tk.ID, ticket.KindReply, wide, 0)
	if err != nil || c.Body != wide {
		t.Fatalf("a comment of 100 000 characters: %v", err)
	}
}

// TestLimitsForForms checks the limits the forms show are the ones the service applies.
func TestLimitsForForms(t *testing.T) {
	got := ticket.Limits()
	want := map[string]int{
		"ticket.title": 200, "ticket.description": 100_000, "ticket.category": 100, "ticket.subcategory": 100,
		"ticket.service": 200, "ticket.ci": 200, "ticket.tags": 50, "ticket.priorityReason": 500,
		"ticket.majorReason": 500, "ticket.resolutionNotes": 4000, "ticket.reason": 1000, "comment.body": 100_000,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got limits %v, want %v", got, want)
	}
}

// TestChildResolutionKeepsNotes: resolving a major incident's children adds the parent's
// number to their notes only when it fits, so notes at the limit still resolve every child.
func TestChildResolutionKeepsNotes(t *testing.T) {
	e := newEnv(t)
	parent := e.inState(ticket.InProgress)
	if _, err := e.svc.SetMajor(e.ctx, e.agent, parent.ID, true, "outage"); err != nil {
		t.Fatal(err)
	}
	kid := e.create("child")
	if _, err := e.svc.SetParent(e.ctx, e.agent, kid.ID, parent.ID); err != nil {
		t.Fatal(err)
	}
	notes := strings.Repeat("n", 4000)
	if _, err := e.svc.Transition(e.ctx, e.agent, parent.ID, ticket.Move{To: ticket.Resolved, ResolutionCode: "solved_permanently",
		ResolutionNotes: notes, IncludeChildren: true}); err != nil {
		t.Fatalf("resolve with notes at the limit: %v", err)
	}
	if got := e.get(kid.ID); got.State != ticket.Resolved || got.ResolutionNotes != notes {
		t.Errorf("child is %s with %d characters of notes, want resolved with the parent's %d", got.State, len(got.ResolutionNotes), len(notes))
	}
}
