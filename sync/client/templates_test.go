package client_test

import (
	"context"
	"testing"

	"outpost/domain/canned"
	"outpost/domain/people"
	"outpost/domain/ticket"
	"outpost/sync/synctest"
)

// TestTemplatesReachEveryDesk: a manager's group reply and ticket template, and an agent's
// personal reply, reach every staff desk; each person lists only theirs and their groups';
// an edit and a delete follow; a requester's desk holds none of them.
func TestTemplatesReachEveryDesk(t *testing.T) {
	ctx := context.Background()
	clock := synctest.NewClock()
	s := synctest.StartServer(t, "", clock.Now)
	s.AddUser(t, "Mia Manager", "mia@example.test", "manager")
	ann := s.AddUser(t, "Ann Agent", "ann@example.test", "agent")
	bob := s.AddUser(t, "Bob Agent", "bob@example.test", "agent")
	s.AddUser(t, "Rita Requester", "rita@example.test", "requester")
	s.AddGroup(t, "g-desk", "Service Desk", ann.ID)
	m := synctest.NewReplica(t, s, "mia@example.test", clock)
	a := synctest.NewReplica(t, s, "ann@example.test", clock)
	b := synctest.NewReplica(t, s, "bob@example.test", clock)
	r := synctest.NewReplica(t, s, "rita@example.test", clock)
	for _, x := range []*synctest.Replica{m, a, b} {
		x.Sync(t)
		x.Actor, _ = x.Desk.People.ActorFor(ctx, x.Actor.ID)
	}

	team, err := m.Desk.Templates.SaveReply(ctx, m.Actor, canned.Reply{Scope: canned.Scope{GroupID: "g-desk"}, Name: "Escalated",
		Body: "{{ticket.number}} is with {{group.name}}."})
	if err != nil {
		t.Fatal(err)
	}
	vpn, err := m.Desk.Templates.SaveTicketTemplate(ctx, m.Actor, canned.Ticket{Scope: canned.Scope{GroupID: "g-desk"}, Name: "VPN down",
		Type: ticket.Incident, Title: "VPN is down", Impact: 2, Urgency: 2, AssignmentGroupID: "g-desk"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Desk.Templates.SaveReply(ctx, a.Actor, canned.Reply{Name: "Thanks", Body: "Thanks, {{requester.name}}."}); err != nil {
		t.Fatal(err)
	}
	for _, x := range []*synctest.Replica{m, a, b, r, m, a, b, r} {
		if rep := x.Sync(t); rep.Rejected != 0 {
			t.Fatalf("%s's sync: %+v", x.Actor.ID, rep)
		}
	}

	names := func(x *synctest.Replica) string {
		rs, err := x.Desk.Templates.Replies(ctx, x.Actor, false)
		if err != nil {
			t.Fatal(err)
		}
		return replyNames(rs)
	}
	held := func(x *synctest.Replica, table string) int64 {
		var n int64
		if err := x.Desk.DB.Raw(`SELECT COUNT(*) FROM ` + table).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		return n
	}
	if got := names(a); got != "Thanks, Escalated" {
		t.Errorf("Ann lists %q, want her own and her group's", got)
	}
	if got := names(b); got != "" || held(b, "reply_templates") != 2 {
		t.Errorf("Bob lists %q of %d held, want none of the 2 his desk holds", got, held(b, "reply_templates"))
	}
	if held(r, "reply_templates") != 0 || held(r, "ticket_templates") != 0 {
		t.Errorf("a requester's desk holds templates")
	}
	tts, err := a.Desk.Templates.TicketTemplates(ctx, a.Actor, false)
	if err != nil || len(tts) != 1 || tts[0].ID != vpn.ID || tts[0].AssignmentGroupID != "g-desk" {
		t.Fatalf("Ann's ticket templates: %+v, %v", tts, err)
	}

	// Ann expands the group's reply on a ticket of hers.
	tk, err := a.Desk.Tickets.Create(ctx, a.Actor, ticket.Draft{Type: ticket.Incident, Title: "Pump offline", Impact: 2, Urgency: 2, GroupID: "g-desk"})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := a.Desk.Templates.ExpandReply(ctx, a.Actor, team.ID, tk.ID); err != nil || got != tk.Number+" is with Service Desk." {
		t.Errorf("expanded on Ann's desk: %q, %v", got, err)
	}

	// An edit and a delete on the manager's desk follow.
	team.Body = "Passed to {{group.name}}."
	if _, err := m.Desk.Templates.SaveReply(ctx, m.Actor, *team); err != nil {
		t.Fatal(err)
	}
	if err := m.Desk.Templates.DeleteTicketTemplate(ctx, m.Actor, vpn.ID); err != nil {
		t.Fatal(err)
	}
	m.Sync(t)
	a.Sync(t)
	got, err := a.Desk.Templates.Reply(ctx, a.Actor, team.ID)
	if err != nil || got.Body != "Passed to {{group.name}}." {
		t.Errorf("the edited reply on Ann's desk: %+v, %v", got, err)
	}
	if tts, _ := a.Desk.Templates.TicketTemplates(ctx, a.Actor, false); len(tts) != 0 {
		t.Errorf("a deleted ticket template is still listed on Ann's desk: %+v", tts)
	}
	if _, err := b.Desk.Templates.SaveReply(ctx, people.Actor{ID: bob.ID, Role: people.Agent}, canned.Reply{ID: team.ID, Name: "Mine", Body: "x"}); err == nil {
		t.Error("Bob edited the group's reply")
	}
}

func replyNames(rs []canned.Reply) string {
	out := ""
	for i, r := range rs {
		if i > 0 {
			out += ", "
		}
		out += r.Name
	}
	return out
}
