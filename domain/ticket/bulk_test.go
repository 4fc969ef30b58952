package ticket_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"gorm.io/gorm"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

// trail counts what a ticket has in its audit trail and change log (its comments' too).
func (e *env) trail(id string) (audit, changes int64) {
	e.t.Helper()
	return e.count(`SELECT COUNT(*) FROM audit_entries WHERE ticket_id = ?`, id),
		e.count(`SELECT COUNT(*) FROM changes WHERE record_id = ? OR record_id IN (SELECT id FROM comments WHERE ticket_id = ?)`, id, id)
}

func ids(ts ...*ticket.Ticket) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.ID
	}
	return out
}

func TestBulkAssignReportsRefused(t *testing.T) {
	e := newEnv(t)
	sd, nw := e.groups["Service Desk"], e.groups["Network"]
	var open []*ticket.Ticket
	for i := 0; i < 5; i++ {
		open = append(open, e.create(fmt.Sprintf("Printer %d jams", i), draftGroup(sd, "")))
	}
	closed := e.inState(ticket.Closed, draftGroup(sd, ""))
	elsewhere := e.create("Switch down", draftGroup(nw, "")) // the agent is not in Network
	all := append(slices.Clone(open), closed, elsewhere)
	type before struct{ audit, changes int64 }
	was := map[string]before{}
	for _, tk := range all {
		a, c := e.trail(tk.ID)
		was[tk.ID] = before{a, c}
	}

	e.clock.Advance(time.Minute)
	out, err := e.svc.Bulk(e.ctx, e.manager, append(ids(all...), "no-such-ticket"), ticket.Change{Patch: &ticket.Patch{AssigneeID: &e.agent.ID}})
	wantCode(t, err, "")
	if len(out) != len(all)+1 {
		t.Fatalf("got %d outcomes, want %d", len(out), len(all)+1)
	}
	for i, o := range out[:len(open)] {
		if !o.Done || o.Code != "" || o.ID != open[i].ID || o.Number != open[i].Number {
			t.Errorf("outcome %d: got %+v, want %s done", i, o, open[i].Number)
		}
		tk := e.get(o.ID)
		if tk.AssigneeID == nil || *tk.AssigneeID != e.agent.ID || tk.UpdatedAt != e.clock.Now().UnixMilli() {
			t.Errorf("%s: got assignee %v updated %d, want %s now", tk.Number, tk.AssigneeID, tk.UpdatedAt, e.agent.ID)
		}
		a, c := e.trail(o.ID)
		if a != was[o.ID].audit+1 || c != was[o.ID].changes+1 {
			t.Errorf("%s: got %d audit entries and %d changes more, want 1 and 1", tk.Number, a-was[o.ID].audit, c-was[o.ID].changes)
		}
		if n := e.count(`SELECT COUNT(*) FROM audit_entries WHERE ticket_id = ? AND field = 'assigneeId' AND new_value = ? AND actor_id = ?`,
			o.ID, e.agent.ID, e.manager.ID); n != 1 {
			t.Errorf("%s: got %d assignment audit entries by the manager, want 1", tk.Number, n)
		}
	}
	refused := []struct {
		o            ticket.Outcome
		number, code string
		field        string
	}{
		{out[len(open)], closed.Number, fault.CodeInvalidTransition, ""},
		{out[len(open)+1], elsewhere.Number, fault.CodeValidation, "assigneeId"},
		{out[len(open)+2], "", fault.CodeNotFound, ""},
	}
	for _, r := range refused {
		if r.o.Done || r.o.Number != r.number || r.o.Code != r.code || r.o.Message == "" {
			t.Errorf("got %+v, want %q refused with %s and a message", r.o, r.number, r.code)
		}
		if r.field != "" && r.o.Fields[r.field] == "" {
			t.Errorf("%s: got fields %v, want a message on %s", r.number, r.o.Fields, r.field)
		}
		if r.number == "" {
			continue
		}
		tk := e.get(r.o.ID)
		a, c := e.trail(r.o.ID)
		if tk.AssigneeID != nil || a != was[r.o.ID].audit || c != was[r.o.ID].changes {
			t.Errorf("%s was refused but changed: assignee %v, %d audit entries and %d changes more",
				tk.Number, tk.AssigneeID, a-was[r.o.ID].audit, c-was[r.o.ID].changes)
		}
	}
}

func TestBulkForbidden(t *testing.T) {
	e := newEnv(t)
	tk := e.create("Monitor flickers")
	audit, changes := e.trail(tk.ID)
	for _, c := range []ticket.Change{
		{Patch: &ticket.Patch{AssigneeID: &e.agent.ID}},
		{AssignToMe: true},
		{Move: &ticket.Move{To: ticket.Canceled, Reason: "not needed"}},
	} {
		out, err := e.svc.Bulk(e.ctx, e.req, []string{tk.ID}, c)
		wantCode(t, err, fault.CodeForbidden)
		if out != nil {
			t.Errorf("got outcomes %v with a refused action", out)
		}
	}
	if a, c := e.trail(tk.ID); a != audit || c != changes || e.get(tk.ID).State != ticket.New {
		t.Errorf("a requester's bulk action wrote %d audit entries and %d changes", a-audit, c-changes)
	}
}

func TestBulkChanges(t *testing.T) {
	sdOnly := func(e *env) func(*ticket.Draft) { return draftGroup(e.groups["Service Desk"], "") }
	cases := []struct {
		name   string
		change func(e *env) ticket.Change
		state  ticket.State // of the ticket before
		code   string       // "" when done
		field  string       // the refused field
		check  func(e *env, tk *ticket.Ticket) string
	}{
		{"assign to me", func(*env) ticket.Change { return ticket.Change{AssignToMe: true} }, ticket.New, "", "", func(e *env, tk *ticket.Ticket) string {
			if ticketAssignee(tk) == e.manager.ID {
				return "the manager"
			}
			return ticketAssignee(tk)
		}},
		{"priority override needs its reason", func(*env) ticket.Change {
			return ticket.Change{Patch: &ticket.Patch{Priority: ptr(1)}}
		}, ticket.InProgress, fault.CodeValidation, "priorityReason", nil},
		{"priority override with reason", func(*env) ticket.Change {
			return ticket.Change{Patch: &ticket.Patch{Priority: ptr(1), PriorityReason: ptr("CEO's laptop")}}
		}, ticket.InProgress, "", "", func(_ *env, tk *ticket.Ticket) string {
			return fmt.Sprintf("P%d %s", tk.Priority, tk.PriorityOverrideReason)
		}},
		{"category", func(*env) ticket.Change { return ticket.Change{Patch: &ticket.Patch{Category: ptr(" Hardware ")}} },
			ticket.OnHold, "", "", func(_ *env, tk *ticket.Ticket) string { return tk.Category }},
		{"add tags keeps the ticket's own", func(*env) ticket.Change { return ticket.Change{AddTags: []string{"Lyon", "outage"}} },
			ticket.New, "", "", func(_ *env, tk *ticket.Ticket) string { return tk.Tags }},
		{"work note", func(*env) ticket.Change { return ticket.Change{Note: "Vendor called back."} }, ticket.Resolved, "", "",
			func(e *env, tk *ticket.Ticket) string {
				return fmt.Sprint(e.count(`SELECT COUNT(*) FROM comments WHERE ticket_id = ? AND kind = 'note' AND body = 'Vendor called back.'`, tk.ID))
			}},
		{"work note on a closed ticket", func(*env) ticket.Change { return ticket.Change{Note: "Too late."} }, ticket.Closed,
			fault.CodeInvalidTransition, "", nil},
		{"hold", func(*env) ticket.Change {
			return ticket.Change{Move: &ticket.Move{To: ticket.OnHold, HoldReason: "awaiting_vendor"}}
		}, ticket.InProgress, "", "", func(_ *env, tk *ticket.Ticket) string { return string(tk.State) + " " + tk.HoldReason }},
		{"hold without a reason", func(*env) ticket.Change { return ticket.Change{Move: &ticket.Move{To: ticket.OnHold}} },
			ticket.InProgress, fault.CodeValidation, "holdReason", nil},
		{"resolve", func(*env) ticket.Change {
			return ticket.Change{Move: &ticket.Move{To: ticket.Resolved, ResolutionCode: "solved_remotely", ResolutionNotes: "Rebooted the switch."}}
		}, ticket.OnHold, "", "", func(_ *env, tk *ticket.Ticket) string { return string(tk.State) + " " + tk.ResolutionCode }},
		{"cancel a resolved one", func(*env) ticket.Change {
			return ticket.Change{Move: &ticket.Move{To: ticket.Canceled, Reason: "Raised twice."}}
		}, ticket.Resolved, fault.CodeInvalidTransition, "", nil},
	}
	want := map[string]string{
		"assign to me":                    "the manager",
		"priority override with reason":   "P1 CEO's laptop",
		"category":                        "Hardware",
		"add tags keeps the ticket's own": "lyon,outage,vip",
		"work note":                       "1",
		"hold":                            "on_hold awaiting_vendor",
		"resolve":                         "resolved solved_remotely",
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			tk := e.inState(c.state, sdOnly(e), func(d *ticket.Draft) { d.Tags = []string{"vip"} })
			audit, changes := e.trail(tk.ID)
			out, err := e.svc.Bulk(e.ctx, e.manager, []string{tk.ID}, c.change(e))
			wantCode(t, err, "")
			if len(out) != 1 || out[0].Code != c.code || out[0].Done != (c.code == "") {
				t.Fatalf("got %+v, want code %q", out, c.code)
			}
			if c.field != "" && out[0].Fields[c.field] == "" {
				t.Errorf("got fields %v, want a message on %s", out[0].Fields, c.field)
			}
			a, ch := e.trail(tk.ID)
			if c.code != "" {
				if a != audit || ch != changes {
					t.Errorf("refused, yet %d audit entries and %d changes were written", a-audit, ch-changes)
				}
				return
			}
			if ch <= changes {
				t.Errorf("done, yet no change-log row was written")
			}
			after := e.get(tk.ID)
			if got := c.check(e, after); got != want[c.name] {
				t.Errorf("got %q, want %q", got, want[c.name])
			}
		})
	}
}

func ticketAssignee(tk *ticket.Ticket) string {
	if tk.AssigneeID == nil {
		return ""
	}
	return *tk.AssigneeID
}

func ptr[T any](v T) *T { return &v }

func TestBulkRefusesBadActions(t *testing.T) {
	e := newEnv(t)
	tk := e.create("Mouse")
	for _, c := range []struct {
		name   string
		ids    []string
		change ticket.Change
		field  string
	}{
		{"no change", []string{tk.ID}, ticket.Change{}, "change"},
		{"two changes", []string{tk.ID}, ticket.Change{AssignToMe: true, Note: "and a note"}, "change"},
		{"children", []string{tk.ID}, ticket.Change{Move: &ticket.Move{To: ticket.Resolved, IncludeChildren: true}}, "includeChildren"},
		{"no tickets", nil, ticket.Change{AssignToMe: true}, "ids"},
		{"too many", make([]string, ticket.BulkMax+1), ticket.Change{AssignToMe: true}, "ids"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if c.name == "too many" {
				for i := range c.ids {
					c.ids[i] = fmt.Sprint(i)
				}
			}
			_, err := e.svc.Bulk(e.ctx, e.manager, c.ids, c.change)
			wantFields(t, err, c.field)
		})
	}
}

// A ticket whose write fails after its rows were written (here a hook refuses it) is rolled
// back to its savepoint whole: its update, audit entries and change-log rows are gone, and
// the tickets around it are done.
func TestBulkNothingHalfDone(t *testing.T) {
	e := newEnv(t)
	ts := []*ticket.Ticket{e.create("One"), e.create("Two"), e.create("Three")}
	e.svc.AfterWrite = append(e.svc.AfterWrite, func(tx *gorm.DB, ids []string, _ time.Time) error {
		if slices.Contains(ids, ts[1].ID) {
			return fmt.Errorf("the SLA of %s: %w", ts[1].Number, fault.ErrConflict)
		}
		return nil
	})
	audit, changes := e.trail(ts[1].ID)
	out, err := e.svc.Bulk(e.ctx, e.manager, ids(ts...), ticket.Change{Patch: &ticket.Patch{Category: ptr("Hardware")}})
	wantCode(t, err, "")
	var got []string
	for _, o := range out {
		got = append(got, fmt.Sprintf("%s %v %s %s", o.Number, o.Done, o.Code, e.get(o.ID).Category))
	}
	wantOut := []string{ts[0].Number + " true  Hardware", ts[1].Number + " false conflict ", ts[2].Number + " true  Hardware"}
	if !slices.Equal(got, wantOut) {
		t.Errorf("got %q, want %q", got, wantOut)
	}
	if a, c := e.trail(ts[1].ID); a != audit || c != changes {
		t.Errorf("the refused ticket kept %d audit entries and %d changes", a-audit, c-changes)
	}
}

// An error that is no rule's refusal fails the whole action: nothing at all is written.
func TestBulkInternalErrorWritesNothing(t *testing.T) {
	e := newEnv(t)
	ts := []*ticket.Ticket{e.create("One"), e.create("Two")}
	boom := errors.New("disk on fire")
	e.svc.AfterWrite = append(e.svc.AfterWrite, func(tx *gorm.DB, ids []string, _ time.Time) error {
		if slices.Contains(ids, ts[1].ID) {
			return boom
		}
		return nil
	})
	before := e.count(`SELECT COUNT(*) FROM changes`)
	_, err := e.svc.Bulk(e.ctx, e.manager, ids(ts...), ticket.Change{AssignToMe: true})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want %v", err, boom)
	}
	if n := e.count(`SELECT COUNT(*) FROM changes`); n != before || e.get(ts[0].ID).AssigneeID != nil {
		t.Errorf("a failed action wrote %d changes (first ticket's assignee %v)", n-before, e.get(ts[0].ID).AssigneeID)
	}
}

func TestQueueIDs(t *testing.T) {
	e := newEnv(t)
	sd := e.groups["Service Desk"]
	a := e.create("A", draftGroup(sd, ""))
	e.create("B")
	c := e.create("C", draftGroup(sd, ""))
	e.inState(ticket.Closed, draftGroup(sd, ""))
	got, err := e.svc.QueueIDs(e.ctx, e.manager, ticket.Query{View: "all_open", GroupID: sd, Limit: 1}, 10)
	wantCode(t, err, "")
	if want := ids(a, c); !slices.Equal(got, want) {
		t.Errorf("got %v, want %v (the view's filters, not its page)", got, want)
	}
	if got, _ := e.svc.QueueIDs(e.ctx, e.manager, ticket.Query{View: "all"}, 2); len(got) != 2 {
		t.Errorf("got %d ids, want at most 2", len(got))
	}
	// A requester's view is their own tickets, whatever the filter says.
	if got, _ := e.svc.QueueIDs(e.ctx, people.Actor{ID: e.other.ID, Role: people.Requester}, ticket.Query{View: "all"}, 10); len(got) != 0 {
		t.Errorf("got %d ids for a requester with no tickets, want 0", len(got))
	}
}

// The AfterWrite hooks (the SLA's) see every ticket a bulk action changed, and no other.
func TestBulkRunsHooksForDone(t *testing.T) {
	e := newEnv(t)
	ts := []*ticket.Ticket{e.create("One"), e.inState(ticket.Closed), e.create("Three")}
	var seen []string
	e.svc.AfterWrite = append(e.svc.AfterWrite, func(tx *gorm.DB, ids []string, _ time.Time) error {
		seen = append(seen, ids...)
		return nil
	})
	if _, err := e.svc.Bulk(e.ctx, e.manager, ids(ts...), ticket.Change{Patch: &ticket.Patch{Category: ptr("Network")}}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(seen)
	want := ids(ts[0], ts[2])
	slices.Sort(want)
	if !slices.Equal(seen, want) {
		t.Errorf("hooks saw %v, want %v", seen, want)
	}
}
