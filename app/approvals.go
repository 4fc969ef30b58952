package app

import (
	"context"

	"gorm.io/gorm"

	"outpost/domain/approval"
	"outpost/domain/store"
	"outpost/domain/ticket"
)

// Approvals is bound to the frontend: the approvals inbox, the trail on a subject's page,
// and asking for an approval of a service request. Every call re-reads the actor and
// delegates to domain/approval, which checks the actor's role.
type Approvals struct{ app *App }

// NewApprovals returns the approvals facade of a.
func NewApprovals(a *App) *Approvals { return &Approvals{app: a} }

// Inbox lists what the signed-in person may decide now.
func (x *Approvals) Inbox() ([]approval.View, error) {
	ctx := context.Background()
	d, actor, err := x.app.who(ctx)
	if err != nil {
		return nil, err
	}
	return d.Approvals.Inbox(ctx, actor)
}

// Count is how many approvals the signed-in person may decide now.
func (x *Approvals) Count() (int, error) {
	ctx := context.Background()
	d, actor, err := x.app.who(ctx)
	if err != nil {
		return 0, err
	}
	return d.Approvals.Count(ctx, actor)
}

// ForSubject lists the approvals of a record (subjectKind "ticket" for a ticket's page).
func (x *Approvals) ForSubject(subjectKind, subjectID string) ([]approval.View, error) {
	ctx := context.Background()
	d, actor, err := x.app.who(ctx)
	if err != nil {
		return nil, err
	}
	return d.Approvals.ForSubject(ctx, actor, subjectKind, subjectID)
}

// Decide approves or rejects (a rejection says why).
func (x *Approvals) Decide(id string, verdict approval.Verdict, comment string) (*approval.View, error) {
	ctx := context.Background()
	d, actor, err := x.app.who(ctx)
	if err != nil {
		return nil, err
	}
	v, err := d.Approvals.Decide(ctx, actor, id, verdict, comment)
	if err != nil {
		return nil, err
	}
	x.changed(v)
	return v, nil
}

// Cancel withdraws a pending approval.
func (x *Approvals) Cancel(id string) (*approval.View, error) {
	ctx := context.Background()
	d, actor, err := x.app.who(ctx)
	if err != nil {
		return nil, err
	}
	v, err := d.Approvals.Cancel(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	x.changed(v)
	return v, nil
}

// Ask is an agent's "Ask for approval…" on a service request: the requester's manager, a
// group (all of its active members, or some), or named people, and how many must agree.
type Ask struct {
	By        approval.By     `json:"by"`
	Policy    approval.Policy `json:"policy"`
	GroupID   string          `json:"groupId"`
	Approvers []string        `json:"approvers"`
}

// AskForTicket asks for an approval of a service request ticket.
func (x *Approvals) AskForTicket(ticketID string, in Ask) (*approval.View, error) {
	ctx := context.Background()
	d, actor, err := x.app.who(ctx)
	if err != nil {
		return nil, err
	}
	tk, err := d.Tickets.Get(ctx, actor, ticketID)
	if err != nil {
		return nil, err
	}
	rule := approval.Rule{By: in.By, Policy: in.Policy, GroupID: in.GroupID}
	if in.By == approval.ByManager {
		rule.ForID, rule.Policy = tk.RequesterID, approval.Any
	}
	var id string
	err = store.Tx(ctx, d.DB, func(tx *gorm.DB) error {
		a, err := d.Approvals.Request(tx, actor, ticket.EntityTicket, ticketID, rule, in.Approvers)
		if err == nil {
			id = a.ID
		}
		return err
	})
	if err != nil {
		return nil, err
	}
	v, err := d.Approvals.Get(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	x.changed(v)
	return v, nil
}

func (x *Approvals) changed(v *approval.View) {
	x.app.emit("approval:changed", v.ID)
	if v.SubjectKind == ticket.EntityTicket {
		x.app.emit("ticket:changed", v.SubjectID)
	}
}
