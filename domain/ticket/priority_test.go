package ticket_test

import (
	"fmt"
	"testing"

	"outpost/domain/fault"
	"outpost/domain/ticket"
)

func TestDefaultMatrix(t *testing.T) {
	// ServiceNow's default: impact (rows) × urgency (columns), 1 = high.
	want := map[[2]int]int{
		{1, 1}: 1, {1, 2}: 2, {1, 3}: 3,
		{2, 1}: 2, {2, 2}: 3, {2, 3}: 4,
		{3, 1}: 3, {3, 2}: 4, {3, 3}: 5,
	}
	for cell, p := range want {
		t.Run(fmt.Sprintf("impact%d_urgency%d", cell[0], cell[1]), func(t *testing.T) {
			if got := ticket.DefaultMatrix.Priority(cell[0], cell[1]); got != p {
				t.Errorf("got P%d, want P%d", got, p)
			}
		})
	}
	for _, bad := range [][2]int{{0, 1}, {1, 0}, {4, 1}, {1, 4}, {-1, 2}} {
		if got := ticket.DefaultMatrix.Priority(bad[0], bad[1]); got != 0 {
			t.Errorf("Priority(%d, %d) = %d, want 0", bad[0], bad[1], got)
		}
	}
}

func TestParseMatrix(t *testing.T) {
	tests := []struct {
		name, in string
		want     ticket.Matrix
		err      bool
	}{
		{"default", `[[1,2,3],[2,3,4],[3,4,5]]`, ticket.DefaultMatrix, false},
		{"custom", `[[1,1,2],[2,3,3],[4,5,5]]`, ticket.Matrix{{1, 1, 2}, {2, 3, 3}, {4, 5, 5}}, false},
		{"zero cell", `[[0,2,3],[2,3,4],[3,4,5]]`, ticket.Matrix{}, true},
		{"six", `[[1,2,3],[2,3,4],[3,4,6]]`, ticket.Matrix{}, true},
		{"negative", `[[1,2,3],[2,-3,4],[3,4,5]]`, ticket.Matrix{}, true},
		{"short row", `[[1,2],[2,3,4],[3,4,5]]`, ticket.Matrix{}, true},
		{"too many rows", `[[1,2,3],[2,3,4],[3,4,5],[1,1,1]]`, ticket.Matrix{}, true},
		{"not json", `P1`, ticket.Matrix{}, true},
		{"empty", ``, ticket.Matrix{}, true},
		{"strings", `[["1","2","3"],[2,3,4],[3,4,5]]`, ticket.Matrix{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ticket.ParseMatrix(tt.in)
			if (err != nil) != tt.err {
				t.Fatalf("got error %v, want error %v", err, tt.err)
			}
			if !tt.err && got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestPriorityOverride(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name            string
		impact, urgency int
		priority        int
		reason          string
		want            int
		wantReason      string
		field           string
	}{
		{"computed", 2, 2, 0, "", 3, "", ""},
		{"same as computed needs no reason", 2, 2, 3, "", 3, "", ""},
		{"override with reason", 2, 2, 1, "CEO's laptop", 1, "CEO's laptop", ""},
		{"override without reason", 2, 2, 1, "", 0, "", "priorityReason"},
		{"override with blank reason", 3, 3, 2, "   ", 0, "", "priorityReason"},
		{"out of range", 2, 2, 6, "why not", 0, "", "priority"},
	}
	for _, tt := range tests {
		t.Run("create/"+tt.name, func(t *testing.T) {
			tk, err := e.svc.Create(e.ctx, e.agent, ticket.Draft{Type: ticket.Incident, Title: tt.name, RequesterID: e.req.ID,
				Impact: tt.impact, Urgency: tt.urgency, Priority: tt.priority, PriorityReason: tt.reason})
			if tt.field != "" {
				wantFields(t, err, tt.field)
				return
			}
			wantCode(t, err, "")
			if tk.Priority != tt.want || tk.PriorityOverrideReason != tt.wantReason {
				t.Errorf("got P%d %q, want P%d %q", tk.Priority, tk.PriorityOverrideReason, tt.want, tt.wantReason)
			}
		})
	}

	t.Run("update", func(t *testing.T) {
		tk := e.create("override by update")
		one, none, reason := 1, 0, "VIP"
		_, err := e.svc.Update(e.ctx, e.agent, tk.ID, ticket.Patch{Priority: &one})
		wantFields(t, err, "priorityReason")
		got, err := e.svc.Update(e.ctx, e.agent, tk.ID, ticket.Patch{Priority: &one, PriorityReason: &reason})
		wantCode(t, err, "")
		if got.Priority != 1 || got.PriorityOverrideReason != "VIP" {
			t.Fatalf("got P%d %q, want P1 VIP", got.Priority, got.PriorityOverrideReason)
		}
		if n := e.count(`SELECT COUNT(*) FROM audit_entries WHERE ticket_id = ? AND field = 'priorityOverrideReason' AND new_value = 'VIP'`, tk.ID); n != 1 {
			t.Errorf("the override reason is not in the audit trail")
		}
		// An override sticks when impact changes; priority 0 returns to the matrix.
		three := 3
		got, err = e.svc.Update(e.ctx, e.agent, tk.ID, ticket.Patch{Impact: &three})
		wantCode(t, err, "")
		if got.Priority != 1 {
			t.Errorf("after an impact change got P%d, want the override P1 kept", got.Priority)
		}
		got, err = e.svc.Update(e.ctx, e.agent, tk.ID, ticket.Patch{Priority: &none})
		wantCode(t, err, "")
		if want := ticket.DefaultMatrix.Priority(3, 2); got.Priority != want || got.PriorityOverrideReason != "" {
			t.Errorf("back to the matrix: got P%d %q, want P%d", got.Priority, got.PriorityOverrideReason, want)
		}
	})

	t.Run("configured matrix", func(t *testing.T) {
		e.svc.Matrix = ticket.Matrix{{1, 1, 1}, {1, 1, 1}, {5, 5, 5}}
		defer func() { e.svc.Matrix = ticket.DefaultMatrix }()
		tk := e.create("custom matrix", func(d *ticket.Draft) { d.Impact, d.Urgency = 3, 1 })
		if tk.Priority != 5 {
			t.Errorf("got P%d, want P5 from the configured matrix", tk.Priority)
		}
	})
	_ = fault.CodeValidation
}
