package app

import (
	"context"
	"encoding/base64"

	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/markdown"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

// Tickets is bound to the frontend: every call re-reads the actor and delegates to the domain,
// which checks the actor's role.
type Tickets struct{ app *App }

// NewTickets returns the tickets facade of a.
func NewTickets(a *App) *Tickets { return &Tickets{app: a} }

// Page is one page of a queue with the queue's total.
type Page struct {
	Rows  []ticket.Row `json:"rows"`
	Total int64        `json:"total"`
}

// Queue returns a page of a queue view; withTotal also counts the whole queue.
func (t *Tickets) Queue(q ticket.Query, withTotal bool) (*Page, error) {
	ctx := context.Background()
	d, actor, err := t.app.who(ctx)
	if err != nil {
		return nil, err
	}
	rows, err := d.Tickets.Queue(ctx, actor, q)
	if err != nil {
		return nil, err
	}
	p := &Page{Rows: rows, Total: -1}
	if withTotal {
		if p.Total, err = d.Tickets.Count(ctx, actor, q); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// Detail is a ticket with everything its view shows.
type Detail struct {
	Ticket ticket.Ticket `json:"ticket"`
	// DescriptionHTML is the description rendered from markdown and sanitized.
	DescriptionHTML string                `json:"descriptionHtml"`
	Tags            []string              `json:"tags"`
	Next            []ticket.State        `json:"next"`
	Timeline        []ticket.Event        `json:"timeline"`
	Links           []ticket.LinkedTicket `json:"links"`
	OpenChildren    int                   `json:"openChildren"`
	Computed        int                   `json:"computedPriority"`
}

// Get returns a ticket's detail by id or number.
func (t *Tickets) Get(idOrNumber string) (*Detail, error) {
	ctx := context.Background()
	d, actor, err := t.app.who(ctx)
	if err != nil {
		return nil, err
	}
	tk, err := d.Tickets.Get(ctx, actor, idOrNumber)
	if err != nil {
		if tk, err = d.Tickets.GetByNumber(ctx, actor, idOrNumber); err != nil {
			return nil, err
		}
	}
	tl, err := d.Tickets.Timeline(ctx, actor, tk.ID)
	if err != nil {
		return nil, err
	}
	links, err := d.Tickets.Links(ctx, actor, tk.ID)
	if err != nil {
		return nil, err
	}
	kids, err := d.Tickets.OpenChildren(ctx, tk.ID)
	if err != nil {
		return nil, err
	}
	for i := range tl {
		if tl[i].Comment != nil {
			tl[i].HTML = markdown.HTML(tl[i].Comment.Body)
		}
	}
	next := ticket.Next(tk.State)
	if next == nil {
		next = []ticket.State{}
	}
	return &Detail{Ticket: *tk, DescriptionHTML: markdown.HTML(tk.Description), Tags: ticket.SplitTags(tk.Tags), Next: next, Timeline: tl, Links: links,
		OpenChildren: len(kids), Computed: d.Tickets.Matrix.Priority(tk.Impact, tk.Urgency)}, nil
}

// Create logs a new ticket.
func (t *Tickets) Create(draft ticket.Draft) (*ticket.Ticket, error) {
	ctx := context.Background()
	d, actor, err := t.app.who(ctx)
	if err != nil {
		return nil, err
	}
	tk, err := d.Tickets.Create(ctx, actor, draft)
	if err == nil {
		t.app.emit("ticket:changed", tk.ID)
	}
	return tk, err
}

// Update edits fields in place.
func (t *Tickets) Update(id string, p ticket.Patch) (*Detail, error) {
	return t.write(id, func(ctx context.Context, d deskActor) error {
		_, err := d.desk.Tickets.Update(ctx, d.actor, id, p)
		return err
	})
}

// Transition moves a ticket to another state.
func (t *Tickets) Transition(id string, m ticket.Move) (*Detail, error) {
	return t.write(id, func(ctx context.Context, d deskActor) error {
		_, err := d.desk.Tickets.Transition(ctx, d.actor, id, m)
		return err
	})
}

// Comment adds a reply, work note or worklog entry.
func (t *Tickets) Comment(id, kind, body string, minutes int) (*Detail, error) {
	return t.write(id, func(ctx context.Context, d deskActor) error {
		_, err := d.desk.Tickets.AddComment(ctx, d.actor, id, kind, body, minutes)
		return err
	})
}

// SetMajor flags or unflags a major incident.
func (t *Tickets) SetMajor(id string, major bool, reason string) (*Detail, error) {
	return t.write(id, func(ctx context.Context, d deskActor) error {
		_, err := d.desk.Tickets.SetMajor(ctx, d.actor, id, major, reason)
		return err
	})
}

// SetParent attaches an incident to a major incident by the parent's number ("" detaches).
func (t *Tickets) SetParent(id, parentNumber string) (*Detail, error) {
	return t.write(id, func(ctx context.Context, d deskActor) error {
		parentID := ""
		if parentNumber != "" {
			p, err := d.desk.Tickets.GetByNumber(ctx, d.actor, parentNumber)
			if err != nil {
				return err
			}
			parentID = p.ID
		}
		_, err := d.desk.Tickets.SetParent(ctx, d.actor, id, parentID)
		return err
	})
}

// Relate links a ticket to another, named by number.
func (t *Tickets) Relate(id, otherNumber string) (*Detail, error) {
	return t.write(id, func(ctx context.Context, d deskActor) error {
		o, err := d.desk.Tickets.GetByNumber(ctx, d.actor, otherNumber)
		if err != nil {
			return err
		}
		return d.desk.Tickets.Relate(ctx, d.actor, id, o.ID)
	})
}

// MarkDuplicate merges a ticket into the original, named by number.
func (t *Tickets) MarkDuplicate(id, originalNumber string) (*Detail, error) {
	return t.write(id, func(ctx context.Context, d deskActor) error {
		o, err := d.desk.Tickets.GetByNumber(ctx, d.actor, originalNumber)
		if err != nil {
			return err
		}
		_, err = d.desk.Tickets.MarkDuplicate(ctx, d.actor, id, o.ID)
		return err
	})
}

// Attach adds a file sent base64-encoded by the frontend.
func (t *Tickets) Attach(id, name, dataBase64 string) (*Detail, error) {
	data, err := base64.StdEncoding.DecodeString(dataBase64)
	if err != nil {
		return nil, fault.Field("file", "the file did not arrive intact: %v", err)
	}
	return t.write(id, func(ctx context.Context, d deskActor) error {
		_, err := d.desk.Tickets.Attach(ctx, d.actor, id, name, data)
		return err
	})
}

// Download is an attachment's name, type and bytes (base64 in the frontend).
type Download struct {
	Name string `json:"name"`
	Mime string `json:"mime"`
	Data string `json:"data"` // base64
}

// Download returns an attachment's bytes.
func (t *Tickets) Download(attachmentID string) (*Download, error) {
	ctx := context.Background()
	d, actor, err := t.app.who(ctx)
	if err != nil {
		return nil, err
	}
	a, data, err := d.Tickets.Blob(ctx, actor, attachmentID)
	if err != nil {
		return nil, err
	}
	return &Download{Name: a.Name, Mime: a.Mime, Data: base64.StdEncoding.EncodeToString(data)}, nil
}

// Search runs a full-text search.
func (t *Tickets) Search(text string, limit int) ([]ticket.Hit, error) {
	ctx := context.Background()
	d, actor, err := t.app.who(ctx)
	if err != nil {
		return nil, err
	}
	return d.Tickets.Search(ctx, actor, text, limit)
}

type deskActor struct {
	desk  *desk.Desk
	actor people.Actor
}

// write runs a domain write, announces it, and returns the fresh detail.
func (t *Tickets) write(id string, fn func(context.Context, deskActor) error) (*Detail, error) {
	ctx := context.Background()
	d, actor, err := t.app.who(ctx)
	if err != nil {
		return nil, err
	}
	if err := fn(ctx, deskActor{d, actor}); err != nil {
		return nil, err
	}
	t.app.emit("ticket:changed", id)
	return t.Get(id)
}
