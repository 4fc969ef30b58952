package client_test

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"gorm.io/gorm"

	"outpost/domain/replica"
	"outpost/domain/store"
	"outpost/domain/ticket"
)

// TestPulledSearchRowsAsReindexWrites: the search rows a pull writes for its new tickets
// (IndexNew for those with no comment nor old number in the page, a full reindex for the
// rest) are the rows a full reindex of every ticket writes afterwards; and IndexNew for a
// ticket that has a search row fails rather than add a second.
func TestPulledSearchRowsAsReindexWrites(t *testing.T) {
	_, a, b := setup(t)
	ctx := context.Background()
	a.Sync(t) // leases numbers
	bare, err := a.Desk.Tickets.Create(ctx, a.Actor, draft("Printer jams"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Desk.Tickets.Create(ctx, a.Actor, draft("Edited later")); err != nil {
		t.Fatal(err)
	}
	replied, err := a.Desk.Tickets.Create(ctx, a.Actor, draft("Mail bounces"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Desk.Tickets.AddComment(ctx, a.Actor, replied.ID, ticket.KindReply, "the relay was down", 0); err != nil {
		t.Fatal(err)
	}
	if _, err := a.Desk.Tickets.AddComment(ctx, a.Actor, replied.ID, ticket.KindNote, "restarted postfix", 0); err != nil {
		t.Fatal(err)
	}
	a.Sync(t)
	b.Sync(t) // one page: every ticket is new in it

	type row struct {
		Rowid                                      int64
		Number, Title, Description, Replies, Notes string
	}
	read := func() []row {
		var rows []row
		if err := b.Desk.DB.Raw(`SELECT rowid, number, title, description, replies, notes FROM tickets_fts ORDER BY rowid`).Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		return rows
	}
	pulled := read()
	if len(pulled) != 3 {
		t.Fatalf("%d search rows after the pull, want 3: %+v", len(pulled), pulled)
	}
	var ids []string
	if err := b.Desk.DB.Raw(`SELECT id FROM tickets`).Scan(&ids).Error; err != nil {
		t.Fatal(err)
	}
	typ, _ := replica.Lookup(ticket.EntityTicket)
	if err := store.Tx(ctx, b.Desk.DB, func(tx *gorm.DB) error { return typ.Reindex(tx, ids) }); err != nil {
		t.Fatal(err)
	}
	if again := read(); !reflect.DeepEqual(pulled, again) {
		t.Errorf("search rows after the pull:\n%+v\nafter a full reindex:\n%+v", pulled, again)
	}
	for _, r := range pulled {
		if r.Title == "Mail bounces" && (r.Replies != "the relay was down" || r.Notes != "restarted postfix") {
			t.Errorf("the replied ticket's search row %+v lacks its comments", r)
		}
	}
	errIndexed := errors.New("indexed twice")
	err = store.Tx(ctx, b.Desk.DB, func(tx *gorm.DB) error {
		if err := typ.IndexNew(tx, []string{bare.ID}); err != nil {
			return err
		}
		return errIndexed
	})
	if err == nil || errors.Is(err, errIndexed) {
		t.Errorf("IndexNew of a ticket with a search row: %v, want it to fail", err)
	}
}
