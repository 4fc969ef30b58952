package sla_test

import (
	"strings"
	"testing"
	"time"

	"outpost/domain/sla"
)

// The sweep reads each due level's ticket by the rowid its schedule row keeps (migration
// 0044). The hook writes that rowid; where it no longer names the ticket's row (rowids moved,
// as a VACUUM may move them, or swapped between two tickets) the sweep reads the ticket by id,
// so every level still fires once, with its own ticket's number, and a level whose ticket is
// gone fires nothing.
func TestSweepRowidHintFallback(t *testing.T) {
	e := newEnv(t)
	a := e.create(1, 1, e.owner.ID) // P1: response warning at 11¼ min
	b := e.create(1, 1, e.owner.ID)
	c := e.create(1, 1, e.owner.ID)
	d := e.create(1, 1, e.owner.ID) // left alone: read by its hint
	var stale int64
	if err := e.d.DB.Raw(`SELECT COUNT(*) FROM sla_schedule s LEFT JOIN tickets t ON t.id = s.ticket_id
		WHERE t.rowid IS NOT s.ticket_rowid`).Scan(&stale).Error; err != nil {
		t.Fatal(err)
	}
	if stale != 0 {
		t.Fatalf("%d schedule rows without their ticket's rowid, want none", stale)
	}
	for _, q := range []struct {
		sql  string
		args []any
	}{
		{`UPDATE tickets SET rowid = rowid + 1000 WHERE id = ?`, []any{a.ID}},
		// b and c swap rows: each one's hint now names the other's row.
		{`UPDATE tickets SET rowid = -1 WHERE id = ?`, []any{b.ID}},
		{`UPDATE tickets SET rowid = (SELECT ticket_rowid FROM sla_schedule WHERE ticket_id = ? LIMIT 1) WHERE id = ?`, []any{b.ID, c.ID}},
		{`UPDATE tickets SET rowid = (SELECT ticket_rowid FROM sla_schedule WHERE ticket_id = ? LIMIT 1) WHERE id = ?`, []any{c.ID, b.ID}},
		// A level of a ticket that is gone, its hint naming a's row as it is now.
		{`INSERT INTO sla_schedule(at, ticket_id, kind, level, target, stage, ticket_rowid)
			SELECT ?, 'gone', 'response', 75, '15m', 'warning', rowid FROM tickets WHERE id = ?`, []any{monday09.Add(time.Minute).UnixMilli(), a.ID}},
	} {
		if err := e.d.DB.Exec(q.sql, q.args...).Error; err != nil {
			t.Fatalf("%s: %v", q.sql, err)
		}
	}
	e.clock.Add(12 * time.Minute)
	res := e.tick()
	want := map[string]string{a.ID: a.Number, b.ID: b.Number, c.ID: c.Number, d.ID: d.Number}
	if len(res.Fired) != len(want) {
		t.Fatalf("fired %+v, want the response warning of each of the 4 tickets", res.Fired)
	}
	for _, f := range res.Fired {
		if f.Kind != sla.Response || f.Percent != 75 || want[f.TicketID] != f.Number {
			t.Errorf("fired %+v, want %s's response warning with number %s", f, f.TicketID, want[f.TicketID])
		}
		delete(want, f.TicketID)
	}
	var msgs []string
	if err := e.d.DB.Raw(`SELECT ticket_id || ' ' || message FROM notifications WHERE kind = 'sla_warning'`).Scan(&msgs).Error; err != nil {
		t.Fatal(err)
	}
	for _, tk := range []struct{ id, number string }{{a.ID, a.Number}, {b.ID, b.Number}, {c.ID, c.Number}, {d.ID, d.Number}} {
		n := 0
		for _, m := range msgs {
			if strings.HasPrefix(m, tk.id+" "+tk.number+" reached 75%") {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%s: %d warnings naming it, want 1 (all: %q)", tk.number, n, msgs)
		}
	}
	var gone int64
	e.d.DB.Raw(`SELECT (SELECT COUNT(*) FROM sla_schedule WHERE ticket_id = 'gone') + (SELECT COUNT(*) FROM sla_events WHERE ticket_id = 'gone')`).Scan(&gone)
	if gone != 0 {
		t.Errorf("the gone ticket's level: %d rows left in the schedule or events, want none", gone)
	}
	if res := e.tick(); len(res.Fired) != 0 {
		t.Errorf("next tick: got %+v, want nothing", res.Fired)
	}
	e.clock.Add(5 * time.Minute) // the response breaches, at 15 min
	if res := e.tick(); len(res.Fired) != 4 {
		t.Errorf("after 15 min: fired %+v, want the 4 response breaches", res.Fired)
	}
}

// The sweep reads a due ticket's number, assignee, group, policy and title as one text column
// (dueTicket.unpack): a title that holds the separator itself, or other control characters,
// still reaches the notification whole, and the other fields stay in their places.
func TestSweepReadsATitleWithTheSeparatorWhole(t *testing.T) {
	e := newEnv(t)
	tk := e.create(1, 1, e.owner.ID)
	title := "Printer\x1f on floor 3\x1f\x1f \x00 jams"
	if err := e.d.DB.Exec(`UPDATE tickets SET title = ? WHERE id = ?`, title, tk.ID).Error; err != nil {
		t.Fatal(err)
	}
	e.clock.Add(12 * time.Minute)
	res := e.tick()
	if len(res.Fired) != 1 || res.Fired[0].Number != tk.Number {
		t.Fatalf("fired %+v, want %s's response warning", res.Fired, tk.Number)
	}
	var got []struct{ UserID, Message string }
	if err := e.d.DB.Raw(`SELECT user_id, message FROM notifications WHERE ticket_id = ?`, tk.ID).Scan(&got).Error; err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].UserID != e.owner.ID || !strings.HasPrefix(got[0].Message, tk.Number+" reached 75%") ||
		!strings.HasSuffix(got[0].Message, ": "+title) {
		t.Fatalf("notifications %q, want one to the assignee %s naming %s and ending with the whole title %q", got, e.owner.ID, tk.Number, title)
	}
}
