package client_test

import (
	"context"
	"path/filepath"
	"testing"

	"outpost/domain/desk"
	"outpost/sync/client"
	"outpost/sync/synctest"
)

// TestJoinedNumbersLeaveNoAlias: a desk used before it joined numbered its tickets from its
// own counter, in the form the server leases. On joining, those numbers are replaced; they
// are kept as aliases neither on the server nor on the desk, because the desk holding the
// lease of such a number gives it to its own ticket, which keeps it.
func TestJoinedNumbersLeaveNoAlias(t *testing.T) {
	s, _, b := setup(t)
	ctx := context.Background()
	b.Sync(t) // b leases the first block
	clock := synctest.NewClock()
	d, err := desk.Open(ctx, filepath.Join(t.TempDir(), "old.db"), clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	owner, _ := d.Owner(ctx)
	early, err := d.Tickets.Create(ctx, owner, draft("before joining"))
	if err != nil {
		t.Fatal(err)
	}
	c := client.New(d)
	if _, err := c.Login(ctx, s.URL, "ann@example.test", synctest.Password); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	got, _ := d.Tickets.Get(ctx, owner, early.ID)
	if got.Number == early.Number {
		t.Fatalf("the pre-join number %s was kept, but b holds its lease", early.Number)
	}
	rightful, err := b.Desk.Tickets.Create(ctx, b.Actor, draft("online"))
	if err != nil {
		t.Fatal(err)
	}
	if rightful.Number != early.Number {
		t.Fatalf("b's first number is %s, want %s (the test needs the two to meet)", rightful.Number, early.Number)
	}
	b.Sync(t)
	if _, err := c.Sync(ctx); err != nil {
		t.Fatal(err)
	}
	again, _ := b.Desk.Tickets.Get(ctx, b.Actor, rightful.ID)
	if again.Number != rightful.Number {
		t.Errorf("b's ticket was renumbered from %s to %s", rightful.Number, again.Number)
	}
	var dupes int64
	if err := d.DB.Raw(`SELECT COUNT(*) FROM ticket_aliases a JOIN tickets t ON t.number = a.number`).Scan(&dupes).Error; err != nil {
		t.Fatal(err)
	}
	if dupes != 0 {
		t.Errorf("the joined desk holds %d aliases equal to a live number", dupes)
	}
}
