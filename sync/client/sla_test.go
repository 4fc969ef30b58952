package client_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"
	"time"

	"outpost/domain/audit"
	"outpost/domain/ticket"
	"outpost/sync/synctest"
)

// slaRow is a ticket's SLA columns as the hook computes them (-1 for none; the policy by
// name, as each desk seeds its own default).
type slaRow struct {
	Policy                     string
	Stage                      string
	Paused                     bool
	ResponseDue, ResolutionDue int64
	DueAt, NextAt              int64
}

func slaOf(t *testing.T, r *synctest.Replica, id string) slaRow {
	t.Helper()
	var s slaRow
	err := r.Desk.DB.Raw(`SELECT COALESCE(p.name, ''), t.sla_stage, t.sla_paused, COALESCE(t.sla_response_due, -1),
		COALESCE(t.sla_resolution_due, -1), COALESCE(t.sla_due_at, -1), COALESCE(t.sla_next_at, -1)
		FROM tickets t LEFT JOIN sla_policies p ON p.id = t.sla_policy_id WHERE t.id = ?`, id).Row().Scan(&s.Policy, &s.Stage, &s.Paused, &s.ResponseDue, &s.ResolutionDue, &s.DueAt, &s.NextAt)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// trail is a ticket's audit trail without the entry ids (each desk names its own rows).
func trail(t *testing.T, r *synctest.Replica, id string) []ticket.AuditEntry {
	t.Helper()
	evs, err := r.Desk.Tickets.Timeline(context.Background(), r.Actor, id)
	if err != nil {
		t.Fatal(err)
	}
	var out []ticket.AuditEntry
	for _, e := range evs {
		if e.Audit != nil {
			a := *e.Audit
			a.ID = ""
			out = append(out, a)
		}
	}
	return out
}

// TestSLAFollowsTheTicketAcrossDesks: a P1 made on one desk has the same SLA due times on
// another after sync, its audit trail (and so its SLA history) crosses over, including moves
// made while the other desk was offline, and the other desk's sweep fires its breach.
func TestSLAFollowsTheTicketAcrossDesks(t *testing.T) {
	_, a, b := setup(t)
	ctx := context.Background()
	a.Sync(t)
	b.Sync(t)
	d := draft("Core switch down")
	d.Impact, d.Urgency = 1, 1
	tk, err := a.Desk.Tickets.Create(ctx, a.Actor, d)
	if err != nil {
		t.Fatal(err)
	}
	if tk.Priority != 1 {
		t.Fatalf("priority %d, want 1", tk.Priority)
	}
	a.Sync(t)
	b.Sync(t)
	sa, sb := slaOf(t, a, tk.ID), slaOf(t, b, tk.ID)
	if sa.ResolutionDue < 0 || sa.NextAt < 0 || sa.Policy == "" {
		t.Fatalf("desk A computed no SLA: %+v", sa)
	}
	if !reflect.DeepEqual(sa, sb) {
		t.Errorf("after create: desk B SLA %+v, want desk A's %+v", sb, sa)
	}

	// B is offline while A works the ticket: a hold (the clock pauses), a priority change, back to work.
	steps := []func() error{
		func() error {
			_, err := a.Desk.Tickets.Transition(ctx, a.Actor, tk.ID, ticket.Move{To: ticket.InProgress})
			return err
		},
		func() error {
			_, err := a.Desk.Tickets.AddComment(ctx, a.Actor, tk.ID, ticket.KindReply, "on it", 0)
			return err
		},
		func() error {
			_, err := a.Desk.Tickets.Attach(ctx, a.Actor, tk.ID, "trace.txt", []byte("port 24 flapping"))
			return err
		},
		func() error {
			other, err := a.Desk.Tickets.Create(ctx, a.Actor, draft("Wi-Fi down on floor 3"))
			if err != nil {
				return err
			}
			return a.Desk.Tickets.Relate(ctx, a.Actor, tk.ID, other.ID)
		},
		func() error {
			_, err := a.Desk.Tickets.Transition(ctx, a.Actor, tk.ID, ticket.Move{To: ticket.OnHold, HoldReason: "awaiting_vendor"})
			return err
		},
		func() error {
			_, err := a.Desk.Tickets.Update(ctx, a.Actor, tk.ID, ticket.Patch{Priority: ptr(2), PriorityReason: ptr("vendor workaround in place")})
			return err
		},
		func() error {
			_, err := a.Desk.Tickets.Transition(ctx, a.Actor, tk.ID, ticket.Move{To: ticket.InProgress})
			return err
		},
	}
	for i, step := range steps {
		a.Clock.Add(7 * time.Minute)
		if err := step(); err != nil {
			t.Fatalf("step %d: %v", i, err)
		}
	}
	a.Sync(t)
	a.Clock.Add(3 * time.Minute)
	b.Sync(t)
	if ta, tb := trail(t, a, tk.ID), trail(t, b, tk.ID); len(ta) < 8 || !reflect.DeepEqual(ta, tb) {
		t.Errorf("audit trail differs:\n A %+v\n B %+v", ta, tb)
	}
	sa, sb = slaOf(t, a, tk.ID), slaOf(t, b, tk.ID)
	if !reflect.DeepEqual(sa, sb) {
		t.Errorf("after offline work: desk B SLA %+v, want desk A's %+v", sb, sa)
	}

	// Well past the resolution target, B's sweep fires the breach of the synced ticket.
	b.Clock.Add(30 * 24 * time.Hour)
	sw, err := b.Desk.SLA.NewSweeper(ctx)
	if err != nil {
		t.Fatal(err)
	}
	res, err := sw.Tick(ctx, b.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	breached := false
	for _, f := range res.Fired {
		if f.TicketID == tk.ID && f.Percent >= 100 {
			breached = true
		}
	}
	if !breached {
		t.Errorf("desk B's sweep fired no breach for %s: %+v", tk.Number, res.Fired)
	}
}

func ptr[T any](v T) *T { return &v }

// TestSLAOfTicketsNewInAPage: tickets another desk made and worked offline reach a new desk
// in one page, whose SLA hook takes them as the page holds them (ticket.Inserted), and a
// third desk change by change (each later op on a ticket already stored, read back): all
// three desks agree on every SLA column and on the levels still to fire.
func TestSLAOfTicketsNewInAPage(t *testing.T) {
	s, a, _ := setup(t)
	ctx := context.Background()
	a.Sync(t)
	type step func(id string) error
	move := func(to ticket.State, reason string) step {
		return func(id string) error {
			m := ticket.Move{To: to, HoldReason: reason}
			if to == ticket.Resolved {
				m.ResolutionCode, m.ResolutionNotes = "solved_permanently", "replaced the patch cable"
			}
			_, err := a.Desk.Tickets.Transition(ctx, a.Actor, id, m)
			return err
		}
	}
	priority := func(p int) step {
		return func(id string) error {
			_, err := a.Desk.Tickets.Update(ctx, a.Actor, id, ticket.Patch{Priority: ptr(p), PriorityReason: ptr("reassessed")})
			return err
		}
	}
	reply := func(id string) error {
		_, err := a.Desk.Tickets.AddComment(ctx, a.Actor, id, ticket.KindReply, "On my way with a new cable.", 0)
		return err
	}
	// The last two get a reply in the same page as their create: the hook reads those back
	// from their rows, the reply included (it meets the response target).
	histories := [][]step{
		nil,
		{move(ticket.InProgress, "")},
		{move(ticket.InProgress, ""), move(ticket.OnHold, "awaiting_vendor"), priority(1), move(ticket.InProgress, "")},
		{move(ticket.OnHold, "awaiting_caller")},
		{priority(1), priority(4)},
		{move(ticket.InProgress, ""), move(ticket.Resolved, "")},
		{reply},
		{move(ticket.InProgress, ""), reply, move(ticket.OnHold, "awaiting_caller")},
	}
	var ids []string
	for i, h := range histories {
		d := draft(fmt.Sprint("Ticket ", i))
		d.Impact, d.Urgency = 1+i%3, 1+i%2
		tk, err := a.Desk.Tickets.Create(ctx, a.Actor, d)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tk.ID)
		for j, st := range h {
			a.Clock.Add(13 * time.Minute)
			if err := st(tk.ID); err != nil {
				t.Fatalf("ticket %d step %d: %v", i, j, err)
			}
		}
	}
	a.Sync(t)
	a.Clock.Add(5 * time.Minute)
	onePage := synctest.NewReplica(t, s, "bob@example.test", a.Clock)
	onePage.Sync(t)
	byChange := synctest.NewReplica(t, s, "bob@example.test", a.Clock)
	byChange.Client.PageSize = 1
	byChange.Sync(t)
	// a's own columns were computed at each write; recompute them at the same now.
	if _, err := a.Desk.SLA.RecomputeOpen(ctx); err != nil {
		t.Fatal(err)
	}
	schedule := func(r *synctest.Replica, id string) []string {
		var rows []string
		r.Desk.DB.Raw(`SELECT kind || ' ' || level || ' ' || target || ' ' || at || ' ' || stage FROM sla_schedule WHERE ticket_id = ? ORDER BY 1`, id).Scan(&rows)
		return rows
	}
	for i, id := range ids {
		want := slaOf(t, a, id)
		if want.Policy == "" {
			t.Fatalf("ticket %d: desk A computed no SLA", i)
		}
		for name, r := range map[string]*synctest.Replica{"one page": onePage, "change by change": byChange} {
			if got := slaOf(t, r, id); !reflect.DeepEqual(got, want) {
				t.Errorf("ticket %d, %s: SLA %+v, want %+v", i, name, got, want)
			}
			if got, want := schedule(r, id), schedule(a, id); !reflect.DeepEqual(got, want) {
				t.Errorf("ticket %d, %s: schedule %v, want %v", i, name, got, want)
			}
		}
	}
}

// TestSettledTicketsMatchTheHook: a pulled page's new tickets get their SLA state in their
// insert (sla.Service.Settle), where the SLA hook used to update the rows after it. Every SLA
// column, the schedule and the audit chain must come out as the hook leaves them: the same
// history pulled change by change (each ticket's create alone in its page, its later ops
// through the hook) at the same instant is the reference.
func TestSettledTicketsMatchTheHook(t *testing.T) {
	s, a, _ := setup(t)
	ctx := context.Background()
	a.Sync(t)
	var ids []string
	for i := range 6 {
		d := draft(fmt.Sprint("Ticket ", i))
		d.Impact, d.Urgency = 1+i%3, 1+i%2
		tk, err := a.Desk.Tickets.Create(ctx, a.Actor, d)
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, tk.ID)
		a.Clock.Add(7 * time.Minute)
		switch i % 3 {
		case 1:
			if _, err := a.Desk.Tickets.Transition(ctx, a.Actor, tk.ID, ticket.Move{To: ticket.InProgress}); err != nil {
				t.Fatal(err)
			}
		case 2:
			if _, err := a.Desk.Tickets.Transition(ctx, a.Actor, tk.ID, ticket.Move{To: ticket.OnHold, HoldReason: "awaiting_vendor"}); err != nil {
				t.Fatal(err)
			}
		}
	}
	a.Sync(t)
	a.Clock.Add(3 * time.Hour) // far enough on for warnings to be planned or passed
	onePage := synctest.NewReplica(t, s, "bob@example.test", a.Clock)
	onePage.Sync(t)
	byChange := synctest.NewReplica(t, s, "bob@example.test", a.Clock)
	byChange.Client.PageSize = 1
	byChange.Sync(t)
	columns := func(r *synctest.Replica, id string) []string {
		var row []string
		err := r.Desk.DB.Raw(`SELECT COALESCE(p.name, '') || '|' || t.sla_stage || '|' || t.sla_paused || '|' ||
			COALESCE(t.sla_response_due, '-') || '|' || COALESCE(t.sla_resolution_due, '-') || '|' || COALESCE(t.sla_due_at, '-') || '|' ||
			COALESCE(t.sla_next_at, '-') || '|' || t.sla_plan || '|' || t.sla_at || '|' || COALESCE(t.sla_warn_at, '-') || '|' ||
			COALESCE(t.sla_breach_at, '-')
			FROM tickets t LEFT JOIN sla_policies p ON p.id = t.sla_policy_id WHERE t.id = ?`, id).Scan(&row).Error
		if err != nil || len(row) != 1 {
			t.Fatalf("SLA columns of %s: %v %v", id, row, err)
		}
		var sched []string
		r.Desk.DB.Raw(`SELECT kind || ' ' || level || ' ' || target || ' ' || at || ' ' || stage FROM sla_schedule WHERE ticket_id = ? ORDER BY 1`, id).Scan(&sched)
		return append(row, sched...)
	}
	for i, id := range ids {
		got, want := columns(onePage, id), columns(byChange, id)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("ticket %d: pulled in one page %v, change by change %v", i, got, want)
		}
		if got[0] == "" || got[0][0] == '|' {
			t.Errorf("ticket %d: no SLA policy: %v", i, got)
		}
	}
	for name, r := range map[string]*synctest.Replica{"one page": onePage, "change by change": byChange} {
		res, err := audit.Verify(ctx, r.Desk.DB)
		if err != nil {
			t.Fatal(err)
		}
		if !res.Intact || res.Entries == 0 {
			t.Errorf("%s: audit chain %+v, want intact", name, res)
		}
	}
}
