package server_test

import (
	"testing"

	"outpost/domain/approval"
	"outpost/domain/catalog"
	"outpost/domain/desk"
	"outpost/domain/ticket"
	"outpost/sync/server/store/pgtest"
)

// A requester submits an item that needs the group's approval on her desk; Ann approves on
// hers. Ann's desk (whose decision settled it) makes the two tasks and pushes them; every
// other desk pulls the outcome and the tasks and makes none of its own, so the server holds
// two tasks. A rejection, likewise decided on Ann's desk, closes the request everywhere.
func TestCatalogApprovalAcrossDesks(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { catalogApprovalAcrossDesks(t, "") })
	t.Run("postgres", func(t *testing.T) { catalogApprovalAcrossDesks(t, pgtest.DB(t)) })
}

func catalogApprovalAcrossDesks(t *testing.T, dsn string) {
	a := newConfigAgreement(t, dsn)
	admin := &cfg{t: t, ctx: t.Context(), a: a, r: a.desks["admin"]}
	catalogGroup(admin)
	d := itemDraft(admin, catalog.Checklist, true)
	d.Approval = catalog.Approval{Rule: catalog.GroupApproval, GroupID: admin.group, Mode: "any"}
	it, err := admin.r.Desk.Catalog.SaveItem(admin.ctx, admin.r.Actor, d)
	admin.must(err)
	if rep := admin.r.Sync(t); rep.Rejected != 0 {
		t.Fatalf("the admin's item was refused: %+v", rep)
	}
	ann, mia, rita := a.desks["agent"], a.desks["manager"], a.desks["requester"]
	rita.Sync(t)
	submit := func() string {
		sub, err := rita.Desk.Catalog.Submit(admin.ctx, rita.Actor, catalog.Submission{ItemID: it.ID,
			Answers: catalog.Answers{"model": []byte(`"Standard"`)}})
		admin.must(err)
		if sub.Stage != catalog.AwaitingApproval {
			t.Fatalf("got %s, want awaiting approval", sub.Stage)
		}
		return sub.TicketID
	}
	yes, no := submit(), submit()
	if rep := rita.Sync(t); rep.Rejected != 0 {
		t.Fatalf("Rita's submissions and their approvals were refused: %+v", rep)
	}
	ann.Sync(t)
	mia.Sync(t)
	decide := func(id string, v approval.Verdict, comment string) {
		t.Helper()
		views, err := ann.Desk.Approvals.ForSubject(admin.ctx, ann.Actor, catalog.EntityRequest, id)
		if err != nil || len(views) != 1 {
			t.Fatalf("Ann's desk: got %d approvals of %s (%v), want 1", len(views), id, err)
		}
		if _, err := ann.Desk.Approvals.Decide(admin.ctx, ann.Actor, views[0].ID, v, comment); err != nil {
			t.Fatal(err)
		}
	}
	decide(yes, approval.Approve, "")
	decide(no, approval.Reject, "Not this year")
	if rep := ann.Sync(t); rep.Rejected != 0 {
		t.Fatalf("Ann's decisions and their outcome were refused: %+v", rep)
	}
	for range 2 { // a second round changes nothing
		for _, r := range []string{"manager", "requester", "admin"} {
			if rep := a.desks[r].Sync(t); rep.Rejected != 0 {
				t.Fatalf("%s's sync was refused: %+v", r, rep)
			}
		}
	}
	for _, r := range []string{"agent", "manager", "requester", "admin"} {
		db := a.desks[r].Desk.DB
		var tasks, mine int64
		if err := db.Raw(`SELECT COUNT(*) FROM catalog_tasks WHERE request_id = ?`, yes).Scan(&tasks).Error; err != nil {
			t.Fatal(err)
		}
		if tasks != 2 {
			t.Errorf("%s's desk: got %d tasks of the approved request, want 2", r, tasks)
		}
		if err := db.Raw(`SELECT COUNT(*) FROM catalog_tasks WHERE request_id = ?`, no).Scan(&mine).Error; err != nil {
			t.Fatal(err)
		}
		if mine != 0 {
			t.Errorf("%s's desk: got %d tasks of the rejected request, want none", r, mine)
		}
		var stage string
		if err := db.Raw(`SELECT stage FROM catalog_requests WHERE id = ?`, yes).Scan(&stage).Error; err != nil || stage != string(catalog.Fulfilment) {
			t.Errorf("%s's desk: the approved request is in %q (%v), want fulfilment", r, stage, err)
		}
		if st := ticketState(t, a, r, no); st != ticket.Closed {
			t.Errorf("%s's desk: the rejected request is %s, want closed", r, st)
		}
	}
	// Only Ann's desk made tasks: the others' change logs hold none.
	for _, r := range []string{"manager", "requester", "admin"} {
		var n int64
		if err := a.desks[r].Desk.DB.Raw(`SELECT COUNT(*) FROM changes WHERE entity = ? AND op = 'create' AND device_id = ?`, catalog.EntityTask, a.desks[r].Desk.DeviceID).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%s's desk logged %d task creates of its own, want none", r, n)
		}
	}
	// Ann completes both; Rita sees her request closed fulfilled.
	det, err := ann.Desk.Catalog.RequestOf(admin.ctx, ann.Actor, yes)
	admin.must(err)
	for _, k := range det.Tasks {
		if _, err := ann.Desk.Catalog.MoveTask(admin.ctx, ann.Actor, k.ID, catalog.Complete); err != nil {
			t.Fatal(err)
		}
	}
	if rep := ann.Sync(t); rep.Rejected != 0 {
		t.Fatalf("Ann's completions were refused: %+v", rep)
	}
	rita.Sync(t)
	if st := ticketState(t, a, "requester", yes); st != ticket.Closed {
		t.Errorf("Rita's desk: the fulfilled request is %s, want closed", st)
	}
}

// Two approvers of an "all" group decide offline, each on their own desk: neither desk sees
// the approval settle until their decisions meet in a pull, where the approval's hook leaves
// a pulled outcome alone. The roll-up step of a staff desk's sync moves the request on, both
// desks may, under one key, and the server keeps one desk's tasks: every desk ends with the
// request in fulfilment and two tasks, not four. A manager who is a requester approves on a
// desk that does not hold the request; the next staff desk to sync makes the tasks.
func TestCatalogApprovalSettledByPull(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { catalogApprovalSettledByPull(t, "") })
	t.Run("postgres", func(t *testing.T) { catalogApprovalSettledByPull(t, pgtest.DB(t)) })
}

func catalogApprovalSettledByPull(t *testing.T, dsn string) {
	a := newConfigAgreement(t, dsn)
	admin := &cfg{t: t, ctx: t.Context(), a: a, r: a.desks["admin"]}
	catalogGroup(admin)
	admin.must(admin.r.Desk.SetMember(admin.ctx, admin.r.Actor, admin.group, a.ids["manager"], true))
	group := itemDraft(admin, catalog.Checklist, true)
	group.Approval = catalog.Approval{Rule: catalog.GroupApproval, GroupID: admin.group, Mode: "all"}
	byGroup, err := admin.r.Desk.Catalog.SaveItem(admin.ctx, admin.r.Actor, group)
	admin.must(err)
	manager := itemDraft(admin, catalog.Checklist, true)
	manager.Name = "Monitor"
	manager.Approval = catalog.Approval{Rule: catalog.ManagerApproval}
	byManager, err := admin.r.Desk.Catalog.SaveItem(admin.ctx, admin.r.Actor, manager)
	admin.must(err)
	// Ann's manager is Rita, a requester.
	rita := a.ids["requester"]
	_, err = admin.r.Desk.UpdatePerson(admin.ctx, admin.r.Actor, a.ids["agent"], desk.PersonPatch{ManagerID: &rita})
	admin.must(err)
	if rep := admin.r.Sync(t); rep.Rejected != 0 {
		t.Fatalf("the admin's items were refused: %+v", rep)
	}
	syncAll := func() {
		t.Helper()
		for _, r := range []string{"requester", "agent", "manager", "admin"} {
			if rep := a.desks[r].Sync(t); rep.Rejected != 0 {
				t.Fatalf("%s's sync was refused: %+v", r, rep)
			}
		}
	}
	syncAll()
	submit := func(role, item string) string {
		t.Helper()
		r := a.desks[role]
		sub, err := r.Desk.Catalog.Submit(admin.ctx, r.Actor, catalog.Submission{ItemID: item,
			Answers: catalog.Answers{"model": []byte(`"Standard"`)}})
		admin.must(err)
		if sub.Stage != catalog.AwaitingApproval {
			t.Fatalf("got %s, want awaiting approval", sub.Stage)
		}
		return sub.TicketID
	}
	both := submit("requester", byGroup.ID)
	mine := submit("agent", byManager.ID)
	syncAll()
	syncAll() // Rita synced before Ann pushed the approval Rita decides

	approve := func(role, request string) {
		t.Helper()
		r := a.desks[role]
		views, err := r.Desk.Approvals.Inbox(admin.ctx, r.Actor)
		admin.must(err)
		var id string
		for _, v := range views {
			if v.SubjectID == request {
				id = v.ID
			}
		}
		if id == "" {
			t.Fatalf("%s's desk: no approval of %s in the inbox (%d there)", role, request, len(views))
		}
		if _, err := r.Desk.Approvals.Decide(admin.ctx, r.Actor, id, approval.Approve, ""); err != nil {
			t.Fatal(err)
		}
	}
	// Offline: Ann and Mia each approve before either syncs; Rita approves Ann's monitor.
	approve("agent", both)
	approve("manager", both)
	approve("requester", mine)
	for _, r := range []string{"agent", "manager", "requester", "agent", "manager"} {
		if rep := a.desks[r].Sync(t); rep.Rejected != 0 {
			t.Fatalf("%s's sync was refused: %+v", r, rep)
		}
	}
	syncAll()
	syncAll()

	tasksOnServer := map[string]int{}
	for _, f := range a.s.Dump(t)[catalog.EntityTask] {
		tasksOnServer[f["requestId"]]++
	}
	for _, req := range []string{both, mine} {
		if n := tasksOnServer[`"`+req+`"`] + tasksOnServer[req]; n != 2 {
			t.Errorf("the server holds %d tasks of request %s, want 2", n, req)
		}
		for _, r := range []string{"agent", "manager", "requester", "admin"} {
			db := a.desks[r].Desk.DB
			var tasks int64
			if err := db.Raw(`SELECT COUNT(*) FROM catalog_tasks WHERE request_id = ?`, req).Scan(&tasks).Error; err != nil {
				t.Fatal(err)
			}
			if r != "requester" || req == both {
				// Rita holds her own request and its tasks, not Ann's.
				if tasks != 2 {
					t.Errorf("%s's desk: got %d tasks of request %s, want 2", r, tasks, req)
				}
				var stage string
				if err := db.Raw(`SELECT stage FROM catalog_requests WHERE id = ?`, req).Scan(&stage).Error; err != nil || stage != string(catalog.Fulfilment) {
					t.Errorf("%s's desk: request %s is in %q (%v), want fulfilment", r, req, stage, err)
				}
			}
		}
	}
	// The desks agree with the server on every task.
	want := a.s.Dump(t)[catalog.EntityTask]
	for _, r := range []string{"agent", "manager", "admin"} {
		got := a.desks[r].Dump(t)[catalog.EntityTask]
		if len(got) != len(want) {
			t.Errorf("%s's desk holds %d tasks, the server %d", r, len(got), len(want))
		}
		for id := range want {
			if _, ok := got[id]; !ok {
				t.Errorf("%s's desk lacks task %s", r, id)
			}
		}
	}
}
