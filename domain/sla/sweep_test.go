package sla_test

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/sla"
	"outpost/domain/ticket"
)

// clock is a settable clock shared by a desk and the test.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time)     { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

type env struct {
	t     *testing.T
	path  string
	clock *clock
	d     *desk.Desk
	owner people.Actor
}

// monday09 is a Monday 09:00 UTC (the tests run with the machine zone; the seeded calendar is
// pinned to UTC below so they do not depend on it).
var monday09 = time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)

func newEnv(t *testing.T) *env {
	t.Helper()
	t.Setenv("TZ", "UTC")
	e := &env{t: t, path: filepath.Join(t.TempDir(), "desk.outpost"), clock: &clock{t: monday09}}
	e.open()
	return e
}

func (e *env) open() {
	e.t.Helper()
	d, err := desk.Open(context.Background(), e.path, e.clock.Now)
	if err != nil {
		e.t.Fatal(err)
	}
	e.d = d
	if e.owner, err = d.Owner(context.Background()); err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { _ = d.Close() })
}

func (e *env) restart() {
	e.t.Helper()
	if err := e.d.Close(); err != nil {
		e.t.Fatal(err)
	}
	e.open()
}

func (e *env) create(impact, urgency int, assignee string) *ticket.Ticket {
	e.t.Helper()
	tk, err := e.d.Tickets.Create(context.Background(), e.owner, ticket.Draft{Type: ticket.Incident, Title: "Mail server down",
		Impact: impact, Urgency: urgency, AssigneeID: assignee})
	if err != nil {
		e.t.Fatal(err)
	}
	return tk
}

// escalateAt150 adds to the default policy a level at 150 % of the response target that
// reassigns to Network and raises the priority; it returns Network's id.
func (e *env) escalateAt150(t *testing.T) string {
	t.Helper()
	var network string
	e.d.DB.Raw(`SELECT id FROM assignment_groups WHERE name = 'Network'`).Scan(&network)
	p := e.d.SLA.Policies()[0]
	p.Escalations = append(p.Escalations, sla.Escalation{Percent: 150, Kind: sla.Response,
		Actions: []sla.Action{{Kind: sla.Reassign, GroupID: network}, {Kind: sla.RaisePriority}}})
	if _, err := e.d.SLA.SavePolicy(context.Background(), e.owner, p); err != nil {
		t.Fatal(err)
	}
	return network
}

func (e *env) tick() *sla.SweepResult {
	e.t.Helper()
	sw, err := e.d.SLA.NewSweeper(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	res, err := sw.Tick(context.Background(), e.clock.Now())
	if err != nil {
		e.t.Fatal(err)
	}
	return res
}

func (e *env) column(id, col string) any {
	e.t.Helper()
	var v any
	if err := e.d.DB.Raw(`SELECT `+col+` FROM tickets WHERE id = ?`, id).Row().Scan(&v); err != nil {
		e.t.Fatal(err)
	}
	return v
}

// queueStage is the SLA stage the queue shows for a ticket.
func (e *env) queueStage(id string) string {
	e.t.Helper()
	rows, err := e.d.Tickets.Queue(context.Background(), e.owner, ticket.Query{View: "all", Limit: 500})
	if err != nil {
		e.t.Fatal(err)
	}
	for _, r := range rows {
		if r.ID == id {
			return r.SLAStage
		}
	}
	e.t.Fatalf("ticket %s not in the queue", id)
	return ""
}

// scheduled counts the levels of a ticket still waiting for the sweep.
func (e *env) scheduled(id string) int64 {
	e.t.Helper()
	var n int64
	if err := e.d.DB.Raw(`SELECT COUNT(*) FROM sla_schedule WHERE ticket_id = ?`, id).Scan(&n).Error; err != nil {
		e.t.Fatal(err)
	}
	return n
}

func TestSeedOnceAndEditRights(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	pols := e.d.SLA.Policies()
	if len(pols) != 1 || !pols[0].Default || len(pols[0].Targets) != 5 {
		t.Fatalf("got %+v, want one default policy with 5 targets", pols)
	}
	if n := len(e.d.SLA.Calendars()); n != 2 {
		t.Fatalf("got %d calendars, want 2 (24×7 and office hours)", n)
	}
	e.restart()
	if n := len(e.d.SLA.Policies()); n != 1 {
		t.Fatalf("after reopening: got %d policies, want 1", n)
	}
	agent, err := e.d.People.CreateUser(ctx, e.owner, people.User{Name: "Ann Agent", Email: "ann@example.com", Role: people.Agent})
	if err != nil {
		t.Fatal(err)
	}
	p := e.d.SLA.Policies()[0]
	p.ID, p.Default, p.Name, p.Match = "", false, "Requests", sla.Match{Types: []string{"request"}}
	if _, err := e.d.SLA.SavePolicy(ctx, people.Actor{ID: agent.ID, Role: people.Agent}, p); !errors.Is(err, fault.ErrForbidden) {
		t.Fatalf("agent edits a policy: got %v, want forbidden", err)
	}
	saved, err := e.d.SLA.SavePolicy(ctx, e.owner, p)
	if err != nil {
		t.Fatal(err)
	}
	if pols := e.d.SLA.Policies(); len(pols) != 2 || pols[0].ID != saved.ID || !pols[1].Default {
		t.Fatalf("got %+v, want the new policy first and the default last", pols)
	}
	if err := e.d.SLA.DeletePolicy(ctx, e.owner, e.d.SLA.Policies()[1].ID); err == nil {
		t.Fatal("deleting the default policy: got no error")
	}
	bad := sla.Calendar{Name: "Empty", Zone: "Europe/Berlin"}
	if _, err := e.d.SLA.SaveCalendar(ctx, e.owner, bad); fault.Code(err) != fault.CodeValidation {
		t.Fatalf("calendar without hours: got %v, want a validation error", err)
	}
}

func TestHookKeepsColumns(t *testing.T) {
	e := newEnv(t)
	tk := e.create(1, 1, e.owner.ID) // P1: 15 min / 4 h on 24×7
	if got, want := e.column(tk.ID, "sla_response_due"), monday09.Add(15*time.Minute).UnixMilli(); got != want {
		t.Errorf("response due: got %v, want %d", got, want)
	}
	if got, want := e.column(tk.ID, "sla_next_at"), monday09.Add(11*time.Minute+15*time.Second).UnixMilli(); got != want {
		t.Errorf("next SLA event: got %v, want %d (75%% of 15 min)", got, want)
	}
	e.clock.Add(5 * time.Minute)
	if _, err := e.d.Tickets.AddComment(context.Background(), e.owner, tk.ID, ticket.KindReply, "On it", 0); err != nil {
		t.Fatal(err)
	}
	if got := e.column(tk.ID, "sla_response_due"); got != nil {
		t.Errorf("after the first reply: response due %v, want none", got)
	}
	if got, want := e.column(tk.ID, "sla_next_at"), monday09.Add(3*time.Hour).UnixMilli(); got != want {
		t.Errorf("next SLA event: got %v, want %d (resolution warning)", got, want)
	}
	e.clock.Add(time.Minute)
	if _, err := e.d.Tickets.Transition(context.Background(), e.owner, tk.ID, ticket.Move{To: ticket.OnHold, HoldReason: "awaiting_vendor"}); err != nil {
		t.Fatal(err)
	}
	if got := e.column(tk.ID, "sla_paused"); got != int64(1) {
		t.Errorf("on hold: paused %v, want 1", got)
	}
	if got := e.column(tk.ID, "sla_next_at"); got != nil {
		t.Errorf("on hold: next SLA event %v, want none", got)
	}
	st, err := e.d.SLA.Status(context.Background(), e.owner, tk.ID, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if st.Response.State != sla.Met || st.Resolution.State != sla.Paused || st.PolicyName != "Default" {
		t.Errorf("status: got response %s, resolution %s, policy %q", st.Response.State, st.Resolution.State, st.PolicyName)
	}
}

func TestSweepFiresOnceAcrossRestarts(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	tk := e.create(1, 1, e.owner.ID)
	e.clock.Add(12 * time.Minute)
	res := e.tick()
	if len(res.Fired) != 1 || res.Fired[0].Percent != 75 || res.Fired[0].Kind != sla.Response {
		t.Fatalf("first tick: got %+v, want the response warning", res.Fired)
	}
	if got := e.queueStage(tk.ID); got != sla.StageWarning {
		t.Errorf("stage in the queue: got %v, want warning", got)
	}
	if res := e.tick(); len(res.Fired) != 0 {
		t.Fatalf("second tick: got %+v, want nothing", res.Fired)
	}
	e.restart()
	if res := e.tick(); len(res.Fired) != 0 {
		t.Fatalf("tick after restart: got %+v, want nothing", res.Fired)
	}
	e.clock.Add(5 * time.Minute)
	res = e.tick()
	if len(res.Fired) != 1 || res.Fired[0].Percent != 100 {
		t.Fatalf("after the due time: got %+v, want the response breach", res.Fired)
	}
	if want := monday09.Add(15 * time.Minute).UnixMilli(); res.Fired[0].At != want {
		t.Errorf("breach at %d, want the due instant %d", res.Fired[0].At, want)
	}
	e.restart()
	if res := e.tick(); len(res.Fired) != 0 {
		t.Fatalf("tick after second restart: got %+v, want nothing", res.Fired)
	}
	var events int64
	e.d.DB.Raw(`SELECT COUNT(*) FROM sla_events WHERE ticket_id = ?`, tk.ID).Scan(&events)
	if events != 2 {
		t.Errorf("got %d SLA events, want 2", events)
	}
	notes, err := e.d.SLA.Notifications(ctx, e.owner, false, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(notes) != 2 || notes[0].Kind != "sla_breach" || notes[1].Kind != "sla_warning" || notes[0].TicketNumber != tk.Number {
		t.Fatalf("notifications: got %+v, want breach then warning for %s", notes, tk.Number)
	}
	if n, _ := e.d.SLA.UnreadCount(ctx, e.owner); n != 2 {
		t.Errorf("unread: got %d, want 2", n)
	}
	if err := e.d.SLA.MarkRead(ctx, e.owner, []string{notes[0].ID}, e.clock.Now()); err != nil {
		t.Fatal(err)
	}
	if n, _ := e.d.SLA.UnreadCount(ctx, e.owner); n != 1 {
		t.Errorf("unread after marking one: got %d, want 1", n)
	}
	// The breach left a work note, written as the system user.
	tl, err := e.d.Tickets.Timeline(ctx, e.owner, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, ev := range tl {
		if ev.Kind == ticket.KindNote && ev.ActorName == "Outpost" {
			found = true
		}
	}
	if !found {
		t.Error("no work note by Outpost after the breach")
	}
}

// A schedule row for a level that has fired (a schedule out of step, e.g. restored from a
// backup) fires nothing, and the due level beside it in the same statement still fires.
func TestSweepSkipsFiredLevelInSchedule(t *testing.T) {
	e := newEnv(t)
	tk := e.create(1, 1, e.owner.ID)
	e.clock.Add(12 * time.Minute)
	if res := e.tick(); len(res.Fired) != 1 || res.Fired[0].Percent != 75 {
		t.Fatalf("first tick: got %+v, want the response warning", res.Fired)
	}
	warnAt := monday09.Add(11*time.Minute + 15*time.Second).UnixMilli()
	if err := e.d.DB.Exec(`INSERT INTO sla_schedule(at, ticket_id, kind, level, target, stage) VALUES (?, ?, 'response', 75, '15m', 'warning')`,
		warnAt, tk.ID).Error; err != nil {
		t.Fatal(err)
	}
	e.clock.Add(5 * time.Minute)
	res := e.tick()
	if len(res.Fired) != 1 || res.Fired[0].Percent != 100 || res.Fired[0].Kind != sla.Response {
		t.Fatalf("second tick: got %+v, want only the response breach", res.Fired)
	}
	var events, warnings int64
	e.d.DB.Raw(`SELECT COUNT(*) FROM sla_events WHERE ticket_id = ?`, tk.ID).Scan(&events)
	e.d.DB.Raw(`SELECT COUNT(*) FROM notifications WHERE ticket_id = ? AND kind = 'sla_warning'`, tk.ID).Scan(&warnings)
	if events != 2 || warnings != 1 {
		t.Errorf("got %d events and %d warning notifications, want 2 and 1", events, warnings)
	}
	if n := e.scheduled(tk.ID); n == 0 {
		t.Error("the resolution levels left the schedule")
	}
	if got := e.queueStage(tk.ID); got != sla.StageBreached {
		t.Errorf("stage in the queue: got %v, want breached", got)
	}
}

func TestSweepAfterGap(t *testing.T) {
	e := newEnv(t)
	tk := e.create(1, 2, e.owner.ID) // P2: 30 min / 8 business hours, office hours in UTC
	e.restart()
	e.clock.Add(3 * 24 * time.Hour)
	e.restart()
	res := e.tick()
	want := []struct {
		kind string
		pct  int
		at   time.Time
	}{
		{sla.Response, 75, monday09.Add(22*time.Minute + 30*time.Second)},
		{sla.Response, 100, monday09.Add(30 * time.Minute)},
		{sla.Resolution, 75, monday09.Add(6 * time.Hour)},
		{sla.Resolution, 100, monday09.Add(8 * time.Hour)},
	}
	if len(res.Fired) != len(want) {
		t.Fatalf("got %d fired, want %d: %+v", len(res.Fired), len(want), res.Fired)
	}
	for i, w := range want {
		f := res.Fired[i]
		if f.TicketID != tk.ID || f.Kind != w.kind || f.Percent != w.pct || f.At != w.at.UnixMilli() {
			t.Errorf("fired %d: got %s %d%% at %s, want %s %d%% at %s", i, f.Kind, f.Percent, time.UnixMilli(f.At).UTC(), w.kind, w.pct, w.at)
		}
	}
	if res := e.tick(); len(res.Fired) != 0 {
		t.Fatalf("second tick: got %+v, want nothing", res.Fired)
	}
	if n := e.scheduled(tk.ID); n != 0 {
		t.Errorf("levels left to fire after all fired: got %d, want none", n)
	}
}

// Small batches split a tick into several transactions; each deletes exactly the levels it
// read, so every level still fires once and in order.
func TestSweepInSmallBatches(t *testing.T) {
	for _, batch := range []int{1, 3} {
		t.Run(fmt.Sprint(batch), func(t *testing.T) {
			e := newEnv(t)
			var ids []string
			for i := 0; i < 3; i++ {
				ids = append(ids, e.create(1, 2, e.owner.ID).ID) // P2: 4 levels each, the same instants
			}
			e.clock.Add(3 * 24 * time.Hour)
			sw, err := e.d.SLA.NewSweeper(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			sw.Batch = batch
			res, err := sw.Tick(context.Background(), e.clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Fired) != 12 {
				t.Fatalf("got %d fired, want 12: %+v", len(res.Fired), res.Fired)
			}
			for i := 1; i < len(res.Fired); i++ {
				if res.Fired[i].At < res.Fired[i-1].At {
					t.Errorf("fired %d at %d before fired %d at %d", i, res.Fired[i].At, i-1, res.Fired[i-1].At)
				}
			}
			for _, id := range ids {
				if n := e.scheduled(id); n != 0 {
					t.Errorf("%s: %d levels left, want none", id, n)
				}
			}
			if res := e.tick(); len(res.Fired) != 0 {
				t.Errorf("next tick: got %+v, want nothing", res.Fired)
			}
		})
	}
}

// Levels of one ticket due at the same instant fire in the clock's order (response first),
// even when a batch boundary falls between them.
func TestSweepSameInstantAcrossBatchBoundary(t *testing.T) {
	e := newEnv(t)
	tk := e.create(1, 1, e.owner.ID)
	at := monday09.Add(time.Minute).UnixMilli()
	for _, q := range []string{
		`DELETE FROM sla_schedule WHERE ticket_id = ?`,
		`INSERT INTO sla_schedule(at, ticket_id, kind, level, target, stage) VALUES (` + fmt.Sprint(at) + `, ?, 'resolution', 75, '4h', 'warning')`,
		`INSERT INTO sla_schedule(at, ticket_id, kind, level, target, stage) VALUES (` + fmt.Sprint(at) + `, ?, 'response', 75, '15m', 'warning')`,
	} {
		if err := e.d.DB.Exec(q, tk.ID).Error; err != nil {
			t.Fatal(err)
		}
	}
	e.clock.Add(2 * time.Minute)
	sw, err := e.d.SLA.NewSweeper(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	sw.Batch = 1
	res, err := sw.Tick(context.Background(), e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Fired) != 2 || res.Fired[0].Kind != sla.Response || res.Fired[1].Kind != sla.Resolution {
		t.Fatalf("got %+v, want the response level, then the resolution level", res.Fired)
	}
}

func TestOverlappingTicks(t *testing.T) {
	e := newEnv(t)
	for i := 0; i < 20; i++ {
		e.create(1, 1, e.owner.ID)
	}
	e.clock.Add(time.Hour)
	sw, err := e.d.SLA.NewSweeper(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	total := 0
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := sw.Tick(context.Background(), e.clock.Now())
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			total += len(res.Fired)
			mu.Unlock()
		}()
	}
	wg.Wait()
	if total != 40 { // response warning + breach for each of 20
		t.Errorf("three overlapping ticks fired %d levels, want 40", total)
	}
}

func TestEscalationActions(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	network := e.escalateAt150(t)
	tk := e.create(2, 1, "") // P2
	e.clock.Add(46 * time.Minute)
	res := e.tick()
	if res.Writes != 3 { // the breach's work note, the reassignment, the raise
		t.Errorf("escalation writes: got %d, want 3", res.Writes)
	}
	got, err := e.d.Tickets.Get(ctx, e.owner, tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Priority != 1 || got.GroupID == nil || *got.GroupID != network {
		t.Errorf("after escalation: priority P%d group %v, want P1 and Network", got.Priority, got.GroupID)
	}
	// Now P1: its own targets apply from the start, so its levels fire once each under them.
	res = e.tick()
	for _, f := range res.Fired {
		if f.Target != "15m" && f.Target != "4h" {
			t.Errorf("after the raise: fired %+v under another target", f)
		}
	}
	if res := e.tick(); len(res.Fired) != 0 {
		t.Errorf("third tick: got %+v, want nothing", res.Fired)
	}
}

// TestBreachingSoonAndBreachedViews: "Breaching soon" holds the tickets past their warning
// instant and not yet breached, soonest due first; "Breached" holds the breached ones, paused
// or running, longest breached first. Monday on the default policy (P1: response 15 min on
// 24×7; P2: 30 business minutes, office hours from 08:00), warning at 75 %, now 09:18.
func TestBreachingSoonAndBreachedViews(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	at := func(hhmm string) time.Time {
		d, err := time.Parse("15:04", hhmm)
		if err != nil {
			t.Fatal(err)
		}
		return monday09.Add(time.Duration(d.Hour()-9)*time.Hour + time.Duration(d.Minute())*time.Minute)
	}
	createAt := func(hhmm string, impact, urgency int) *ticket.Ticket {
		e.clock.Set(at(hhmm))
		return e.create(impact, urgency, e.owner.ID)
	}
	x := createAt("08:45", 1, 2) // P2, due 09:15: breached
	g := createAt("08:50", 1, 2) // P2, warning 09:12:30, due 09:20
	y := createAt("08:55", 1, 1) // P1, due 09:10: breached
	a := createAt("08:58", 1, 1) // P1, due 09:13: breached, then put on hold at 09:14
	createAt("09:00", 3, 3)      // P5: days away
	b := createAt("09:04", 1, 1) // P1, warning 09:15:15, due 09:19
	c := createAt("09:06", 1, 1) // P1, warning 09:17:15, due 09:21
	createAt("09:09", 1, 1)      // P1, warning 09:20:15: not yet
	e.clock.Set(at("09:14"))
	if _, err := e.d.Tickets.Transition(ctx, e.owner, a.ID, ticket.Move{To: ticket.OnHold, HoldReason: "awaiting_caller"}); err != nil {
		t.Fatal(err)
	}
	e.clock.Set(at("09:18"))

	view := func(name string) []ticket.Row {
		t.Helper()
		q := ticket.Query{View: name}
		rows, err := e.d.Tickets.Queue(ctx, e.owner, q)
		if err != nil {
			t.Fatal(err)
		}
		n, err := e.d.Tickets.Count(ctx, e.owner, q)
		if err != nil {
			t.Fatal(err)
		}
		if n != int64(len(rows)) {
			t.Errorf("%s: count %d, want %d rows", name, n, len(rows))
		}
		return rows
	}
	ids := func(rows []ticket.Row) []string {
		out := []string{}
		for _, r := range rows {
			out = append(out, r.Number)
		}
		return out
	}
	want := func(ts ...*ticket.Ticket) []string {
		out := []string{}
		for _, tk := range ts {
			out = append(out, tk.Number)
		}
		return out
	}
	if got, w := ids(view("breaching_soon")), want(b, g, c); !slices.Equal(got, w) {
		t.Errorf("breaching soon: got %v, want %v", got, w)
	}
	breached := view("breached")
	if got, w := ids(breached), want(y, a, x); !slices.Equal(got, w) {
		t.Fatalf("breached: got %v, want %v", got, w)
	}
	// The paused one says when it breached.
	if r := breached[1]; r.State != string(ticket.OnHold) || r.SLAStage != sla.StageBreached || r.SLABreachAt == nil || *r.SLABreachAt != at("09:13").UnixMilli() {
		t.Errorf("paused breached row: got state %s stage %q breach %v, want on hold, breached at 09:13", r.State, r.SLAStage, r.SLABreachAt)
	}
}
