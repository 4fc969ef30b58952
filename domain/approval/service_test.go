package approval_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"outpost/domain/approval"
	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/store"
	"outpost/domain/ticket"
)

var events []approval.Event

func init() {
	approval.OnOutcome(ticket.EntityTicket, func(_ *gorm.DB, ev approval.Event) error {
		events = append(events, ev)
		return nil
	})
}

type bench struct {
	d                     *desk.Desk
	ctx                   context.Context
	admin, ann, mia, rita people.Actor
	clock                 time.Time
}

func open(t *testing.T) *bench {
	t.Helper()
	b := &bench{ctx: context.Background(), clock: time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)}
	d, err := desk.Open(b.ctx, filepath.Join(t.TempDir(), "p.outpost"), func() time.Time {
		b.clock = b.clock.Add(time.Second)
		return b.clock
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	b.d = d
	if b.admin, err = d.Owner(b.ctx); err != nil {
		t.Fatal(err)
	}
	add := func(name string, role people.Role) people.Actor {
		u, err := d.CreatePerson(b.ctx, b.admin, people.User{Name: name, Email: strings.ToLower(name) + "@x.test", Role: role})
		if err != nil {
			t.Fatal(err)
		}
		return people.Actor{ID: u.ID, Role: role}
	}
	b.ann, b.mia, b.rita = add("Ann", people.Agent), add("Mia", people.Manager), add("Rita", people.Requester)
	return b
}

func (b *bench) ticket(t *testing.T, typ ticket.Type) string {
	t.Helper()
	tk, err := b.d.Tickets.Create(b.ctx, b.ann, ticket.Draft{Type: typ, Title: "new laptop", RequesterID: b.rita.ID,
		Impact: 3, Urgency: 3, Source: "phone"})
	if err != nil {
		t.Fatal(err)
	}
	return tk.ID
}

func (b *bench) ask(subject string, rule approval.Rule, who ...string) (*approval.Approval, error) {
	var out *approval.Approval
	err := store.Tx(b.ctx, b.d.DB, func(tx *gorm.DB) error {
		var err error
		out, err = b.d.Approvals.Request(tx, b.ann, ticket.EntityTicket, subject, rule, who)
		return err
	})
	return out, err
}

func (b *bench) rows(t *testing.T, table string) int64 {
	t.Helper()
	var n int64
	if err := b.d.DB.Raw(`SELECT COUNT(*) FROM ` + table).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// TestApprovalOnADesk: the manager rule needs a manager; the approver finds it in their
// inbox; refused decisions write nothing; the subject's owner hears of the outcome from the
// desk's own write.
func TestApprovalOnADesk(t *testing.T) {
	b := open(t)
	req := b.ticket(t, ticket.Request)
	manager := approval.Rule{By: approval.ByManager, Policy: approval.Any, ForID: b.rita.ID}

	if _, err := b.ask(req, manager); fault.Code(err) != fault.CodeValidation || fault.Fields(err)["forId"] == "" {
		t.Fatalf("asking Rita's manager when she has none: got %v, want a validation error on forId", err)
	}
	if _, err := b.ask(b.ticket(t, ticket.Incident), approval.Rule{By: approval.ByPeople, Policy: approval.Any}, b.mia.ID); fault.Code(err) != fault.CodeValidation {
		t.Fatalf("asking approval of an incident: got %v, want validation", err)
	}
	if n := b.rows(t, "approvals"); n != 0 {
		t.Fatalf("refused asks left %d approvals", n)
	}

	mia := b.mia.ID
	if _, err := b.d.UpdatePerson(b.ctx, b.ann, b.rita.ID, desk.PersonPatch{ManagerID: &mia}); fault.Code(err) != fault.CodeForbidden {
		t.Fatalf("an agent sets a manager: got %v, want forbidden", err)
	}
	self := b.rita.ID
	if _, err := b.d.UpdatePerson(b.ctx, b.admin, b.rita.ID, desk.PersonPatch{ManagerID: &self}); fault.Code(err) != fault.CodeValidation {
		t.Fatalf("Rita her own manager: got %v, want validation", err)
	}
	if _, err := b.d.UpdatePerson(b.ctx, b.admin, b.rita.ID, desk.PersonPatch{ManagerID: &mia}); err != nil {
		t.Fatal(err)
	}
	a, err := b.ask(req, manager)
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Approvers) != 1 || a.Approvers[0] != mia || a.State != approval.Pending || !strings.HasPrefix(a.Summary, "REQ") {
		t.Fatalf("asked: %+v, want pending with Mia deciding and the request's number", a)
	}
	// An unjoined profile is every active person's desk: Mia hears of it here, Ann (who asked) not.
	var told []string
	if err := b.d.DB.Raw(`SELECT user_id FROM notifications WHERE kind = 'approval'`).Scan(&told).Error; err != nil {
		t.Fatal(err)
	}
	if len(told) != 1 || told[0] != mia {
		t.Errorf("approval requested told %v, want Mia only", told)
	}
	if n, _ := b.d.Approvals.Count(b.ctx, b.mia); n != 1 {
		t.Errorf("Mia's inbox counts %d, want 1", n)
	}
	if n, _ := b.d.Approvals.Count(b.ctx, b.ann); n != 0 {
		t.Errorf("Ann's inbox counts %d, want 0", n)
	}
	if _, err := b.d.Approvals.Get(b.ctx, b.rita, a.ID); fault.Code(err) != fault.CodeNotFound {
		t.Errorf("Rita reads an approval she neither asked nor decides: %v", err)
	}

	if _, err := b.d.Approvals.Decide(b.ctx, b.ann, a.ID, approval.Approve, ""); fault.Code(err) != fault.CodeForbidden {
		t.Errorf("Ann decides: got %v, want forbidden", err)
	}
	if _, err := b.d.Approvals.Decide(b.ctx, b.mia, a.ID, approval.Reject, "  "); fault.Code(err) != fault.CodeValidation {
		t.Errorf("Mia rejects without a reason: got %v, want validation", err)
	}
	if n := b.rows(t, "approval_decisions"); n != 0 {
		t.Fatalf("refused decisions left %d rows", n)
	}
	events = nil
	v, err := b.d.Approvals.Decide(b.ctx, b.mia, a.ID, approval.Approve, "ok")
	if err != nil {
		t.Fatal(err)
	}
	if v.State != approval.Approved || v.CanDecide || len(v.Trail) != 1 || !v.Trail[0].Counts || v.Trail[0].ApproverName != "Mia" {
		t.Fatalf("after Mia approved: %+v", v)
	}
	if len(events) != 1 || events[0].To != approval.Approved || events[0].Pulled || events[0].Approval.SubjectID != req {
		t.Fatalf("events %+v, want one local pending -> approved of the request", events)
	}
	if _, err := b.d.Approvals.Decide(b.ctx, b.mia, a.ID, approval.Reject, "changed my mind"); fault.Code(err) != fault.CodeConflict {
		t.Errorf("Mia decides twice: got %v, want conflict", err)
	}
	if _, err := b.d.Approvals.Cancel(b.ctx, b.ann, a.ID); fault.Code(err) != fault.CodeInvalidTransition {
		t.Errorf("cancel an approved approval: got %v, want invalid_transition", err)
	}
	list, err := b.d.Approvals.ForSubject(b.ctx, b.ann, ticket.EntityTicket, req)
	if err != nil || len(list) != 1 || list[0].State != approval.Approved {
		t.Fatalf("the request's approvals: %+v, %v", list, err)
	}
}
