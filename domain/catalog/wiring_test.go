package catalog_test

import (
	"strings"
	"testing"

	"outpost/domain/approval"
	"outpost/domain/catalog"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

// The desk wires the catalog to the approvals (domain/desk/approvals.go): submitting an item
// that needs approval asks for it in the same transaction, and the approver's decision makes
// the tasks once, or closes the request as rejected.
func TestSubmitAsksApprovalAndDecisionMovesRequest(t *testing.T) {
	c := open(t)
	it := c.item(t, catalog.Checklist, catalog.GroupApproval) // the group (Ann), any
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
	decide := func(id string, v approval.Verdict, comment string) {
		t.Helper()
		inbox, err := c.d.Approvals.Inbox(c.ctx, c.agent)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range inbox {
			if a.SubjectKind == catalog.EntityRequest && a.SubjectID == id {
				if _, err := c.d.Approvals.Decide(c.ctx, c.agent, a.ID, v, comment); err != nil {
					t.Fatal(err)
				}
				return
			}
		}
		t.Fatalf("Ann's inbox has no approval of request %s: %+v", id, inbox)
	}
	yes, no := submit(), submit()
	if n := c.count(t, `SELECT COUNT(*) FROM approvals WHERE subject_kind = ? AND subject_id = ? AND requested_by = ?`,
		catalog.EntityRequest, yes, c.rita.ID); n != 1 {
		t.Fatalf("got %d approvals of the request asked by Rita, want 1", n)
	}
	if n := c.count(t, `SELECT COUNT(*) FROM catalog_tasks`); n != 0 {
		t.Fatalf("got %d tasks before approval, want none", n)
	}
	decide(yes, approval.Approve, "")
	if n := c.count(t, `SELECT COUNT(*) FROM catalog_tasks WHERE request_id = ? AND state = 'open'`, yes); n != 2 {
		t.Fatalf("got %d open tasks after approval, want 2", n)
	}
	det, err := c.s.RequestOf(c.ctx, c.rita, yes)
	if err != nil || det.Request.Stage != catalog.Fulfilment {
		t.Fatalf("got %+v (%v), want the request in fulfilment", det, err)
	}
	decide(no, approval.Reject, "Not this year")
	if tk := c.ticket(t, no); tk.State != ticket.Closed || tk.ResolutionCode != "rejected" {
		t.Fatalf("got %s %s, want closed rejected", tk.State, tk.ResolutionCode)
	}
	if n := c.count(t, `SELECT COUNT(*) FROM catalog_tasks WHERE request_id = ?`, no); n != 0 {
		t.Fatalf("got %d tasks of a rejected request, want none", n)
	}
}

// The manager rule names the requester's manager: a requester with none cannot submit such
// an item, and nothing of the submission is kept.
func TestSubmitWithoutManagerIsRefusedWhole(t *testing.T) {
	c := open(t)
	it := c.item(t, catalog.Checklist, catalog.ManagerApproval)
	before := c.count(t, `SELECT COUNT(*) FROM tickets`)
	_, err := c.s.Submit(c.ctx, c.rita, catalog.Submission{ItemID: it.ID, Answers: answers("model", `"Standard"`, "agree", "true")})
	if err == nil {
		t.Fatal("a request for a manager's approval was kept with no manager to decide")
	}
	t.Logf("refused: %v", err)
	if n := c.count(t, `SELECT COUNT(*) FROM tickets`); n != before {
		t.Fatalf("got %d tickets, want %d: the refused submission left a ticket", n, before)
	}
	if n := c.count(t, `SELECT COUNT(*) FROM catalog_requests`) + c.count(t, `SELECT COUNT(*) FROM approvals`); n != 0 {
		t.Fatalf("got %d requests and approvals, want none", n)
	}
}

// An item names a department that exists; requesters see every department's catalog, and
// the catalog can be narrowed to one department.
func TestItemDepartment(t *testing.T) {
	c := open(t)
	dep, err := c.d.SaveDepartment(c.ctx, c.admin, people.Department{Name: "Workplace services", Active: true})
	if err != nil {
		t.Fatal(err)
	}
	d := catalog.ItemDraft{Name: "Desk chair", Category: "Furniture", Active: true, TaskMode: catalog.Checklist,
		GroupID: c.group, Approval: catalog.Approval{Rule: catalog.NoApproval}, Tasks: []catalog.TaskDef{{Title: "Bring it"}}}
	bad := d
	bad.DepartmentID = "no-such-department"
	_, err = c.s.SaveItem(c.ctx, c.mgr, bad)
	wantCode(t, err, "validation")
	if !strings.Contains(err.Error(), "departmentId") {
		t.Fatalf("got %v, want the department refused", err)
	}
	d.DepartmentID = dep.ID
	if _, err := c.s.SaveItem(c.ctx, c.mgr, d); err != nil {
		t.Fatal(err)
	}
	c.item(t, catalog.Checklist, catalog.NoApproval) // no department
	all, err := c.s.Items(c.ctx, c.rita, catalog.ItemQuery{})
	if err != nil || len(all) != 2 {
		t.Fatalf("Rita's catalog: got %d items (%v), want both", len(all), err)
	}
	one, err := c.s.Items(c.ctx, c.rita, catalog.ItemQuery{DepartmentID: dep.ID})
	if err != nil || len(one) != 1 || one[0].Name != "Desk chair" {
		t.Fatalf("Facilities' catalog: got %+v (%v), want the chair", one, err)
	}
}
