package app

import (
	"context"
	"slices"

	"outpost/domain/ticket"
)

// Selection is the tickets a bulk action applies to: the ids picked, or (All) every ticket of
// the queue view the filter describes, whatever is loaded, less Except.
type Selection struct {
	IDs    []string     `json:"ids"`
	All    bool         `json:"all"`
	Query  ticket.Query `json:"query"`
	Except []string     `json:"except"`
}

// BulkResult is what a bulk action did: how many tickets it changed, and each it refused with
// its number and coded reason.
type BulkResult struct {
	Done    int              `json:"done"`
	Refused []ticket.Outcome `json:"refused"`
}

// Bulk makes one change to many tickets in one call; each ticket is checked and audited as if
// changed alone, and the ones the rules refuse are listed.
func (t *Tickets) Bulk(sel Selection, c ticket.Change) (*BulkResult, error) {
	ctx := context.Background()
	d, actor, err := t.app.who(ctx)
	if err != nil {
		return nil, err
	}
	ids := sel.IDs
	if sel.All {
		// One more than allowed, so Bulk refuses a view too large rather than cutting it.
		all, err := d.Tickets.QueueIDs(ctx, actor, sel.Query, ticket.BulkMax+len(sel.Except)+1)
		if err != nil {
			return nil, err
		}
		ids = slices.DeleteFunc(all, func(id string) bool { return slices.Contains(sel.Except, id) })
	}
	out, err := d.Tickets.Bulk(ctx, actor, ids, c)
	if err != nil {
		return nil, err
	}
	res := &BulkResult{Refused: []ticket.Outcome{}}
	for _, o := range out {
		if o.Done {
			res.Done++
		} else {
			res.Refused = append(res.Refused, o)
		}
	}
	if res.Done > 0 {
		t.app.emit("ticket:changed", "")
	}
	return res, nil
}

// AssignToMe assigns a ticket to the signed-in person, in the ticket's group.
func (t *Tickets) AssignToMe(id string) (*Detail, error) {
	return t.write(id, func(ctx context.Context, d deskActor) error {
		me := d.actor.ID
		_, err := d.desk.Tickets.Update(ctx, d.actor, id, ticket.Patch{AssigneeID: &me})
		return err
	})
}
