package app

import (
	"context"

	"outpost/domain/desk"
	"outpost/domain/people"
	"outpost/domain/ticket"
	"outpost/domain/view"
)

// Views is bound to the frontend: the saved queue views of whoever is signed in, and the
// sidebar's counts. The domain checks who may change which view.
type Views struct{ app *App }

// NewViews returns the views facade of a.
func NewViews(a *App) *Views { return &Views{app: a} }

// do runs fn for the signed-in person.
func (v *Views) do(fn func(ctx context.Context, d *desk.Desk, actor people.Actor) error) error {
	ctx := context.Background()
	d, actor, err := v.app.who(ctx)
	if err != nil {
		return err
	}
	return fn(ctx, d, actor)
}

// List returns the person's own views in their order, then those shared with their groups.
func (v *Views) List() ([]view.View, error) {
	var out []view.View
	err := v.do(func(ctx context.Context, d *desk.Desk, actor people.Actor) (err error) {
		out, err = d.Views.List(ctx, actor)
		return err
	})
	return out, err
}

// ListOf returns the person's views of one list ("tickets" or "assets") in List's order.
func (v *Views) ListOf(subject string) ([]view.View, error) {
	var out []view.View
	err := v.do(func(ctx context.Context, d *desk.Desk, actor people.Actor) (err error) {
		out, err = d.Views.ListOf(ctx, actor, subject)
		return err
	})
	return out, err
}

// Create saves the queue's (or, with the subject "assets", the asset list's) filters, sort
// and columns as a new view of the person's.
func (v *Views) Create(spec view.Spec) (*view.View, error) {
	var out *view.View
	err := v.do(func(ctx context.Context, d *desk.Desk, actor people.Actor) (err error) {
		out, err = d.Views.Create(ctx, actor, spec)
		return err
	})
	return out, err
}

// Update replaces a view's name, filters, sort and columns.
func (v *Views) Update(id string, spec view.Spec) (*view.View, error) {
	var out *view.View
	err := v.do(func(ctx context.Context, d *desk.Desk, actor people.Actor) (err error) {
		out, err = d.Views.Update(ctx, actor, id, spec)
		return err
	})
	return out, err
}

// Rename gives a view a new name.
func (v *Views) Rename(id, name string) (*view.View, error) {
	var out *view.View
	err := v.do(func(ctx context.Context, d *desk.Desk, actor people.Actor) (err error) {
		out, err = d.Views.Rename(ctx, actor, id, name)
		return err
	})
	return out, err
}

// Share shares a view with a group ("" stops sharing it).
func (v *Views) Share(id, groupID string) (*view.View, error) {
	var out *view.View
	err := v.do(func(ctx context.Context, d *desk.Desk, actor people.Actor) (err error) {
		out, err = d.Views.Share(ctx, actor, id, groupID)
		return err
	})
	return out, err
}

// Reorder puts the person's own views in the order of ids.
func (v *Views) Reorder(ids []string) error {
	return v.do(func(ctx context.Context, d *desk.Desk, actor people.Actor) error {
		return d.Views.Reorder(ctx, actor, ids)
	})
}

// Delete removes one of the person's views.
func (v *Views) Delete(id string) error {
	return v.do(func(ctx context.Context, d *desk.Desk, actor people.Actor) error {
		return d.Views.Delete(ctx, actor, id)
	})
}

// Counts counts, up to view.CountCap, the tickets of the desk's views and of every saved view
// the person sees, keyed by view id.
func (v *Views) Counts() ([]view.Count, error) {
	var out []view.Count
	err := v.do(func(ctx context.Context, d *desk.Desk, actor people.Actor) error {
		saved, err := d.Views.List(ctx, actor)
		if err != nil {
			return err
		}
		queries := make(map[string]ticket.Query, len(ticket.Views)+len(saved))
		for _, b := range ticket.Views {
			queries[b.ID] = ticket.Query{View: b.ID}
		}
		for _, s := range saved {
			queries[s.ID] = s.Query
		}
		out, err = d.Views.Counts(ctx, actor, queries)
		return err
	})
	return out, err
}
