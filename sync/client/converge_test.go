package client_test

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/replica"
	"outpost/domain/sla"
	"outpost/domain/ticket"
	"outpost/sync/server/store/pgtest"
	"outpost/sync/synctest"
)

// TestConvergence runs seeded random op scripts on 5 replicas and one server with random
// sync order over a faulty network (lost requests and responses, duplicates, truncated
// bodies, stale pages) and skewed clocks, one of which jumps back. After a final fault-free
// sync to a fixpoint, every replica must equal the server, every accepted op must be
// everywhere, every rejected op must be visible to its author, and no number may repeat.
// OUTPOST_SYNC_SEEDS sets the number of seeds (make soak runs thousands).
func TestConvergence(t *testing.T) {
	seeds := 200
	if testing.Short() {
		seeds = 20
	}
	if s := os.Getenv("OUTPOST_SYNC_SEEDS"); s != "" {
		seeds, _ = strconv.Atoi(s)
	}
	for seed := int64(1); seed <= int64(seeds); seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			t.Parallel()
			converge(t, seed)
		})
	}
}

// TestConvergencePostgres runs a few seeds against a server on PostgreSQL.
func TestConvergencePostgres(t *testing.T) {
	dsnFor := func() string { return pgtest.DB(t) }
	for seed := int64(1); seed <= 5; seed++ {
		t.Run(fmt.Sprint(seed), func(t *testing.T) { convergeOn(t, seed, dsnFor()) })
	}
}

type world struct {
	rng      *rand.Rand
	s        *synctest.Server
	replicas []*synctest.Replica
	faults   []*synctest.Proxy
	group    string
	agents   []string
}

func converge(t *testing.T, seed int64) { convergeOn(t, seed, "") }

func convergeOn(t *testing.T, seed int64, dsn string) {
	rng := rand.New(rand.NewSource(seed))
	base := synctest.NewClock()
	s := synctest.StartServer(t, dsn, base.Now)
	w := &world{rng: rng, s: s, group: "g-desk"}
	roles := []string{"agent", "agent", "manager", "agent", "admin"}
	var ids []string
	for i, role := range roles {
		u := s.AddUser(t, fmt.Sprintf("User %d", i), fmt.Sprintf("u%d@example.test", i), role)
		ids = append(ids, u.ID)
	}
	w.agents = ids
	s.AddGroup(t, w.group, "Service Desk", ids...)
	s.AddGroup(t, escalationGroup, "Escalations", ids[2:]...)
	for i := range roles {
		clock := synctest.NewClock()
		// Skewed clocks: some hours ahead of the server, some behind.
		clock.Add(time.Duration(rng.Intn(7)-3) * time.Hour)
		// Each desk talks to the server through its own faulty TCP proxy (quiet while signing in).
		f := synctest.NewProxy(t, s.URL, seed*100+int64(i), 25)
		f.Set(false)
		r := synctest.NewReplicaAt(t, f.URL, fmt.Sprintf("u%d@example.test", i), clock)
		r.Client.LeaseSize, r.Client.LeaseLow, r.Client.PageSize, r.Client.BatchSize = 3, 1, 1+rng.Intn(8), 1+rng.Intn(6)
		w.replicas = append(w.replicas, r)
		w.faults = append(w.faults, f)
	}
	// The team's policy syncs: the manager sets it once and every desk has it before work
	// starts, so every desk fires the same levels with the same actions.
	escalateAll(t, w.replicas[2])
	w.replicas[2].Sync(t)
	for i, r := range w.replicas {
		r.Sync(t)
		w.faults[i].Set(true)
	}
	steps := 50 + rng.Intn(30)
	for step := 0; step < steps; step++ {
		i := rng.Intn(len(w.replicas))
		r := w.replicas[i]
		r.Clock.Add(time.Duration(rng.Intn(5000)) * time.Millisecond)
		base.Add(time.Duration(rng.Intn(5000)) * time.Millisecond)
		if rng.Intn(40) == 0 {
			r.Clock.Add(-time.Hour) // the wall clock jumps back
		}
		if rng.Intn(4) == 0 {
			_, _ = r.Client.Sync(context.Background()) // faults make some syncs fail half-way
			continue
		}
		w.localOp(t, r)
	}
	for _, f := range w.faults {
		f.Set(false)
	}
	for round := 0; round < 3; round++ {
		for _, r := range w.replicas {
			r.Sync(t)
		}
	}
	w.check(t)
}

func (w *world) localOp(t *testing.T, r *synctest.Replica) {
	ctx := context.Background()
	var tickets []ticket.Ticket
	if err := r.Desk.DB.Order("id").Find(&tickets).Error; err != nil {
		t.Fatal(err)
	}
	pick := func() *ticket.Ticket {
		if len(tickets) == 0 {
			return nil
		}
		return &tickets[w.rng.Intn(len(tickets))]
	}
	var err error
	switch op := w.rng.Intn(11); {
	case (op < 1 && len(tickets) < 12) || len(tickets) == 0:
		d := ticket.Draft{Type: []ticket.Type{ticket.Incident, ticket.Request}[w.rng.Intn(2)], Title: fmt.Sprintf("t%d", w.rng.Intn(1000)),
			Impact: 1 + w.rng.Intn(3), Urgency: 1 + w.rng.Intn(3), Description: "d"}
		if w.rng.Intn(2) == 0 {
			d.GroupID, d.AssigneeID = w.group, w.agents[w.rng.Intn(len(w.agents))]
		}
		_, err = r.Desk.Tickets.Create(ctx, r.Actor, d)
	case op < 5:
		tk, p := pick(), ticket.Patch{}
		v := fmt.Sprintf("v%d", w.rng.Intn(4))
		n := 1 + w.rng.Intn(3)
		switch w.rng.Intn(5) {
		case 0:
			p.Title = &v
		case 1:
			p.Description = &v
		case 2:
			p.Impact = &n
		case 3:
			a := w.agents[w.rng.Intn(len(w.agents))]
			g := w.group
			p.GroupID, p.AssigneeID = &g, &a
		case 4:
			p.Category = &v
		}
		_, err = r.Desk.Tickets.Update(ctx, r.Actor, tk.ID, p)
	case op < 7:
		tk := pick()
		kind := []string{ticket.KindReply, ticket.KindNote, ticket.KindWorklog}[w.rng.Intn(3)]
		_, err = r.Desk.Tickets.AddComment(ctx, r.Actor, tk.ID, kind, "c", 5)
	case op < 9:
		tk := pick()
		next := ticket.Next(tk.State)
		if len(next) == 0 {
			return
		}
		m := ticket.Move{To: next[w.rng.Intn(len(next))], HoldReason: "awaiting_vendor", ResolutionCode: "fulfilled",
			ResolutionNotes: "done", Reason: "because"}
		_, err = r.Desk.Tickets.Transition(ctx, r.Actor, tk.ID, m)
	case op >= 10:
		w.autoWork(t, r)
	default:
		tk := pick()
		if w.rng.Intn(2) == 0 && r.Actor.Role.AtLeast(people.Manager) {
			_, err = r.Desk.Tickets.Archive(ctx, r.Actor, tk.ID)
		} else {
			_, err = r.Desk.Tickets.Attach(ctx, r.Actor, tk.ID, "f.txt", []byte(fmt.Sprintf("file %d", w.rng.Intn(5))))
		}
	}
	_ = err // local refusals (closed tickets, invalid moves) are part of the script
}

// escalationGroup is the group SLA escalations reassign to.
const escalationGroup = "g-esc"

// escalateAll gives the team's default SLA policy, as r's signed-in manager, every
// escalation action that writes to tickets: a work note at the warning share; at breach a
// raise, a work note and a reassignment.
func escalateAll(t *testing.T, r *synctest.Replica) {
	t.Helper()
	ctx := context.Background()
	p := r.Desk.SLA.Policies()[0]
	p.Escalations = []sla.Escalation{
		{Percent: 75, Actions: []sla.Action{{Kind: sla.NotifyAssignee}, {Kind: sla.WorkNote}}},
		{Percent: 100, Actions: []sla.Action{{Kind: sla.RaisePriority}, {Kind: sla.WorkNote}, {Kind: sla.Reassign, GroupID: escalationGroup}}},
	}
	if _, err := r.Desk.SLA.SavePolicy(ctx, r.Actor, p); err != nil {
		t.Fatal(err)
	}
}

// autoWork runs what the desk's cron does by itself: the SLA sweep (escalations) or the
// auto-close. It looks up to half a day ahead, so levels come due within a short script; the
// desks doing the same work must still leave it done once.
func (w *world) autoWork(t *testing.T, r *synctest.Replica) {
	ctx := context.Background()
	at := r.Clock.Now().Add(time.Duration(w.rng.Intn(12)) * time.Hour)
	if w.rng.Intn(3) == 0 {
		sys, err := r.Desk.System(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := r.Desk.Tickets.AutoClose(ctx, sys, 1, at); err != nil {
			t.Fatal(err)
		}
		return
	}
	sw, err := r.Desk.SLA.NewSweeper(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := sw.Tick(ctx, at); err != nil {
		t.Fatal(err)
	}
}

func (w *world) check(t *testing.T) {
	ctx := context.Background()
	want := w.s.Dump(t)
	var serverChanges []string
	if err := w.s.Store.DB.Raw(`SELECT change_id FROM changes ORDER BY seq`).Scan(&serverChanges).Error; err != nil {
		t.Fatal(err)
	}
	var accepted int64
	w.s.Store.DB.Raw(`SELECT COUNT(*) FROM op_results WHERE status = 'accepted'`).Scan(&accepted)
	if accepted != int64(len(serverChanges)) {
		t.Errorf("server: %d accepted results but %d changes", accepted, len(serverChanges))
	}
	var rejectedAll int64
	w.s.Store.DB.Raw(`SELECT COUNT(*) FROM op_results WHERE status = 'rejected'`).Scan(&rejectedAll)
	faults := map[string]int{}
	for _, f := range w.faults {
		for k, v := range f.Counts() {
			faults[k] += v
		}
	}
	var auto, duplicates int64
	w.s.Store.DB.Raw(`SELECT COUNT(*) FROM changes WHERE auto`).Scan(&auto)
	w.s.Store.DB.Raw(`SELECT COUNT(*) FROM op_results WHERE code = ?`, fault.CodeDuplicate).Scan(&duplicates)
	t.Logf("%d changes accepted (%d automatic), %d ops rejected (%d duplicates), %d tickets, faults %v",
		len(serverChanges), auto, rejectedAll, duplicates, len(want["ticket"]), faults)
	// Each escalation's work note is on the server once, whichever desks fired it.
	notes := map[string]bool{}
	for id, c := range want["comment"] {
		if c["kind"] != `"note"` || !strings.HasPrefix(c["body"], `"SLA: `) {
			continue
		}
		if k := c["ticketId"] + c["body"]; notes[k] {
			t.Errorf("work note %s repeats an escalation: %s", id, c["body"])
		} else {
			notes[k] = true
		}
	}
	for i, r := range w.replicas {
		got := r.Dump(t)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("replica %d differs from the server:\n%s", i, diff(got, want))
		}
		var n int64
		r.Desk.DB.Raw(`SELECT COUNT(*) FROM changes WHERE id IN ?`, serverChanges).Scan(&n)
		if len(serverChanges) > 0 && n != int64(len(serverChanges)) {
			t.Errorf("replica %d holds %d of the %d accepted changes", i, n, len(serverChanges))
		}
		st, err := r.Client.Status(ctx)
		if err != nil || st.Pending != 0 {
			t.Errorf("replica %d: %d ops still pending (%v)", i, st.Pending, err)
		}
		// Every refused op is shown to the signed-in user (their own, or automatic work they
		// vouched for), except the desk's repeats of work another desk did first.
		var rejected, redundant int64
		r.Desk.DB.Raw(`SELECT COUNT(*) FROM sync_outbox WHERE status = 'rejected'`).Scan(&rejected)
		r.Desk.DB.Raw(`SELECT COUNT(*) FROM sync_rejected WHERE code = ? AND seen`, fault.CodeDuplicate).Scan(&redundant)
		rej, err := r.Client.Rejections(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if rejected != int64(len(rej))+redundant {
			t.Errorf("replica %d: %d rejected ops, %d visible to the user, %d redundant", i, rejected, len(rej), redundant)
		}
		for _, x := range rej {
			if x.Code == fault.CodeDuplicate {
				t.Errorf("replica %d shows a duplicate: %+v", i, x)
			}
		}
		var dupes int64
		r.Desk.DB.Raw(`SELECT COUNT(*) FROM ticket_aliases a JOIN tickets t ON t.number = a.number`).Scan(&dupes)
		if dupes != 0 {
			t.Errorf("replica %d: %d aliases equal a live number", i, dupes)
		}
	}
	nums := map[string]bool{}
	for id, rec := range want["ticket"] {
		// A priority with no override reason is what the matrix gives for the merged impact
		// and urgency.
		var impact, urgency, prio int
		_, _ = fmt.Sscan(rec["impact"], &impact)
		_, _ = fmt.Sscan(rec["urgency"], &urgency)
		_, _ = fmt.Sscan(rec["priority"], &prio)
		if rec["priorityOverrideReason"] == `""` && prio != ticket.DefaultMatrix.Priority(impact, urgency) {
			t.Errorf("ticket %s: impact %d, urgency %d, P%d with no override reason", id, impact, urgency, prio)
		}
		if nums[rec["number"]] {
			t.Errorf("number %s repeats (ticket %s)", rec["number"], id)
		}
		nums[rec["number"]] = true
		if replica.IsProvisional(rec["number"]) {
			t.Errorf("ticket %s kept provisional number %s", id, rec["number"])
		}
	}
}

func diff(got, want map[string]map[string]map[string]string) string {
	out := ""
	for entity, recs := range want {
		for id, w := range recs {
			g, ok := got[entity][id]
			if !ok {
				out += fmt.Sprintf("  missing %s %s\n", entity, id)
				continue
			}
			for f, v := range w {
				if g[f] != v {
					out += fmt.Sprintf("  %s %s.%s: got %s, want %s\n", entity, id, f, g[f], v)
				}
			}
		}
		for id := range got[entity] {
			if _, ok := recs[id]; !ok {
				out += fmt.Sprintf("  extra %s %s\n", entity, id)
			}
		}
	}
	return out
}
