package catalog_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"outpost/domain/catalog"
	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/sla"
	"outpost/domain/ticket"

	"gorm.io/gorm"
)

var epoch = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

// cat is a desk with a person of every role and a fulfilment group Ann belongs to.
type cat struct {
	d                       *desk.Desk
	s                       *catalog.Service
	admin, agent, mgr, rita people.Actor
	group                   string
	ctx                     context.Context
	clock                   time.Time
}

func open(t *testing.T) *cat {
	t.Helper()
	c := &cat{ctx: context.Background(), clock: epoch}
	d, err := desk.Open(c.ctx, filepath.Join(t.TempDir(), "p.outpost"), func() time.Time {
		c.clock = c.clock.Add(time.Second)
		return c.clock
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	c.d, c.s = d, d.Catalog
	if c.admin, err = d.Owner(c.ctx); err != nil {
		t.Fatal(err)
	}
	add := func(name string, role people.Role) people.Actor {
		u, err := d.CreatePerson(c.ctx, c.admin, people.User{Name: name, Email: strings.ToLower(name) + "@x.test", Role: role})
		if err != nil {
			t.Fatal(err)
		}
		return people.Actor{ID: u.ID, Role: role}
	}
	c.agent, c.mgr, c.rita = add("Ann", people.Agent), add("Mia", people.Manager), add("Rita", people.Requester)
	g, err := d.SaveGroup(c.ctx, c.admin, people.Group{Name: "Desk side"})
	if err != nil {
		t.Fatal(err)
	}
	c.group = g.ID
	if err := d.SetMember(c.ctx, c.admin, g.ID, c.agent.ID, true); err != nil {
		t.Fatal(err)
	}
	return c
}

func (c *cat) item(t *testing.T, mode catalog.TaskMode, approval catalog.ApprovalRule) *catalog.Item {
	t.Helper()
	d := catalog.ItemDraft{Name: "New laptop", Description: "A **laptop**", Category: "Hardware", Active: true,
		Form: laptop, Approval: catalog.Approval{Rule: approval}, GroupID: c.group, TaskMode: mode,
		Tasks: []catalog.TaskDef{{Title: "Order it"}, {Title: "Set it up"}}}
	if approval == catalog.GroupApproval {
		d.Approval.GroupID, d.Approval.Mode = c.group, "any"
	}
	it, err := c.s.SaveItem(c.ctx, c.mgr, d)
	if err != nil {
		t.Fatal(err)
	}
	return it
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := fault.Code(err); got != code {
		t.Fatalf("got %q (%v), want %q", got, err, code)
	}
}

func (c *cat) ticket(t *testing.T, id string) ticket.Ticket {
	t.Helper()
	var tk ticket.Ticket
	if err := c.d.DB.Where("id = ?", id).Take(&tk).Error; err != nil {
		t.Fatal(err)
	}
	return tk
}

func (c *cat) count(t *testing.T, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := c.d.DB.Raw(q, args...).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestItemsAreKeptByManagers(t *testing.T) {
	c := open(t)
	_, err := c.s.SaveItem(c.ctx, c.agent, catalog.ItemDraft{Name: "X", TaskMode: catalog.Checklist})
	wantCode(t, err, fault.CodeForbidden)
	_, err = c.s.SaveItem(c.ctx, c.mgr, catalog.ItemDraft{Name: "", TaskMode: catalog.Checklist})
	wantCode(t, err, fault.CodeValidation)
	it := c.item(t, catalog.Checklist, catalog.NoApproval)
	d := catalog.ItemDraft{ID: it.ID, Name: "Laptop", Active: false, Form: it.Form, Approval: it.Approval,
		GroupID: c.group, TaskMode: catalog.Checklist, Tasks: it.Tasks, Category: "Hardware"}
	if _, err := c.s.SaveItem(c.ctx, c.mgr, d); err != nil {
		t.Fatal(err)
	}
	if n := c.count(t, `SELECT COUNT(*) FROM changes WHERE entity = 'catalog_item' AND record_id = ? AND op = 'set'`, it.ID); n < 2 {
		t.Fatalf("got %d set ops, want name, description and active logged", n)
	}
	// An inactive item is gone for a requester, and kept for staff.
	list, err := c.s.Items(c.ctx, c.rita, catalog.ItemQuery{})
	if err != nil || len(list) != 0 {
		t.Fatalf("requester's catalog: got %d items (%v), want none", len(list), err)
	}
	list, _ = c.s.Items(c.ctx, c.mgr, catalog.ItemQuery{Inactive: true, Text: "lapt"})
	if len(list) != 1 || list[0].Name != "Laptop" {
		t.Fatalf("manager's catalog: got %+v, want the laptop", list)
	}
	_, err = c.s.Submit(c.ctx, c.rita, catalog.Submission{ItemID: it.ID, Answers: answers("model", `"Standard"`, "agree", "true")})
	wantCode(t, err, fault.CodeNotFound)
}

func TestSubmitChecklistRollsUpComplete(t *testing.T) {
	c := open(t)
	it := c.item(t, catalog.Checklist, catalog.NoApproval)
	// A refused submission keeps nothing: no ticket, no request, no task.
	_, err := c.s.Submit(c.ctx, c.rita, catalog.Submission{ItemID: it.ID, Answers: answers("model", `"Workstation"`, "agree", "true")})
	wantCode(t, err, fault.CodeValidation)
	if n := c.count(t, `SELECT COUNT(*) FROM tickets`); n != 0 {
		t.Fatalf("got %d tickets after a refused submission, want 0", n)
	}
	due := epoch.Add(72 * time.Hour).UnixMilli()
	sub, err := c.s.Submit(c.ctx, c.rita, catalog.Submission{ItemID: it.ID, RequestedFor: c.mgr.ID, DueAt: due,
		Answers: answers("model", `"Workstation"`, "reason", `"CAD work"`, "agree", "true")})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(sub.Number, "REQ") || sub.Stage != catalog.Fulfilment {
		t.Fatalf("got %+v, want a REQ in fulfilment", sub)
	}
	det, err := c.s.RequestOf(c.ctx, c.rita, sub.TicketID)
	if err != nil {
		t.Fatal(err)
	}
	if len(det.Tasks) != 2 || det.Tasks[0].State != catalog.Open || det.Tasks[1].State != catalog.Open {
		t.Fatalf("got tasks %+v, want two open tasks", det.Tasks)
	}
	if !strings.HasPrefix(det.Tasks[0].Number, "TASK") || det.RequestedFor != "Mia" || *det.Request.DueAt != due {
		t.Fatalf("got %+v, want TASK numbers, requested for Mia, the due date", det)
	}
	if len(det.Answers) != 3 || det.Answers[1].Text != "CAD work" {
		t.Fatalf("got answers %+v", det.Answers)
	}
	// A requester follows the tasks but does not work them.
	_, err = c.s.MoveTask(c.ctx, c.rita, det.Tasks[0].ID, catalog.Complete)
	wantCode(t, err, fault.CodeForbidden)
	for _, k := range det.Tasks {
		if _, err := c.s.MoveTask(c.ctx, c.agent, k.ID, catalog.Working); err != nil {
			t.Fatal(err)
		}
		if tk := c.ticket(t, sub.TicketID); tk.State.Open() != true {
			t.Fatalf("request %s before its tasks are done, want open", tk.State)
		}
		if _, err := c.s.MoveTask(c.ctx, c.agent, k.ID, catalog.Complete); err != nil {
			t.Fatal(err)
		}
	}
	tk := c.ticket(t, sub.TicketID)
	if tk.State != ticket.Closed || tk.ResolutionCode != "fulfilled" {
		t.Fatalf("got %s %s, want closed fulfilled", tk.State, tk.ResolutionCode)
	}
	_, err = c.s.MoveTask(c.ctx, c.agent, det.Tasks[0].ID, catalog.Working)
	wantCode(t, err, fault.CodeInvalidTransition)
}

func TestSequenceOpensInTurnAndIncompleteEndsIt(t *testing.T) {
	c := open(t)
	it := c.item(t, catalog.Sequence, catalog.NoApproval)
	sub, err := c.s.Submit(c.ctx, c.agent, catalog.Submission{ItemID: it.ID, RequestedFor: c.rita.ID,
		Answers: answers("model", `"Standard"`, "agree", "true")})
	if err != nil {
		t.Fatal(err)
	}
	if tk := c.ticket(t, sub.TicketID); tk.RequesterID != c.rita.ID || tk.GroupID == nil || *tk.GroupID != c.group {
		t.Fatalf("got requester %s group %v, want Rita's, routed to the item's group", tk.RequesterID, tk.GroupID)
	}
	det, _ := c.s.RequestOf(c.ctx, c.agent, sub.TicketID)
	if det.Tasks[0].State != catalog.Open || det.Tasks[1].State != catalog.Pending {
		t.Fatalf("got %s %s, want open then pending", det.Tasks[0].State, det.Tasks[1].State)
	}
	_, err = c.s.MoveTask(c.ctx, c.agent, det.Tasks[1].ID, catalog.Complete)
	wantCode(t, err, fault.CodeInvalidTransition)
	if _, err := c.s.MoveTask(c.ctx, c.agent, det.Tasks[0].ID, catalog.Incomplete); err != nil {
		t.Fatal(err)
	}
	det, _ = c.s.RequestOf(c.ctx, c.agent, sub.TicketID)
	if det.Tasks[1].State != catalog.Skipped {
		t.Fatalf("got %s, want the rest skipped", det.Tasks[1].State)
	}
	if tk := c.ticket(t, sub.TicketID); tk.State != ticket.Closed || tk.ResolutionCode != "incomplete" {
		t.Fatalf("got %s %s, want closed incomplete", tk.State, tk.ResolutionCode)
	}
}

func TestApprovalOutcome(t *testing.T) {
	c := open(t)
	it := c.item(t, catalog.Checklist, catalog.GroupApproval)
	submit := func() string {
		sub, err := c.s.Submit(c.ctx, c.rita, catalog.Submission{ItemID: it.ID, Answers: answers("model", `"Standard"`, "agree", "true")})
		if err != nil {
			t.Fatal(err)
		}
		if sub.Stage != catalog.AwaitingApproval {
			t.Fatalf("got %s, want awaiting approval", sub.Stage)
		}
		return sub.TicketID
	}
	yes, no := submit(), submit()
	if n := c.count(t, `SELECT COUNT(*) FROM catalog_tasks`); n != 0 {
		t.Fatalf("got %d tasks before approval, want none", n)
	}
	outcome := func(id string, ok bool) {
		if err := c.d.DB.Transaction(func(tx *gorm.DB) error { return c.s.OnApprovalOutcome(tx, id, ok) }); err != nil {
			t.Fatal(err)
		}
	}
	outcome(yes, true)
	outcome(yes, true) // once recorded, again changes nothing
	outcome(no, false)
	if n := c.count(t, `SELECT COUNT(*) FROM catalog_tasks WHERE request_id = ? AND state = 'open'`, yes); n != 2 {
		t.Fatalf("got %d open tasks after approval, want 2", n)
	}
	if tk := c.ticket(t, no); tk.State != ticket.Closed || tk.ResolutionCode != "rejected" {
		t.Fatalf("got %s %s, want closed rejected", tk.State, tk.ResolutionCode)
	}
	if n := c.count(t, `SELECT COUNT(*) FROM changes WHERE cause = ?`, "approval:"+yes); n != 3 {
		t.Fatalf("got %d changes under the approval's key, want the stage and two tasks", n)
	}
}

// A task's due time counts as a ticket's SLA clock does: a business target on the policy's
// calendar, an elapsed one around the clock. The request is submitted on a Saturday at 09:30
// UTC: eight business hours on Monday-to-Friday 08:00-18:00 end on Monday at 16:00; eight
// elapsed hours end the same Saturday at 17:30.
func TestTaskDueCountsOnThePolicyCalendar(t *testing.T) {
	for _, business := range []bool{true, false} {
		c := open(t)
		office := sla.OfficeHours("UTC")
		office.Name = "Office hours (UTC)"
		cal, err := c.d.SLA.SaveCalendar(c.ctx, c.admin, office)
		if err != nil {
			t.Fatal(err)
		}
		var targets []sla.PriorityTarget
		for p := 1; p <= 5; p++ {
			targets = append(targets, sla.PriorityTarget{Priority: p, Business: business,
				Response: sla.Target{Value: 1, Unit: sla.Hours}, Resolution: sla.Target{Value: 8, Unit: sla.Hours}})
		}
		pol, err := c.d.SLA.SavePolicy(c.ctx, c.admin, sla.Policy{Name: "Laptops", Active: true, CalendarID: cal.ID,
			WarnPercent: 75, Targets: targets, Match: sla.Match{Types: []string{"request"}}})
		if err != nil {
			t.Fatal(err)
		}
		it := c.item(t, catalog.Checklist, catalog.NoApproval)
		d := catalog.ItemDraft{ID: it.ID, Name: it.Name, Description: "A laptop", Category: "Hardware", Active: true,
			Form: laptop, Approval: catalog.Approval{Rule: catalog.NoApproval}, GroupID: c.group, TaskMode: catalog.Checklist,
			Tasks: []catalog.TaskDef{{Title: "Order it"}}, SLAPolicyID: pol.ID}
		if _, err := c.s.SaveItem(c.ctx, c.mgr, d); err != nil {
			t.Fatal(err)
		}
		c.clock = epoch
		sub, err := c.s.Submit(c.ctx, c.rita, catalog.Submission{ItemID: it.ID, Answers: catalog.Answers{"model": []byte(`"Standard"`), "agree": []byte(`true`)}})
		if err != nil {
			t.Fatal(err)
		}
		det, err := c.s.RequestOf(c.ctx, c.agent, sub.TicketID)
		if err != nil {
			t.Fatal(err)
		}
		if len(det.Tasks) != 1 || det.Tasks[0].DueAt == nil {
			t.Fatalf("business %v: got tasks %+v, want one with a due time", business, det.Tasks)
		}
		want := time.Date(2026, 3, 16, 16, 0, 0, 0, time.UTC)
		if !business {
			want = time.Date(2026, 3, 14, 17, 30, 0, 0, time.UTC)
		}
		// The desk's clock ticks a second per reading; the due time is within a minute of it.
		if got := time.UnixMilli(*det.Tasks[0].DueAt).UTC(); got.Before(want) || got.After(want.Add(time.Minute)) {
			t.Errorf("business %v: task due %s, want %s", business, got, want)
		}
	}
}
