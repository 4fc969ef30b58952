package app

import (
	"context"
	"testing"
	"time"

	"outpost/domain/ticket"
)

// The sync panel's Go side: refused child ops name their ticket, the desk's own work comes
// back marked automatic, and any signed-in user can sign in again after Disconnect.

func TestRefusedWorkNamesItsTicket(t *testing.T) {
	a, b, tk := sharedTicket(t, ticket.Draft{Type: ticket.Incident, Title: "Payroll export fails", Impact: 1, Urgency: 1})
	if _, err := NewTickets(a).Transition(tk.ID, ticket.Move{To: ticket.Canceled, Reason: "raised twice"}); err != nil {
		t.Fatal(err)
	}
	syncNow(t, a)

	// Bob's own note, and his desk's SLA escalation past the P1's 4 h target, both on a
	// ticket the server has canceled meanwhile.
	if _, err := NewTickets(b).Comment(tk.ID, ticket.KindNote, "Checked the export job", 0); err != nil {
		t.Fatal(err)
	}
	b.clock.Advance(5 * time.Hour)
	if _, err := b.sweepSLA(context.Background()); err != nil {
		t.Fatal(err)
	}
	syncNow(t, b)

	rej, err := NewSync(b).Rejections()
	if err != nil {
		t.Fatal(err)
	}
	var mine, auto int
	for _, r := range rej {
		if r.Entity != ticket.EntityComment || r.RecordNumber != tk.Number || r.TicketID != tk.ID || r.RecordTitle != tk.Title {
			t.Errorf("rejection %+v: want the comment's ticket %s (%s)", r, tk.Number, tk.ID)
		}
		if r.Auto {
			auto++
		} else {
			mine++
		}
	}
	if mine != 1 || auto == 0 {
		t.Fatalf("rejections: got %d of Bob's and %d automatic, want 1 and at least 1: %+v", mine, auto, rej)
	}
}

func TestAnyUserSignsInAgainAfterDisconnect(t *testing.T) {
	s, a, _ := syncDesks(t)
	s.AddUser(t, "Rita Requester", "rita@example.test", "requester")
	connect(t, a, s.URL, "rita@example.test")
	if me, _ := NewSession(a).Me(); me.User.Role != "requester" {
		t.Fatalf("me after connecting: got %+v, want the requester", me.User)
	}
	if st, err := NewSync(a).Disconnect(); err != nil || st.Joined || st.UserID == "" || st.Email != "rita@example.test" {
		t.Fatalf("disconnect: got %+v, %v; want signed out, keeping the account", st, err)
	}
	st := connect(t, a, s.URL, "rita@example.test")
	if !st.Joined || st.State != "synced" || st.UserName != "Rita Requester" {
		t.Fatalf("sign in again: got %+v", st)
	}
	if _, err := NewSync(a).SyncNow(); err != nil {
		t.Fatalf("sync now as a requester: %v", err)
	}
}
