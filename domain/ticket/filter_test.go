package ticket_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"outpost/domain/people"
	"outpost/domain/ticket"
)

func TestQueueFilters(t *testing.T) {
	e, _ := queueEnv(t)
	// Tags with characters JSON would need escaped, and one changed after creation: the tag
	// table follows every write of tickets.tags.
	odd := e.create("Quoted tag", func(d *ticket.Draft) { d.Tags = []string{`say "hi"`, `back\slash`} })
	retag := e.create("Retagged", func(d *ticket.Draft) { d.Tags = []string{"old-tag"} })
	newTags := []string{"vip", "fresh"}
	if _, err := e.svc.Update(e.ctx, e.admin, retag.ID, ticket.Patch{Tags: &newTags}); err != nil {
		t.Fatal(err)
	}
	// Unassigned tickets in the agent's group (Service Desk) and in another group.
	mine := e.create("Unassigned in Service Desk", draftGroup(e.groups["Service Desk"], ""))
	e.create("Unassigned in Network", draftGroup(e.groups["Network"], ""))
	e.create("Assigned in Service Desk", draftGroup(e.groups["Service Desk"], e.agent.ID))
	var all []ticket.Ticket
	if err := e.d.DB.Find(&all).Error; err != nil {
		t.Fatal(err)
	}
	var busy, someRequester string
	if err := e.d.DB.Raw(`SELECT assignee_id FROM tickets WHERE assignee_id IS NOT NULL
		GROUP BY assignee_id ORDER BY COUNT(*) DESC, assignee_id LIMIT 1`).Row().Scan(&busy); err != nil {
		t.Fatal(err)
	}
	if err := e.d.DB.Raw(`SELECT requester_id FROM tickets GROUP BY requester_id ORDER BY COUNT(*) DESC LIMIT 1`).Row().Scan(&someRequester); err != nil {
		t.Fatal(err)
	}
	// Days are the clock's (UTC here): the epoch is 2025-03-14 09:30.
	ms := func(s string) int64 {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			t.Fatal(err)
		}
		return d.UnixMilli()
	}
	between := func(at *int64, from, to string) bool {
		return at != nil && (from == "" || *at >= ms(from)) && (to == "" || *at < ms(to)+86_400_000)
	}
	hasTag := func(tk *ticket.Ticket, tags ...string) bool {
		for _, x := range ticket.SplitTags(tk.Tags) {
			if slices.Contains(tags, x) {
				return true
			}
		}
		return false
	}
	f := func(field string, values ...string) ticket.Filter { return ticket.Filter{Field: field, Values: values} }
	dates := func(field, from, to string) ticket.Filter { return ticket.Filter{Field: field, From: from, To: to} }
	sd := e.groups["Service Desk"]
	unassignedMine := []ticket.Filter{f("assignee", ticket.Nobody), f("group", ticket.MyGroups)}
	tests := []struct {
		name    string
		actor   people.Actor
		filters []ticket.Filter
		want    func(*ticket.Ticket) bool
	}{
		{"type", e.admin, []ticket.Filter{f("type", "request")}, func(t *ticket.Ticket) bool { return t.Type == ticket.Request }},
		{"state", e.admin, []ticket.Filter{f("state", "on_hold", "resolved")}, func(t *ticket.Ticket) bool {
			return t.State == ticket.OnHold || t.State == ticket.Resolved
		}},
		{"priority", e.admin, []ticket.Filter{f("priority", "1", "2")}, func(t *ticket.Ticket) bool { return t.Priority <= 2 }},
		{"category", e.admin, []ticket.Filter{f("category", "Network", "Hardware")}, func(t *ticket.Ticket) bool {
			return t.Category == "Network" || t.Category == "Hardware"
		}},
		{"subcategory", e.admin, []ticket.Filter{f("subcategory", "VPN")}, func(t *ticket.Ticket) bool { return t.Subcategory == "VPN" }},
		{"service", e.admin, []ticket.Filter{f("service", "ERP")}, func(t *ticket.Ticket) bool { return t.Service == "ERP" }},
		{"source", e.admin, []ticket.Filter{f("source", "phone")}, func(t *ticket.Ticket) bool { return t.Source == "phone" }},
		{"tag", e.admin, []ticket.Filter{f("tag", "VIP ", "audit")}, func(t *ticket.Ticket) bool { return hasTag(t, "vip", "audit") }},
		{"tag with quotes", e.admin, []ticket.Filter{f("tag", `say "hi"`)}, func(t *ticket.Ticket) bool { return t.ID == odd.ID }},
		{"tag with a backslash", e.admin, []ticket.Filter{f("tag", `back\slash`)}, func(t *ticket.Ticket) bool { return t.ID == odd.ID }},
		{"tag after an edit", e.admin, []ticket.Filter{f("tag", "fresh")}, func(t *ticket.Ticket) bool { return t.ID == retag.ID }},
		{"requester", e.admin, []ticket.Filter{f("requester", someRequester)}, func(t *ticket.Ticket) bool { return t.RequesterID == someRequester }},
		{"requester is me", e.req, []ticket.Filter{f("requester", ticket.Me)}, func(t *ticket.Ticket) bool { return t.RequesterID == e.req.ID }},
		{"assignee", e.admin, []ticket.Filter{f("assignee", busy)}, func(t *ticket.Ticket) bool { return deref(t.AssigneeID) == busy }},
		{"assignee is me", e.agent, []ticket.Filter{f("assignee", ticket.Me)}, func(t *ticket.Ticket) bool { return deref(t.AssigneeID) == e.agent.ID }},
		{"unassigned or busy", e.admin, []ticket.Filter{f("assignee", ticket.Nobody, busy)}, func(t *ticket.Ticket) bool {
			return t.AssigneeID == nil || *t.AssigneeID == busy
		}},
		{"group", e.admin, []ticket.Filter{f("group", sd)}, func(t *ticket.Ticket) bool { return deref(t.GroupID) == sd }},
		{"unassigned in my groups", e.agent, unassignedMine, func(t *ticket.Ticket) bool {
			return t.AssigneeID == nil && deref(t.GroupID) == sd
		}},
		{"created between", e.admin, []ticket.Filter{dates("created", "2024-09-01", "2024-10-31")}, func(t *ticket.Ticket) bool {
			return between(&t.CreatedAt, "2024-09-01", "2024-10-31")
		}},
		{"created since", e.admin, []ticket.Filter{dates("created", "2025-01-01", "")}, func(t *ticket.Ticket) bool {
			return between(&t.CreatedAt, "2025-01-01", "")
		}},
		{"created in the last 30 days", e.admin, []ticket.Filter{dates("created", "-30d", "")}, func(t *ticket.Ticket) bool {
			return between(&t.CreatedAt, "2025-02-12", "")
		}},
		{"updated until", e.admin, []ticket.Filter{dates("updated", "", "2024-12-31")}, func(t *ticket.Ticket) bool {
			return between(&t.UpdatedAt, "", "2024-12-31")
		}},
		{"resolved in a month", e.admin, []ticket.Filter{dates("resolved", "2024-11-01", "2024-11-30")}, func(t *ticket.Ticket) bool {
			return between(t.ResolvedAt, "2024-11-01", "2024-11-30")
		}},
		{"three at once", e.admin, []ticket.Filter{f("category", "Hardware"), f("priority", "2", "3", "4"), dates("created", "2024-06-01", "")},
			func(t *ticket.Ticket) bool {
				return t.Category == "Hardware" && t.Priority >= 2 && t.Priority <= 4 && between(&t.CreatedAt, "2024-06-01", "")
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := map[string]bool{}
			for i := range all {
				tk := &all[i]
				visible := tt.actor.IsStaff() || tk.RequesterID == tt.actor.ID || tk.CreatedBy == tt.actor.ID
				if visible && tt.want(tk) {
					want[tk.ID] = true
				}
			}
			if len(want) == 0 || len(want) == len(all) {
				t.Fatalf("the data has %d tickets for this case: it cannot tell a filter from none", len(want))
			}
			q := ticket.Query{Filters: tt.filters}
			n, err := e.svc.Count(e.ctx, tt.actor, q)
			wantCode(t, err, "")
			if n != int64(len(want)) {
				t.Errorf("Count = %d, want %d", n, len(want))
			}
			capped, err := e.svc.CountUpTo(e.ctx, tt.actor, q, 3)
			wantCode(t, err, "")
			if capped != min(3, int64(len(want))) {
				t.Errorf("CountUpTo(3) = %d, want %d", capped, min(3, len(want)))
			}
			got := page(t, e, tt.actor, q, 500)
			if len(got) != len(want) {
				t.Errorf("got %d rows, want %d", len(got), len(want))
			}
			for _, r := range got {
				if !want[r.ID] {
					t.Errorf("%s (%s, P%d) does not belong in the queue", r.Number, r.State, r.Priority)
				}
			}
		})
	}
	if !slices.ContainsFunc(page(t, e, e.agent, ticket.Query{Filters: unassignedMine}, 50), func(r ticket.Row) bool { return r.ID == mine.ID }) {
		t.Error("unassigned in my groups misses a ticket just logged there")
	}
}

func TestQueueFilterRefusesBadInput(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		name   string
		filter ticket.Filter
		field  string
		msg    string
	}{
		{"unknown field", ticket.Filter{Field: "colour", Values: []string{"red"}}, "filter.colour", `unknown filter "colour"`},
		{"unknown field with dates", ticket.Filter{Field: "colour", From: "2025-01-01"}, "filter.colour", `unknown filter "colour"`},
		{"bad date", ticket.Filter{Field: "created", From: "2025-02-30"}, "filter.created", `from: "2025-02-30" is not a day`},
		{"not a date", ticket.Filter{Field: "updated", To: "last week"}, "filter.updated", `to: "last week" is not a day`},
		{"backwards", ticket.Filter{Field: "resolved", From: "2025-03-01", To: "2025-02-01"}, "filter.resolved", "before the first"},
		{"no range", ticket.Filter{Field: "created"}, "filter.created", "give a first day"},
		{"values on a date", ticket.Filter{Field: "created", Values: []string{"x"}}, "filter.created", "not values"},
		{"dates on a list", ticket.Filter{Field: "category", From: "2025-01-01"}, "filter.category", "takes values"},
		{"no values", ticket.Filter{Field: "category"}, "filter.category", "at least one"},
		{"unknown state", ticket.Filter{Field: "state", Values: []string{"open"}}, "filter.state", `unknown state "open"`},
		{"unknown type", ticket.Filter{Field: "type", Values: []string{"problem"}}, "filter.type", `unknown type "problem"`},
		{"bad priority", ticket.Filter{Field: "priority", Values: []string{"9"}}, "filter.priority", `priority "9"`},
		{"bad major", ticket.Filter{Field: "major", Values: []string{"yes"}}, "filter.major", "true or false"},
		{"unknown token", ticket.Filter{Field: "assignee", Values: []string{"@everyone"}}, "filter.assignee", `unknown person "@everyone"`},
		{"nobody requests", ticket.Filter{Field: "requester", Values: []string{ticket.Nobody}}, "filter.requester", "unknown person"},
		{"unknown group token", ticket.Filter{Field: "group", Values: []string{"@all"}}, "filter.group", "unknown group"},
		{"empty tag", ticket.Filter{Field: "tag", Values: []string{" "}}, "filter.tag", "at least one tag"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := ticket.Query{Filters: []ticket.Filter{{Field: "category", Values: []string{"Network"}}, tt.filter}}
			_, err := e.svc.Queue(e.ctx, e.admin, q)
			wantFields(t, err, tt.field)
			if !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("got %q, want it to say %q", err, tt.msg)
			}
			_, err = e.svc.Count(e.ctx, e.admin, q)
			wantFields(t, err, tt.field)
		})
	}
}

// TestQueueNumberOrderIsCreationOrder: INC and REQ count separately, so sorting by number
// follows when each ticket was logged, whatever its type.
func TestQueueNumberOrderIsCreationOrder(t *testing.T) {
	e := newEnv(t)
	var want []string
	for i := 0; i < 6; i++ {
		ty := ticket.Incident
		if i%3 != 0 {
			ty = ticket.Request
		}
		tk := e.create("ticket", func(d *ticket.Draft) { d.Type = ty })
		want = append(want, tk.Number)
		e.clock.Advance(time.Minute)
	}
	// Two logged in the same millisecond keep the order they were logged in.
	want = append(want, e.create("same instant", func(d *ticket.Draft) { d.Type = ticket.Request }).Number)
	want = append(want, e.create("same instant").Number)
	for _, desc := range []bool{false, true} {
		rows := page(t, e, e.admin, ticket.Query{Sort: "number", Desc: desc}, 3)
		var got []string
		for _, r := range rows {
			got = append(got, r.Number)
		}
		w := slices.Clone(want)
		if desc {
			slices.Reverse(w)
		}
		if !slices.Equal(got, w) {
			t.Errorf("desc=%v: got %v, want %v", desc, got, w)
		}
	}
}
