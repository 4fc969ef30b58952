package server_test

import (
	"testing"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/approval"
	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/store"
	"outpost/domain/ticket"
	"outpost/sync/protocol"
)

// Approvals: who may ask for one (staff, on a service request), who may decide (its
// approvers, once, while it is pending; a rejection says why) and who may cancel it.

// aRequest: the admin makes Mia Rita's manager and logs a service request of Rita's (in
// c.ticket).
func aRequest(c *cfg) {
	c.t.Helper()
	mia := c.a.ids["manager"]
	_, err := c.r.Desk.UpdatePerson(c.ctx, c.r.Actor, c.a.ids["requester"], desk.PersonPatch{ManagerID: &mia})
	c.must(err)
	tk, err := c.r.Desk.Tickets.Create(c.ctx, c.r.Actor, ticket.Draft{Type: ticket.Request, Title: "new laptop",
		RequesterID: c.a.ids["requester"], Impact: 3, Urgency: 3, Source: "phone"})
	c.must(err)
	c.ticket = tk.ID
}

// anIncident: as aRequest, but an incident.
func anIncident(c *cfg) {
	c.t.Helper()
	tk, err := c.r.Desk.Tickets.Create(c.ctx, c.r.Actor, ticket.Draft{Type: ticket.Incident, Title: "printer",
		RequesterID: c.a.ids["requester"], Impact: 3, Urgency: 3, Source: "phone"})
	c.must(err)
	c.ticket = tk.ID
}

func askOn(c *cfg, rule approval.Rule, who []string) error {
	return store.Tx(c.ctx, c.r.Desk.DB, func(tx *gorm.DB) error {
		a, err := c.r.Desk.Approvals.Request(tx, c.r.Actor, ticket.EntityTicket, c.ticket, rule, who)
		if err == nil {
			c.id = a.ID
		}
		return err
	})
}

// ask asks, on the acting desk, for an approval of the row's request.
func ask(rule approval.Rule, roles ...string) func(c *cfg) error {
	return func(c *cfg) error {
		var who []string
		for _, r := range roles {
			who = append(who, c.a.ids[r])
		}
		return askOn(c, rule, who)
	}
}

var (
	anyOf    = approval.Rule{By: approval.ByPeople, Policy: approval.Any}
	allOf    = approval.Rule{By: approval.ByPeople, Policy: approval.All}
	managers = func(c *cfg) approval.Rule {
		return approval.Rule{By: approval.ByManager, Policy: approval.Any, ForID: c.a.ids["requester"]}
	}
)

// asked: the admin asks for an approval of a new request under rule, from roles (in c.id).
func asked(rule approval.Rule, roles ...string) func(c *cfg) {
	return func(c *cfg) {
		c.t.Helper()
		aRequest(c)
		c.must(ask(rule, roles...)(c))
	}
}

// decided: as asked, then role decides it on their desk, which syncs.
func decided(rule approval.Rule, role string, v approval.Verdict, roles ...string) func(c *cfg) {
	return func(c *cfg) {
		c.t.Helper()
		asked(rule, roles...)(c)
		c.r.Sync(c.t)
		r := c.a.desks[role]
		r.Sync(c.t)
		_, err := r.Desk.Approvals.Decide(c.ctx, r.Actor, c.id, v, "because")
		c.must(err)
		if rep := r.Sync(c.t); rep.Rejected != 0 {
			c.t.Fatalf("setup: the server refused the decision: %+v", rep)
		}
	}
}

func decide(v approval.Verdict, comment string) func(c *cfg) error {
	return func(c *cfg) error {
		_, err := c.r.Desk.Approvals.Decide(c.ctx, c.r.Actor, c.id, v, comment)
		return err
	}
}

// decisionOp is the decision the acting desk would have written, at its time.
func decisionOp(v approval.Verdict, comment string) func(d *device, c *cfg) protocol.Op {
	return func(d *device, c *cfg) protocol.Op {
		id := uuid.Must(uuid.NewV7()).String()
		return d.op(approval.EntityDecision, id, protocol.OpAppend, "", map[string]any{"id": id, "approvalId": c.id,
			"approverId": d.user, "verdict": v, "comment": comment, "createdAt": c.r.Desk.Now().UnixMilli()})
	}
}

func approvalOp(by approval.By, who func(c *cfg) string) func(d *device, c *cfg) protocol.Op {
	return func(d *device, c *cfg) protocol.Op {
		id := uuid.Must(uuid.NewV7()).String()
		return d.op(approval.EntityApproval, id, protocol.OpCreate, "", map[string]any{"id": id, "subjectKind": "ticket",
			"subjectId": c.ticket, "summary": "REQ · new laptop", "by": by, "policy": "any", "groupId": "", "forId": "",
			"managerId": "", "approvers": `["` + who(c) + `"]`, "requestedBy": d.user, "cancelled": false, "createdAt": 1})
	}
}

func cancelApproval(c *cfg) error {
	_, err := c.r.Desk.Approvals.Cancel(c.ctx, c.r.Actor, c.id)
	return err
}

// TestAgreeApproval: asking for, deciding and cancelling approvals, judged alike by the
// desk's service and the server.
func TestAgreeApproval(t *testing.T) {
	mia := func(c *cfg) string { return c.a.ids["manager"] }
	runConfigAgreement(t, []configRow{
		{name: "ask named people", role: "agent", setup: aRequest, desk: ask(anyOf, "manager")},
		{name: "ask the requester's manager", role: "agent", setup: aRequest,
			desk: func(c *cfg) error { return askOn(c, managers(c), nil) }},
		{name: "ask for an approval", role: "requester", setup: aRequest, desk: ask(anyOf, "manager"),
			op: approvalOp(approval.ByPeople, mia), want: fault.CodeForbidden},
		{name: "ask for an approval of an incident", role: "agent", setup: anIncident, desk: ask(anyOf, "manager"),
			op: approvalOp(approval.ByPeople, mia), want: fault.CodeValidation},
		{name: "ask nobody", role: "agent", setup: aRequest, desk: ask(anyOf),
			op: func(d *device, c *cfg) protocol.Op {
				o := approvalOp(approval.ByPeople, mia)(d, c)
				o.Value = []byte(`{"id":"` + o.RecordID + `","subjectKind":"ticket","subjectId":"` + c.ticket +
					`","summary":"x","by":"people","policy":"any","groupId":"","forId":"","managerId":"","approvers":"[]","requestedBy":"` +
					d.user + `","cancelled":false,"createdAt":1}`)
				return o
			}, want: fault.CodeValidation},
		{name: "name someone else as the manager", role: "agent", setup: aRequest,
			desk: func(c *cfg) error { return askOn(c, managers(c), nil) },
			op: func(d *device, c *cfg) protocol.Op {
				o := approvalOp(approval.ByManager, idOf("admin"))(d, c)
				o.Value = []byte(`{"id":"` + o.RecordID + `","subjectKind":"ticket","subjectId":"` + c.ticket +
					`","summary":"x","by":"manager","policy":"any","groupId":"","forId":"` + c.a.ids["requester"] + `","managerId":"` +
					c.a.ids["admin"] + `","approvers":"[\"` + c.a.ids["admin"] + `\"]","requestedBy":"` + d.user + `","cancelled":false,"createdAt":1}`)
				return o
			}},
		{name: "approve", role: "manager", setup: asked(anyOf, "manager"), desk: decide(approval.Approve, "")},
		{name: "reject with a reason", role: "manager", setup: asked(anyOf, "manager"), desk: decide(approval.Reject, "no budget")},
		{name: "reject without a reason", role: "manager", setup: asked(anyOf, "manager"), desk: decide(approval.Reject, " "),
			op: decisionOp(approval.Reject, ""), want: fault.CodeValidation},
		{name: "decide someone else's approval", role: "agent", setup: asked(anyOf, "manager"), desk: decide(approval.Approve, ""),
			op: decisionOp(approval.Approve, ""), want: fault.CodeForbidden},
		{name: "decide twice", role: "manager", setup: decided(allOf, "manager", approval.Approve, "manager", "agent"),
			desk: decide(approval.Approve, ""), op: decisionOp(approval.Approve, ""), want: fault.CodeConflict},
		{name: "decide a settled approval", role: "agent", setup: decided(anyOf, "manager", approval.Approve, "manager", "agent"),
			desk: decide(approval.Reject, "too late"), op: decisionOp(approval.Reject, "too late"), want: fault.CodeInvalidTransition},
		{name: "decide after a rejection", role: "agent", setup: decided(allOf, "manager", approval.Reject, "manager", "agent"),
			desk: decide(approval.Approve, ""), op: decisionOp(approval.Approve, ""), want: fault.CodeInvalidTransition},
		{name: "cancel a pending approval", role: "agent", setup: asked(anyOf, "manager"), desk: cancelApproval},
		{name: "cancel a settled approval", role: "agent", setup: decided(anyOf, "manager", approval.Approve, "manager"),
			desk: cancelApproval, op: cfgSet(approval.EntityApproval, nil, "cancelled", true), want: fault.CodeInvalidTransition},
		{name: "decide a cancelled approval", role: "manager", setup: steps2(asked(anyOf, "manager"), func(c *cfg) { c.must(cancelApproval(c)) }),
			desk: decide(approval.Approve, ""), op: decisionOp(approval.Approve, ""), want: fault.CodeInvalidTransition},
		{name: "the manager approves", role: "manager",
			setup: func(c *cfg) { aRequest(c); c.must(askOn(c, managers(c), nil)) }, desk: decide(approval.Approve, "")},
	})
}

func steps2(fs ...func(*cfg)) func(*cfg) {
	return func(c *cfg) {
		for _, f := range fs {
			f(c)
		}
	}
}
