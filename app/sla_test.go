package app

import (
	"testing"
	"time"

	"github.com/robfig/cron/v3"

	"outpost/domain/ticket"
)

// The end-to-end path without the window: a P1 shows its countdown; after the test
// clock moves past the due time, the sweep puts the breach in the notification
// centre.
func TestP1BreachReachesNotificationCentre(t *testing.T) {
	a := openApp(t, true)
	tickets, session, slaf := NewTickets(a), NewSession(a), NewSLA(a)
	me, err := session.Me()
	if err != nil {
		t.Fatal(err)
	}
	tk, err := tickets.Create(ticket.Draft{Type: ticket.Incident, Title: "Plant network down", Impact: 1, Urgency: 1, AssigneeID: me.User.ID})
	if err != nil {
		t.Fatal(err)
	}
	st, err := slaf.Status(tk.ID)
	if err != nil {
		t.Fatal(err)
	}
	if st.Response.State != "running" || st.Response.DueAt != tk.CreatedAt+15*60*1000 {
		t.Fatalf("countdown: got %+v, want response running, due 15 min after creation", st.Response)
	}
	// Moving the clock sweeps at once (warning at 75 %, breach at 100 %); a sweep right after
	// finds nothing more to fire.
	if err := session.AdvanceClock(20); err != nil {
		t.Fatal(err)
	}
	res, err := slaf.SweepNow()
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Fired) != 0 {
		t.Fatalf("second sweep fired %+v, want nothing", res.Fired)
	}
	page, err := slaf.Notifications(false, 20)
	if err != nil {
		t.Fatal(err)
	}
	if page.Unread != 2 || page.Items[0].Kind != "sla_breach" || page.Items[0].TicketID != tk.ID {
		t.Fatalf("notification centre: got %+v, want the breach first, 2 unread", page)
	}
	if err := slaf.MarkRead(nil); err != nil {
		t.Fatal(err)
	}
	if n, _ := slaf.UnreadCount(); n != 0 {
		t.Fatalf("unread after mark all read: got %d, want 0", n)
	}
	if st, _ := slaf.Status(tk.ID); st.Stage != "breached" {
		t.Fatalf("stage: got %q, want breached", st.Stage)
	}
}

func TestStartSLARegistersSweep(t *testing.T) {
	a := openApp(t, false)
	c := cron.New()
	a.startSLA(c)
	if n := len(c.Entries()); n != 1 {
		t.Fatalf("got %d cron entries, want 1", n)
	}
	if err := NewSLA(a).SetSweepEvery("2s"); err == nil {
		t.Fatal("a 2 s sweep: got no error, want a validation error")
	}
	// A new interval replaces the schedule at once, not at the next start.
	if err := NewSLA(a).SetSweepEvery("5m"); err != nil {
		t.Fatal(err)
	}
	entries := c.Entries()
	if len(entries) != 1 {
		t.Fatalf("after a new interval: %d cron entries, want 1", len(entries))
	}
	if s, ok := entries[0].Schedule.(cron.ConstantDelaySchedule); !ok || s.Delay != 5*time.Minute {
		t.Errorf("sweep schedule: got %#v, want every 5m", entries[0].Schedule)
	}
}
