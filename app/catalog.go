package app

import (
	"context"

	"outpost/domain/catalog"
	"outpost/domain/desk"
	"outpost/domain/markdown"
	"outpost/domain/people"
)

// Catalog is bound to the frontend: the service catalog, its requests and their tasks. Every
// call re-reads the actor and delegates to the domain, which checks the actor's role.
type Catalog struct{ app *App }

// NewCatalog returns the catalog facade of a.
func NewCatalog(a *App) *Catalog { return &Catalog{app: a} }

// catalogCall runs fn for the signed-in actor.
func catalogCall[T any](c *Catalog, fn func(context.Context, *desk.Desk, people.Actor) (T, error)) (T, error) {
	ctx := context.Background()
	d, actor, err := c.app.who(ctx)
	if err != nil {
		var zero T
		return zero, err
	}
	return fn(ctx, d, actor)
}

// ItemView is an item as its page shows it: the item and its description rendered from
// markdown and sanitized.
type ItemView struct {
	Item            catalog.Item `json:"item"`
	DescriptionHTML string       `json:"descriptionHtml"`
}

// CatalogMeta is what the catalog's forms offer: field types, task states and the limits.
type CatalogMeta struct {
	FieldTypes []catalog.FieldType `json:"fieldTypes"`
	TaskStates []catalog.TaskState `json:"taskStates"`
	Limits     map[string]int      `json:"limits"`
}

// Meta returns the catalog forms' vocabulary.
func (c *Catalog) Meta() CatalogMeta {
	return CatalogMeta{FieldTypes: catalog.FieldTypes, TaskStates: catalog.TaskStates, Limits: catalog.Limits()}
}

// Items lists the catalog as the signed-in person may see it.
func (c *Catalog) Items(q catalog.ItemQuery) ([]catalog.Item, error) {
	return catalogCall(c, func(ctx context.Context, d *desk.Desk, a people.Actor) ([]catalog.Item, error) {
		return d.Catalog.Items(ctx, a, q)
	})
}

// Item returns one item with its description rendered.
func (c *Catalog) Item(id string) (*ItemView, error) {
	return catalogCall(c, func(ctx context.Context, d *desk.Desk, a people.Actor) (*ItemView, error) {
		it, err := d.Catalog.Item(ctx, a, id)
		if err != nil {
			return nil, err
		}
		return &ItemView{Item: *it, DescriptionHTML: markdown.HTML(it.Description)}, nil
	})
}

// SaveItem adds or edits an item (managers and admins).
func (c *Catalog) SaveItem(d catalog.ItemDraft) (*catalog.Item, error) {
	out, err := catalogCall(c, func(ctx context.Context, dk *desk.Desk, a people.Actor) (*catalog.Item, error) {
		return dk.Catalog.SaveItem(ctx, a, d)
	})
	if err == nil {
		c.app.emit("catalog:changed", out.ID)
	}
	return out, err
}

// Submit requests an item: a request ticket with the answers, and its tasks or its approval.
func (c *Catalog) Submit(s catalog.Submission) (*catalog.Submitted, error) {
	out, err := catalogCall(c, func(ctx context.Context, d *desk.Desk, a people.Actor) (*catalog.Submitted, error) {
		return d.Catalog.Submit(ctx, a, s)
	})
	if err == nil {
		c.app.emit("ticket:changed", out.TicketID)
		c.app.emit("catalog:changed", out.TicketID)
	}
	return out, err
}

// RequestOf returns the catalog part of a ticket (null when it did not come from the catalog).
func (c *Catalog) RequestOf(ticketID string) (*catalog.RequestDetail, error) {
	return catalogCall(c, func(ctx context.Context, d *desk.Desk, a people.Actor) (*catalog.RequestDetail, error) {
		return d.Catalog.RequestOf(ctx, a, ticketID)
	})
}

// Tasks lists a task queue: "mine", "groups" or "all".
func (c *Catalog) Tasks(q catalog.TaskQuery) ([]catalog.TaskRow, error) {
	return catalogCall(c, func(ctx context.Context, d *desk.Desk, a people.Actor) ([]catalog.TaskRow, error) {
		return d.Catalog.Tasks(ctx, a, q)
	})
}

// Task returns one task.
func (c *Catalog) Task(id string) (*catalog.TaskRow, error) {
	return catalogCall(c, func(ctx context.Context, d *desk.Desk, a people.Actor) (*catalog.TaskRow, error) {
		return d.Catalog.Task(ctx, a, id)
	})
}

// MoveTask works a task (start, complete, incomplete, skip); the last one done closes its
// request.
func (c *Catalog) MoveTask(id string, to catalog.TaskState) (*catalog.Task, error) {
	out, err := catalogCall(c, func(ctx context.Context, d *desk.Desk, a people.Actor) (*catalog.Task, error) {
		return d.Catalog.MoveTask(ctx, a, id, to)
	})
	if err == nil {
		c.app.emit("catalog:changed", out.RequestID)
		c.app.emit("ticket:changed", out.RequestID)
	}
	return out, err
}

// AssignTask routes a task to a group and one of its members ("" for none).
func (c *Catalog) AssignTask(id, groupID, assigneeID string) (*catalog.Task, error) {
	out, err := catalogCall(c, func(ctx context.Context, d *desk.Desk, a people.Actor) (*catalog.Task, error) {
		return d.Catalog.AssignTask(ctx, a, id, groupID, assigneeID)
	})
	if err == nil {
		c.app.emit("catalog:changed", out.RequestID)
	}
	return out, err
}

// AssetChoices lists the assets an answer may name.
func (c *Catalog) AssetChoices(text string) ([]catalog.AssetChoice, error) {
	return catalogCall(c, func(ctx context.Context, d *desk.Desk, a people.Actor) ([]catalog.AssetChoice, error) {
		return d.Catalog.AssetChoices(ctx, a, text)
	})
}
