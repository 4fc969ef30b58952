package client_test

import (
	"context"
	"os"
	"reflect"
	"testing"

	"outpost/domain/servicenow"
	"outpost/domain/ticket"
	"outpost/sync/synctest"
)

// TestServiceNowImportSyncs: a ServiceNow history imported on a joined desk reaches the
// server and the team as ordinary records: its people, groups and memberships, then its
// tickets at their states, every op accepted by the server's re-check of the kinds' rules.
func TestServiceNowImportSyncs(t *testing.T) {
	clock := synctest.NewClock()
	s := synctest.StartServer(t, "", clock.Now)
	s.AddUser(t, "Ada Admin", "ada@example.test", "admin")
	s.AddUser(t, "Bob Agent", "bob@example.test", "agent")
	a := synctest.NewReplica(t, s, "ada@example.test", clock)
	a.Sync(t)
	f, err := os.Open("../../domain/servicenow/testdata/sample.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	imp, err := servicenow.Import(context.Background(), a.Desk, a.Actor, f, servicenow.Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rep := a.Sync(t)
	if rep.Rejected != 0 || rep.Accepted < imp.Changes {
		t.Fatalf("sync of the import: %+v, want all %d changes accepted", rep, imp.Changes)
	}
	b := synctest.NewReplica(t, s, "bob@example.test", clock)
	b.Sync(t)
	var got []struct {
		Title, State, HoldReason, Requester string
	}
	err = b.Desk.DB.Raw(`SELECT t.title, t.state, t.hold_reason, u.name AS requester FROM tickets t
		JOIN users u ON u.id = t.requester_id ORDER BY t.created_at`).Scan(&got).Error
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].State != string(ticket.Closed) || got[1].State != string(ticket.OnHold) ||
		got[1].HoldReason != "awaiting_caller" || got[0].Requester != "Caller 2403" {
		t.Fatalf("the other desk sees %+v", got)
	}
	var nums []string
	b.Desk.DB.Raw(`SELECT number FROM tickets ORDER BY created_at`).Scan(&nums)
	t.Logf("numbers on the other desk: %v", nums)
	// The server numbers them from its own series (the file's numbers lie in no block it
	// leased); the ServiceNow number stays in the description, where search finds it.
	hits, err := b.Desk.Tickets.Search(context.Background(), b.Actor, "INC0000045", 5)
	if err != nil || len(hits) != 1 || hits[0].Number != nums[0] {
		t.Errorf("search for the ServiceNow number on the other desk: %+v, %v", hits, err)
	}
	for name, r := range map[string]*synctest.Replica{"a": a, "b": b} {
		if !reflect.DeepEqual(r.Dump(t), s.Dump(t)) {
			t.Errorf("replica %s differs from the server", name)
		}
	}
}
