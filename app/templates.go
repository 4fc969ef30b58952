package app

import (
	"context"

	"outpost/domain/canned"
	"outpost/domain/desk"
	"outpost/domain/people"
)

// Templates is bound to the frontend: canned replies and ticket templates of whoever is
// signed in, and a reply's expansion for a ticket. The domain checks who may write which.
type Templates struct{ app *App }

// NewTemplates returns the templates facade of a.
func NewTemplates(a *App) *Templates { return &Templates{app: a} }

// do runs fn for the signed-in person.
func (t *Templates) do(fn func(ctx context.Context, d *desk.Desk, actor people.Actor) error) error {
	ctx := context.Background()
	d, actor, err := t.app.who(ctx)
	if err != nil {
		return err
	}
	return fn(ctx, d, actor)
}

// Variables lists the variables a canned reply may use, for the editor's help.
func (t *Templates) Variables() []canned.Variable { return canned.Known }

// Replies lists the canned replies the person inserts (all: also every group's, for a
// manager's Settings screen).
func (t *Templates) Replies(all bool) ([]canned.Reply, error) {
	var out []canned.Reply
	err := t.do(func(ctx context.Context, d *desk.Desk, actor people.Actor) (err error) {
		out, err = d.Templates.Replies(ctx, actor, all)
		return err
	})
	return out, err
}

// SaveReply makes a canned reply (id "") or edits one.
func (t *Templates) SaveReply(r canned.Reply) (*canned.Reply, error) {
	var out *canned.Reply
	err := t.do(func(ctx context.Context, d *desk.Desk, actor people.Actor) (err error) {
		out, err = d.Templates.SaveReply(ctx, actor, r)
		return err
	})
	return out, err
}

// DeleteReply deletes a canned reply.
func (t *Templates) DeleteReply(id string) error {
	return t.do(func(ctx context.Context, d *desk.Desk, actor people.Actor) error {
		return d.Templates.DeleteReply(ctx, actor, id)
	})
}

// ExpandReply is a canned reply's text for a ticket, its variables filled for the person
// inserting it; an unknown variable or one with no value is a validation error on "body".
func (t *Templates) ExpandReply(id, ticketID string) (string, error) {
	var out string
	err := t.do(func(ctx context.Context, d *desk.Desk, actor people.Actor) (err error) {
		out, err = d.Templates.ExpandReply(ctx, actor, id, ticketID)
		return err
	})
	return out, err
}

// TicketTemplates lists the ticket templates the person uses (all: as in Replies).
func (t *Templates) TicketTemplates(all bool) ([]canned.Ticket, error) {
	var out []canned.Ticket
	err := t.do(func(ctx context.Context, d *desk.Desk, actor people.Actor) (err error) {
		out, err = d.Templates.TicketTemplates(ctx, actor, all)
		return err
	})
	return out, err
}

// SaveTicketTemplate makes a ticket template (id "") or edits one.
func (t *Templates) SaveTicketTemplate(tt canned.Ticket) (*canned.Ticket, error) {
	var out *canned.Ticket
	err := t.do(func(ctx context.Context, d *desk.Desk, actor people.Actor) (err error) {
		out, err = d.Templates.SaveTicketTemplate(ctx, actor, tt)
		return err
	})
	return out, err
}

// DeleteTicketTemplate deletes a ticket template.
func (t *Templates) DeleteTicketTemplate(id string) error {
	return t.do(func(ctx context.Context, d *desk.Desk, actor people.Actor) error {
		return d.Templates.DeleteTicketTemplate(ctx, actor, id)
	})
}
