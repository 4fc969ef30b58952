package ticket_test

import (
	"testing"

	"outpost/domain/changelog"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

// lifecycle is the ITIL state machine as the issue states it, written out independently of
// the code: the test fails if either drifts.
var lifecycle = map[ticket.State][]ticket.State{
	ticket.New:        {ticket.InProgress, ticket.OnHold, ticket.Resolved, ticket.Canceled},
	ticket.InProgress: {ticket.OnHold, ticket.Resolved, ticket.Canceled},
	ticket.OnHold:     {ticket.InProgress, ticket.Resolved, ticket.Canceled},
	ticket.Resolved:   {ticket.InProgress, ticket.Closed},
}

func allowed(from, to ticket.State) bool {
	for _, s := range lifecycle[from] {
		if s == to {
			return true
		}
	}
	return false
}

// required lists the fields a move needs, by the names the validation error uses.
func required(from, to ticket.State) []string {
	switch {
	case to == ticket.OnHold:
		return []string{"holdReason"}
	case to == ticket.Resolved:
		return []string{"resolutionCode", "resolutionNotes"}
	case to == ticket.Canceled:
		return []string{"reason"}
	case from == ticket.Resolved && to == ticket.InProgress:
		return []string{"reason"}
	}
	return nil
}

type pair struct{ from, to ticket.State }

// pairs is every ordered pair of states (including a state to itself), so a new state added
// to ticket.States is covered without touching this test.
func pairs() []pair {
	var out []pair
	for _, f := range ticket.States {
		for _, t := range ticket.States {
			out = append(out, pair{f, t})
		}
	}
	return out
}

func TestNextMatchesLifecycle(t *testing.T) {
	for _, s := range ticket.States {
		t.Run(string(s), func(t *testing.T) {
			got := ticket.Next(s)
			if len(got) != len(lifecycle[s]) {
				t.Fatalf("Next(%s) = %v, want %v", s, got, lifecycle[s])
			}
			for _, n := range got {
				if !allowed(s, n) {
					t.Errorf("Next(%s) offers %s, which the lifecycle does not allow", s, n)
				}
			}
		})
	}
}

func TestCheckMoveEveryPair(t *testing.T) {
	staff := people.Actor{ID: "agent", Role: people.Agent}
	for _, p := range pairs() {
		t.Run(string(p.from)+"->"+string(p.to), func(t *testing.T) {
			tk := &ticket.Ticket{Number: "INC0001001", State: p.from, RequesterID: "req", CreatedBy: "req"}
			err := ticket.CheckMove(tk, staff, validMove(p.to))
			if allowed(p.from, p.to) {
				wantCode(t, err, "")
				// Without what it needs, the move names exactly the missing fields.
				err = ticket.CheckMove(tk, staff, ticket.Move{To: p.to})
				if req := required(p.from, p.to); len(req) > 0 {
					wantFields(t, err, req...)
				} else {
					wantCode(t, err, "")
				}
				return
			}
			wantCode(t, err, fault.CodeInvalidTransition)
		})
	}
	t.Run("unknown state", func(t *testing.T) {
		err := ticket.CheckMove(&ticket.Ticket{State: ticket.New}, staff, ticket.Move{To: "escalated"})
		wantFields(t, err, "to")
	})
	t.Run("bad hold reason and resolution code", func(t *testing.T) {
		tk := &ticket.Ticket{State: ticket.InProgress}
		wantFields(t, ticket.CheckMove(tk, staff, ticket.Move{To: ticket.OnHold, HoldReason: "lunch"}), "holdReason")
		wantFields(t, ticket.CheckMove(tk, staff, ticket.Move{To: ticket.Resolved, ResolutionCode: "magic", ResolutionNotes: "x"}), "resolutionCode")
		wantFields(t, ticket.CheckMove(tk, staff, ticket.Move{To: ticket.Resolved, ResolutionCode: "fulfilled", ResolutionNotes: "   "}), "resolutionNotes")
		wantFields(t, ticket.CheckMove(tk, staff, ticket.Move{To: ticket.Canceled, Reason: " \t"}), "reason")
	})
}

// TestTransitionEveryPair runs every pair through the service on a real profile: allowed
// moves change the state and leave an audit entry and a change-log row; refused moves change
// nothing.
func TestTransitionEveryPair(t *testing.T) {
	e := newEnv(t)
	for _, p := range pairs() {
		t.Run(string(p.from)+"->"+string(p.to), func(t *testing.T) {
			tk := e.inState(p.from)
			audits := e.count(`SELECT COUNT(*) FROM audit_entries WHERE ticket_id = ?`, tk.ID)
			changes := e.count(`SELECT COUNT(*) FROM changes WHERE record_id = ?`, tk.ID)
			if !allowed(p.from, p.to) {
				_, err := e.svc.Transition(e.ctx, e.agent, tk.ID, validMove(p.to))
				wantCode(t, err, fault.CodeInvalidTransition)
				if got := e.get(tk.ID); got.State != p.from || got.UpdatedAt != tk.UpdatedAt {
					t.Errorf("refused move left state %s (updated %d), want %s (%d)", got.State, got.UpdatedAt, p.from, tk.UpdatedAt)
				}
				if n := e.count(`SELECT COUNT(*) FROM audit_entries WHERE ticket_id = ?`, tk.ID); n != audits {
					t.Errorf("refused move wrote %d audit entries", n-audits)
				}
				if n := e.count(`SELECT COUNT(*) FROM changes WHERE record_id = ?`, tk.ID); n != changes {
					t.Errorf("refused move wrote %d change rows", n-changes)
				}
				return
			}
			if req := required(p.from, p.to); len(req) > 0 {
				_, err := e.svc.Transition(e.ctx, e.agent, tk.ID, ticket.Move{To: p.to})
				wantFields(t, err, req...)
				if got := e.get(tk.ID); got.State != p.from {
					t.Fatalf("incomplete move left state %s, want %s", got.State, p.from)
				}
			}
			e.clock.Advance(1000)
			got, err := e.svc.Transition(e.ctx, e.agent, tk.ID, validMove(p.to))
			wantCode(t, err, "")
			stored := e.get(tk.ID)
			if got.State != p.to || stored.State != p.to {
				t.Fatalf("got state %s (stored %s), want %s", got.State, stored.State, p.to)
			}
			checkStateFields(t, stored)
			if n := e.count(`SELECT COUNT(*) FROM audit_entries WHERE ticket_id = ? AND field = 'state' AND old_value = ? AND new_value = ?`,
				tk.ID, p.from, p.to); n != 1 {
				t.Errorf("got %d audit entries for %s->%s, want 1", n, p.from, p.to)
			}
			if n := e.count(`SELECT COUNT(*) FROM changes WHERE entity = 'ticket' AND record_id = ? AND op = ? AND field = 'state'
				AND json_extract(value, '$.from') = ? AND json_extract(value, '$.to') = ?`, tk.ID, changelog.OpTransition, p.from, p.to); n != 1 {
				t.Errorf("got %d change rows for %s->%s, want 1", n, p.from, p.to)
			}
		})
	}
}

// checkStateFields checks the fields that go with a state are set, and the others cleared.
func checkStateFields(t *testing.T, tk *ticket.Ticket) {
	t.Helper()
	if (tk.State == ticket.OnHold) != (tk.HoldReason != "") {
		t.Errorf("%s has hold reason %q", tk.State, tk.HoldReason)
	}
	resolved := tk.State == ticket.Resolved || tk.State == ticket.Closed
	if resolved && (tk.ResolutionCode == "" || tk.ResolutionNotes == "" || tk.ResolvedAt == nil) {
		t.Errorf("%s lacks its resolution: %+v", tk.State, tk)
	}
	if tk.State.Open() && (tk.ResolutionCode != "" || tk.ResolvedAt != nil) {
		t.Errorf("open %s keeps a resolution: %q %v", tk.State, tk.ResolutionCode, tk.ResolvedAt)
	}
	if done := tk.State == ticket.Closed || tk.State == ticket.Canceled; done != (tk.ClosedAt != nil) {
		t.Errorf("%s has closed_at %v", tk.State, tk.ClosedAt)
	}
}
