package app

import (
	"context"
	"encoding/base64"
	"fmt"
	"log/slog"

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

// Queue returns a page of a queue view; withTotal also counts the whole queue. Total is -1
// when not counted.
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
	p := &Page{Rows: rows, Total: shortTotal(q, rows)}
	if withTotal && p.Total < 0 {
		if p.Total, err = d.Tickets.Count(ctx, actor, q); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// shortTotal is the queue's total when its first page is not full, which then holds the
// whole queue (no count needed); -1 otherwise.
func shortTotal(q ticket.Query, rows []ticket.Row) int64 {
	if q.Offset == 0 && q.Limit > 0 && len(rows) < q.Limit {
		return int64(len(rows))
	}
	return -1
}

// Detail is a ticket with everything its view shows.
type Detail struct {
	Ticket ticket.Ticket `json:"ticket"`
	// DescriptionHTML is the description rendered from markdown and sanitized.
	DescriptionHTML string   `json:"descriptionHtml"`
	Tags            []string `json:"tags"`
	// Next lists the states the signed-in user may move the ticket to; Allowed says what
	// else they may do. Both come from the domain's rules, so the UI copies none.
	Next         []ticket.State        `json:"next"`
	Allowed      ticket.Allowed        `json:"allowed"`
	Timeline     []ticket.Event        `json:"timeline"`
	Links        []ticket.LinkedTicket `json:"links"`
	OpenChildren int                   `json:"openChildren"`
	Computed     int                   `json:"computedPriority"`
	// MinutesWorked sums the ticket's worklog entries (0 for a requester).
	MinutesWorked int `json:"minutesWorked"`
	// Labels name the ticket's CI and service.
	Labels ticket.Labels `json:"labels"`
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
	worked, err := d.Tickets.MinutesWorked(ctx, actor, tk.ID)
	if err != nil {
		return nil, err
	}
	labels, err := d.Tickets.LabelsOf(ctx, tk)
	if err != nil {
		return nil, err
	}
	allowed := ticket.AllowedFor(actor, tk)
	return &Detail{Labels: labels, Ticket: *tk, DescriptionHTML: markdown.HTML(tk.Description), Tags: ticket.SplitTags(tk.Tags), Next: allowed.Next, Allowed: allowed, Timeline: tl, Links: links,
		OpenChildren: len(kids), Computed: d.Tickets.Matrix.Priority(tk.Impact, tk.Urgency), MinutesWorked: worked}, nil
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

// Comment adds a reply, work note or worklog entry, and drops the author's draft of it.
func (t *Tickets) Comment(id, kind, body string, minutes int) (*Detail, error) {
	return t.write(id, func(ctx context.Context, d deskActor) error {
		c, err := d.desk.Tickets.AddComment(ctx, d.actor, id, kind, body, minutes)
		if err != nil {
			return err
		}
		if err := d.desk.Drafts.Clear(ctx, d.actor.ID, c.TicketID, kind); err != nil {
			// The comment is saved; a draft left behind is shown again, not lost.
			slog.Error("clear draft after sending", "ticket", c.TicketID, "err", err)
		}
		return nil
	})
}

// Drafts returns what the user typed but has not sent on a ticket, by kind.
func (t *Tickets) Drafts(id string) (map[string]string, error) {
	ctx := context.Background()
	d, actor, err := t.app.who(ctx)
	if err != nil {
		return nil, err
	}
	tk, err := d.Tickets.Get(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	return d.Drafts.Get(ctx, actor.ID, tk.ID)
}

// SaveDraft keeps what the user is typing on a ticket ("" clears it).
func (t *Tickets) SaveDraft(id, kind, body string) error {
	ctx := context.Background()
	d, actor, err := t.app.who(ctx)
	if err != nil {
		return err
	}
	tk, err := d.Tickets.Get(ctx, actor, id)
	if err != nil {
		return err
	}
	return d.Drafts.Save(ctx, actor.ID, tk.ID, kind, body)
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

// Attach adds a file sent base64-encoded by the frontend; an internal file is staff only.
func (t *Tickets) Attach(id, name, dataBase64 string, internal bool) (*Detail, error) {
	data, err := base64.StdEncoding.DecodeString(dataBase64)
	if err != nil {
		return nil, fault.Field("file", "the file did not arrive intact: %v", err)
	}
	return t.write(id, func(ctx context.Context, d deskActor) error {
		attach := d.desk.Tickets.Attach
		if internal {
			attach = d.desk.Tickets.AttachInternal
		}
		_, err := attach(ctx, d.actor, id, name, data)
		return err
	})
}

// SaveAttachment asks where to save an attachment (the native dialog, in ~/Downloads when
// it exists, under the file's name) and writes it there. An existing file is never replaced
// unless the dialog asked first: otherwise Exists comes back, nothing is written, and
// ReplaceWithAttachment writes it once the person agrees.
func (t *Tickets) SaveAttachment(attachmentID string) (*Saved, error) {
	ctx := context.Background()
	d, actor, err := t.app.who(ctx)
	if err != nil {
		return nil, err
	}
	a, data, err := d.Tickets.Blob(ctx, actor, attachmentID)
	if err != nil {
		return nil, err
	}
	// A file chosen in an earlier dialog and not replaced then is not replaced later.
	t.app.mu.Lock()
	delete(t.app.pendingSave, attachmentID)
	t.app.mu.Unlock()
	path, confirmed, err := t.app.desktop().SaveFileDialog(ctx, SaveRequest{
		Title: "Save " + a.Name, DefaultDirectory: downloadsDir(), DefaultFilename: a.Name,
	})
	if err != nil {
		return nil, err
	}
	if path == "" {
		return &Saved{Canceled: true}, nil
	}
	if confirmed {
		if err := replace(path, data); err != nil {
			return nil, err
		}
		return &Saved{Path: path}, nil
	}
	ok, err := writeNew(path, data)
	if err != nil {
		return nil, err
	}
	if !ok {
		t.app.mu.Lock()
		if t.app.pendingSave == nil {
			t.app.pendingSave = map[string]string{}
		}
		t.app.pendingSave[attachmentID] = path
		t.app.mu.Unlock()
		return &Saved{Path: path, Exists: true}, nil
	}
	return &Saved{Path: path}, nil
}

// ReplaceWithAttachment writes an attachment over the existing file the person chose for it
// in the last save dialog, once they agreed to replace it. The path is the one Go kept, never
// one the page sends.
func (t *Tickets) ReplaceWithAttachment(attachmentID string) (*Saved, error) {
	ctx := context.Background()
	t.app.mu.Lock()
	path, ok := t.app.pendingSave[attachmentID]
	delete(t.app.pendingSave, attachmentID)
	t.app.mu.Unlock()
	if !ok {
		return nil, fmt.Errorf("no file waits to be replaced by attachment %s: %w", attachmentID, fault.ErrNotFound)
	}
	d, actor, err := t.app.who(ctx)
	if err != nil {
		return nil, err
	}
	_, data, err := d.Tickets.Blob(ctx, actor, attachmentID)
	if err != nil {
		return nil, err
	}
	if err := replace(path, data); err != nil {
		return nil, err
	}
	return &Saved{Path: path}, nil
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
