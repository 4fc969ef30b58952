package server_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"outpost/domain/catalog"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
	"outpost/sync/protocol"
	"outpost/sync/server/store/pgtest"
)

// The agreement table of the catalog kinds: who may keep items, submit requests (with their
// answers judged against the item's form) and work tasks, on the desk and through the server,
// with the four roles of the configuration tables. Setups run on the admin's desk.

// catalogForm asks for a model, and for a reason only when the model is a workstation.
var catalogForm = catalog.Form{Fields: []catalog.FormField{
	{Key: "model", Label: "Model", Type: catalog.ChoiceField, Required: true, Choices: []string{"Standard", "Workstation"}},
	{Key: "reason", Label: "Why", Type: catalog.TextField, Required: true,
		ShowWhen: &catalog.Condition{Field: "model", Equals: "Workstation"}},
}}

var groupCount int

// catalogGroup is the admin's group with Ann in it (the fulfilment group); c.group holds it.
func catalogGroup(c *cfg) {
	groupCount++
	g, err := c.r.Desk.SaveGroup(c.ctx, c.r.Actor, people.Group{Name: fmt.Sprintf("Desk side %d", groupCount)})
	c.must(err)
	c.must(c.r.Desk.SetMember(c.ctx, c.r.Actor, g.ID, c.a.ids["agent"], true))
	c.group = g.ID
}

func itemDraft(c *cfg, mode catalog.TaskMode, active bool) catalog.ItemDraft {
	return catalog.ItemDraft{Name: "Laptop", Category: "Hardware", Active: active, Form: catalogForm,
		Approval: catalog.Approval{Rule: catalog.NoApproval}, GroupID: c.group, TaskMode: mode,
		Tasks: []catalog.TaskDef{{Title: "Order"}, {Title: "Set up"}}}
}

// anItem: the admin's group and an item; c.other holds the item.
func anItem(mode catalog.TaskMode, active bool) func(c *cfg) {
	return func(c *cfg) {
		catalogGroup(c)
		it, err := c.r.Desk.Catalog.SaveItem(c.ctx, c.r.Actor, itemDraft(c, mode, active))
		c.must(err)
		c.id, c.other = it.ID, it.ID
	}
}

// aRequestTicket: an item, and a request ticket Rita logs on her desk (c.ticket), for the
// rows that push a request record by hand.
func aRequestTicket(c *cfg) {
	anItem(catalog.Checklist, true)(c)
	rita := c.a.desks["requester"]
	tk, err := rita.Desk.Tickets.Create(c.ctx, rita.Actor, ticket.Draft{Type: ticket.Request, Title: "Laptop",
		Impact: 3, Urgency: 3, Source: "portal"})
	c.must(err)
	if rep := rita.Sync(c.t); rep.Rejected != 0 {
		c.t.Fatalf("Rita's ticket was refused: %+v", rep)
	}
	c.ticket = tk.ID
}

// aTask: an item of mode, a request the admin submits for Rita; c.id holds its task n.
func aTask(mode catalog.TaskMode, n int) func(c *cfg) {
	return func(c *cfg) {
		anItem(mode, true)(c)
		sub, err := c.r.Desk.Catalog.Submit(c.ctx, c.r.Actor, catalog.Submission{ItemID: c.other,
			RequestedFor: c.a.ids["requester"], Answers: catalog.Answers{"model": json.RawMessage(`"Standard"`)}})
		c.must(err)
		det, err := c.r.Desk.Catalog.RequestOf(c.ctx, c.r.Actor, sub.TicketID)
		c.must(err)
		c.id, c.ticket = det.Tasks[n-1].ID, sub.TicketID
	}
}

func saveItem(mod func(c *cfg, d *catalog.ItemDraft)) func(c *cfg) error {
	return func(c *cfg) error {
		d := itemDraft(c, catalog.Checklist, true)
		d.ID = c.id
		if mod != nil {
			mod(c, &d)
		}
		_, err := c.r.Desk.Catalog.SaveItem(c.ctx, c.r.Actor, d)
		return err
	}
}

func itemOpDoc(form catalog.Form) func(c *cfg, id string) map[string]any {
	return func(c *cfg, id string) map[string]any {
		f, _ := json.Marshal(form)
		return map[string]any{"id": id, "name": "Laptop", "description": "", "category": "Hardware", "departmentId": nil,
			"active": true, "form": string(f), "approval": `{"rule":"none","groupId":"","mode":""}`, "groupId": c.group,
			"taskMode": "checklist", "tasks": `[{"title":"Order","groupId":""}]`, "slaPolicyId": nil,
			"createdBy": c.a.ids[roleOf(c)], "createdAt": 1}
	}
}

// roleOf is the role whose desk the row acts on.
func roleOf(c *cfg) string {
	for role, r := range c.a.desks {
		if r == c.r {
			return role
		}
	}
	return ""
}

func submit(answers string, forRole string) func(c *cfg) error {
	return func(c *cfg) error {
		var a catalog.Answers
		_ = json.Unmarshal([]byte(answers), &a)
		_, err := c.r.Desk.Catalog.Submit(c.ctx, c.r.Actor, catalog.Submission{ItemID: c.other, Answers: a,
			RequestedFor: c.a.ids[forRole]})
		return err
	}
}

// requestOp is the request record a desk writes for Rita's ticket, with answers.
func requestOp(answers string) func(d *device, c *cfg) protocol.Op {
	return func(d *device, c *cfg) protocol.Op {
		return d.op(catalog.EntityRequest, c.ticket, protocol.OpCreate, "", map[string]any{"id": c.ticket,
			"itemId": c.other, "answers": answers, "requestedFor": d.user, "dueAt": nil, "stage": "fulfilment",
			"createdBy": d.user, "createdAt": 2})
	}
}

func moveTask(to catalog.TaskState) func(c *cfg) error {
	return func(c *cfg) error {
		_, err := c.r.Desk.Catalog.MoveTask(c.ctx, c.r.Actor, c.id, to)
		return err
	}
}

func taskMoveOp(from, to catalog.TaskState) func(d *device, c *cfg) protocol.Op {
	return func(d *device, c *cfg) protocol.Op {
		return d.op(catalog.EntityTask, c.id, protocol.OpTransition, "state", catalog.TaskMove{From: from, To: to})
	}
}

func assignTask(role string) func(c *cfg) error {
	return func(c *cfg) error {
		_, err := c.r.Desk.Catalog.AssignTask(c.ctx, c.r.Actor, c.id, c.group, c.a.ids[role])
		return err
	}
}

func assignOp(role string) func(d *device, c *cfg) protocol.Op {
	return func(d *device, c *cfg) protocol.Op {
		return d.op(catalog.EntityTask, c.id, protocol.OpSet, "assigneeId", c.a.ids[role])
	}
}

// completeBoth completes both tasks: the second completes the request (its roll-up is pushed
// as the agent's automatic work).
func completeBoth(c *cfg) error {
	det, err := c.r.Desk.Catalog.RequestOf(c.ctx, c.r.Actor, c.ticket)
	if err != nil {
		return err
	}
	for _, k := range det.Tasks {
		if _, err := c.r.Desk.Catalog.MoveTask(c.ctx, c.r.Actor, k.ID, catalog.Complete); err != nil {
			return err
		}
	}
	return nil
}

func TestAgreeCatalogItem(t *testing.T) {
	item := anItem(catalog.Checklist, true)
	badForm := catalog.Form{Fields: []catalog.FormField{{Key: "a", Label: "A", Type: "text",
		ShowWhen: &catalog.Condition{Field: "b", Equals: "x"}}, {Key: "b", Label: "B", Type: "text"}}}
	rows := []configRow{
		{name: "add an item", role: "requester", setup: catalogGroup, desk: saveItem(nil),
			op: cfgCreate(catalog.EntityItem, itemOpDoc(catalogForm)), want: fault.CodeForbidden},
		{name: "add an item", role: "agent", setup: catalogGroup, desk: saveItem(nil),
			op: cfgCreate(catalog.EntityItem, itemOpDoc(catalogForm)), want: fault.CodeForbidden},
		{name: "add an item", role: "manager", setup: catalogGroup, desk: saveItem(nil)},
		{name: "add an item whose condition names a later field", role: "manager", setup: catalogGroup,
			desk: saveItem(func(_ *cfg, d *catalog.ItemDraft) { d.Form = badForm }),
			op:   cfgCreate(catalog.EntityItem, itemOpDoc(badForm)), want: fault.CodeValidation},
		{name: "rename an item", role: "agent", setup: item, desk: saveItem(func(_ *cfg, d *catalog.ItemDraft) { d.Name = "PC" }),
			op: cfgSet(catalog.EntityItem, nil, "name", "PC"), want: fault.CodeForbidden},
		{name: "rename an item", role: "admin", setup: item, desk: saveItem(func(_ *cfg, d *catalog.ItemDraft) { d.Name = "PC" })},
		{name: "retire an item", role: "manager", setup: item, desk: saveItem(func(_ *cfg, d *catalog.ItemDraft) { d.Active = false })},
		{name: "give an item a form whose condition names a later field", role: "manager", setup: item,
			desk: saveItem(func(_ *cfg, d *catalog.ItemDraft) { d.Form = badForm }),
			op:   cfgSet(catalog.EntityItem, nil, "form", mustJSON(badForm)), want: fault.CodeValidation},
		{name: "give an item a task without a group", role: "manager", setup: item,
			desk: saveItem(func(_ *cfg, d *catalog.ItemDraft) { d.GroupID = "" }),
			op:   cfgSet(catalog.EntityItem, nil, "groupId", nil), want: fault.CodeValidation},
	}
	runConfigAgreement(t, rows)
}

func mustJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func TestAgreeCatalogRequest(t *testing.T) {
	item := anItem(catalog.Checklist, true)
	rows := []configRow{
		// A requester's submission makes the ticket, the request and its tasks; the server
		// takes all three from them.
		{name: "submit an item", role: "requester", setup: item, desk: submit(`{"model":"Standard"}`, "requester")},
		{name: "submit an item for someone else", role: "requester", setup: item, desk: submit(`{"model":"Standard"}`, "manager")},
		{name: "submit an item for someone else", role: "agent", setup: item, desk: submit(`{"model":"Workstation","reason":"CAD"}`, "requester")},
		{name: "submit an inactive item", role: "requester", setup: anItem(catalog.Checklist, false), desk: submit(`{"model":"Standard"}`, "requester")},
		// The answers, judged by one function on both sides.
		{name: "submit without a required answer", role: "requester", setup: aRequestTicket, desk: submit(`{}`, "requester"),
			op: requestOp(`{}`), want: fault.CodeValidation},
		{name: "submit a choice not offered", role: "requester", setup: aRequestTicket, desk: submit(`{"model":"Gaming"}`, "requester"),
			op: requestOp(`{"model":"Gaming"}`), want: fault.CodeValidation},
		{name: "submit without the answer a condition asks for", role: "requester", setup: aRequestTicket,
			desk: submit(`{"model":"Workstation"}`, "requester"), op: requestOp(`{"model":"Workstation"}`), want: fault.CodeValidation},
		{name: "submit an answer to a hidden field", role: "requester", setup: aRequestTicket,
			desk: submit(`{"model":"Standard","reason":"CAD"}`, "requester"), op: requestOp(`{"model":"Standard","reason":"CAD"}`),
			want: fault.CodeValidation},
		{name: "submit an answer the form lacks", role: "requester", setup: aRequestTicket,
			desk: submit(`{"model":"Standard","colour":"red"}`, "requester"), op: requestOp(`{"model":"Standard","colour":"red"}`),
			want: fault.CodeValidation},
	}
	// An inactive item is not offered: refused on the desk (not found for a requester).
	rows[3].want = fault.CodeNotFound
	runConfigAgreement(t, rows)
}

func TestAgreeCatalogTask(t *testing.T) {
	first, second := aTask(catalog.Checklist, 1), aTask(catalog.Sequence, 2)
	rows := []configRow{
		{name: "start a task", role: "agent", setup: first, desk: moveTask(catalog.Working)},
		{name: "start a task", role: "requester", setup: first, desk: moveTask(catalog.Working),
			op: taskMoveOp(catalog.Open, catalog.Working), want: fault.CodeForbidden},
		{name: "complete a task", role: "manager", setup: first, desk: moveTask(catalog.Complete)},
		{name: "mark a task incomplete", role: "agent", setup: first, desk: moveTask(catalog.Incomplete)},
		{name: "complete the task a sequence has not reached", role: "agent", setup: second, desk: moveTask(catalog.Complete),
			op: taskMoveOp(catalog.Pending, catalog.Complete), want: fault.CodeInvalidTransition},
		{name: "complete every task, closing the request", role: "agent", setup: first, desk: completeBoth},
		{name: "assign a task to a member of its group", role: "agent", setup: first, desk: assignTask("agent")},
		{name: "assign a task to someone outside its group", role: "agent", setup: first, desk: assignTask("manager"),
			op: assignOp("manager"), want: fault.CodeValidation},
		{name: "assign a task", role: "requester", setup: first, desk: assignTask("agent"),
			op: assignOp("agent"), want: fault.CodeForbidden},
	}
	runConfigAgreement(t, rows)
}

// TestCatalogRollUpAcrossDesks: two agents each complete one task of a request offline; the
// desk that pulls the other's completion rolls the request up, and every desk and the server
// end with it closed and fulfilled. The requester's desk holds the catalog and follows her
// request's tasks.
func TestCatalogRollUpAcrossDesks(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { rollUpAcrossDesks(t, "") })
	t.Run("postgres", func(t *testing.T) { rollUpAcrossDesks(t, pgtest.DB(t)) })
}

func rollUpAcrossDesks(t *testing.T, dsn string) {
	a := newConfigAgreement(t, dsn)
	admin := &cfg{t: t, ctx: t.Context(), a: a, r: a.desks["admin"]}
	aTask(catalog.Checklist, 1)(admin)
	if rep := admin.r.Sync(t); rep.Rejected != 0 {
		t.Fatalf("the admin's submission was refused: %+v", rep)
	}
	ann, mia, rita := a.desks["agent"], a.desks["manager"], a.desks["requester"]
	ann.Sync(t)
	mia.Sync(t)
	rita.Sync(t)
	det, err := ann.Desk.Catalog.RequestOf(admin.ctx, ann.Actor, admin.ticket)
	if err != nil || len(det.Tasks) != 2 {
		t.Fatalf("Ann's desk: got %+v (%v), want the request's two tasks", det, err)
	}
	// Each completes one task while neither sees the other's.
	if _, err := ann.Desk.Catalog.MoveTask(admin.ctx, ann.Actor, det.Tasks[0].ID, catalog.Complete); err != nil {
		t.Fatal(err)
	}
	if _, err := mia.Desk.Catalog.MoveTask(admin.ctx, mia.Actor, det.Tasks[1].ID, catalog.Complete); err != nil {
		t.Fatal(err)
	}
	for _, r := range []string{"agent", "manager"} {
		if st := ticketState(t, a, r, admin.ticket); st != ticket.New {
			t.Fatalf("%s's desk: the request is %s with a task still open there, want new", r, st)
		}
	}
	// Ann pushes; Mia pushes and pulls Ann's completion: her desk rolls the request up and
	// pushes the roll-up in the same sync.
	if rep := ann.Sync(t); rep.Rejected != 0 {
		t.Fatalf("Ann's completion was refused: %+v", rep)
	}
	if rep := mia.Sync(t); rep.Rejected != 0 || rep.Accepted < 3 {
		t.Fatalf("Mia's completion and roll-up (resolve, close): got %+v, want three accepted", rep)
	}
	if st := ticketState(t, a, "manager", admin.ticket); st != ticket.Closed {
		t.Fatalf("Mia's desk after pulling the last completion: got %s, want closed", st)
	}
	if rep := mia.Sync(t); rep.Pushed != 0 {
		t.Fatalf("Mia's next sync: got %+v, want nothing left to push", rep)
	}
	ann.Sync(t)
	rita.Sync(t)
	admin.r.Sync(t)
	for _, r := range []string{"agent", "manager", "requester", "admin"} {
		if st := ticketState(t, a, r, admin.ticket); st != ticket.Closed {
			t.Errorf("%s's desk: got %s, want closed", r, st)
		}
	}
	var code string
	if err := rita.Desk.DB.Raw(`SELECT resolution_code FROM tickets WHERE id = ?`, admin.ticket).Scan(&code).Error; err != nil || code != "fulfilled" {
		t.Errorf("Rita's desk: got resolution %q (%v), want fulfilled", code, err)
	}
	items, err := rita.Desk.Catalog.Items(admin.ctx, rita.Actor, catalog.ItemQuery{})
	if err != nil || len(items) != 1 {
		t.Errorf("Rita's catalog: got %d items (%v), want the item", len(items), err)
	}
	rd, err := rita.Desk.Catalog.RequestOf(admin.ctx, rita.Actor, admin.ticket)
	if err != nil || rd == nil || len(rd.Tasks) != 2 || rd.Tasks[0].State != catalog.Complete || rd.Tasks[1].State != catalog.Complete {
		t.Errorf("Rita's desk: got %+v (%v), want her request's two complete tasks", rd, err)
	}
}

func ticketState(t *testing.T, a *configAgreement, role, id string) ticket.State {
	t.Helper()
	var st string
	if err := a.desks[role].Desk.DB.Raw(`SELECT state FROM tickets WHERE id = ?`, id).Scan(&st).Error; err != nil {
		t.Fatal(err)
	}
	return ticket.State(st)
}
