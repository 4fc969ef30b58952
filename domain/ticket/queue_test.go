package ticket_test

import (
	"cmp"
	"fmt"
	"testing"
	"time"

	"outpost/domain/demo"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

// queueEnv is a profile with a few hundred generated tickets plus a block of tickets that tie
// on every sort key but the id (same time, title and priority).
func queueEnv(t *testing.T) (*env, []ticket.Ticket) {
	e := newEnv(t)
	if err := demo.Bulk(e.ctx, e.d, 400, 3); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 30; i++ {
		tk := e.create("Same old problem")
		if i%5 == 0 {
			if _, err := e.svc.Transition(e.ctx, e.agent, tk.ID, validMove(ticket.Resolved)); err != nil {
				t.Fatal(err)
			}
		}
	}
	var all []ticket.Ticket
	if err := e.d.DB.Find(&all).Error; err != nil {
		t.Fatal(err)
	}
	return e, all
}

func TestQueueViewsAndFilters(t *testing.T) {
	e, all := queueEnv(t)
	// The busiest bulk agent, to look at "My open" through their eyes.
	var busy string
	if err := e.d.DB.Raw(`SELECT assignee_id FROM tickets WHERE assignee_id IS NOT NULL AND active = 1
		GROUP BY assignee_id ORDER BY COUNT(*) DESC, assignee_id LIMIT 1`).Row().Scan(&busy); err != nil {
		t.Fatal(err)
	}
	agent := people.Actor{ID: busy, Role: people.Agent}
	var someRequester string
	if err := e.d.DB.Raw(`SELECT requester_id FROM tickets GROUP BY requester_id ORDER BY COUNT(*) DESC LIMIT 1`).Row().Scan(&someRequester); err != nil {
		t.Fatal(err)
	}
	week := e.clock.Now().Add(-7 * 24 * time.Hour).UnixMilli()
	nw := e.groups["Network"]
	tests := []struct {
		name  string
		actor people.Actor
		q     ticket.Query
		want  func(*ticket.Ticket) bool
	}{
		{"all", e.admin, ticket.Query{}, func(*ticket.Ticket) bool { return true }},
		{"all_open", e.admin, ticket.Query{View: "all_open"}, func(t *ticket.Ticket) bool { return t.State.Open() }},
		{"my_open", agent, ticket.Query{View: "my_open"}, func(t *ticket.Ticket) bool { return t.State.Open() && deref(t.AssigneeID) == busy }},
		{"unassigned", e.admin, ticket.Query{View: "unassigned"}, func(t *ticket.Ticket) bool { return t.State.Open() && t.AssigneeID == nil }},
		{"p1_p2", e.admin, ticket.Query{View: "p1_p2"}, func(t *ticket.Ticket) bool { return t.State.Open() && t.Priority <= 2 }},
		{"recently_resolved", e.admin, ticket.Query{View: "recently_resolved"}, func(t *ticket.Ticket) bool {
			return t.State == ticket.Resolved && *t.ResolvedAt >= week
		}},
		{"requests", e.admin, ticket.Query{Type: "request"}, func(t *ticket.Ticket) bool { return t.Type == ticket.Request }},
		{"open incidents in Network", e.admin, ticket.Query{View: "all_open", Type: "incident", GroupID: nw}, func(t *ticket.Ticket) bool {
			return t.State.Open() && t.Type == ticket.Incident && deref(t.GroupID) == nw
		}},
		{"on hold or new", e.admin, ticket.Query{States: []string{"on_hold", "new"}}, func(t *ticket.Ticket) bool {
			return t.State == ticket.OnHold || t.State == ticket.New
		}},
		{"P1 and P5", e.admin, ticket.Query{Priorities: []int{1, 5}}, func(t *ticket.Ticket) bool { return t.Priority == 1 || t.Priority == 5 }},
		{"assignee", e.admin, ticket.Query{AssigneeID: busy}, func(t *ticket.Ticket) bool { return deref(t.AssigneeID) == busy }},
		{"requester", e.admin, ticket.Query{RequesterID: someRequester}, func(t *ticket.Ticket) bool { return t.RequesterID == someRequester }},
		{"requester sees own", e.req, ticket.Query{}, func(t *ticket.Ticket) bool { return t.RequesterID == e.req.ID || t.CreatedBy == e.req.ID }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := map[string]bool{}
			for i := range all {
				if tt.want(&all[i]) {
					want[all[i].ID] = true
				}
			}
			if len(want) == 0 {
				t.Fatal("the data has no ticket for this case")
			}
			n, err := e.svc.Count(e.ctx, tt.actor, tt.q)
			wantCode(t, err, "")
			if n != int64(len(want)) {
				t.Errorf("Count = %d, want %d", n, len(want))
			}
			got := page(t, e, tt.actor, tt.q, 500)
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
}

// page reads a whole queue, limit rows at a time.
func page(t *testing.T, e *env, actor people.Actor, q ticket.Query, limit int) []ticket.Row {
	t.Helper()
	var out []ticket.Row
	for q.Offset, q.Limit = 0, limit; ; q.Offset += limit {
		rows, err := e.svc.Queue(e.ctx, actor, q)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, rows...)
		if len(rows) < limit {
			return out
		}
	}
}

func TestQueuePaging(t *testing.T) {
	e, all := queueEnv(t)
	keys := map[string]func(a, b ticket.Row) int{
		"priority": func(a, b ticket.Row) int {
			return cmp.Or(cmp.Compare(a.Priority, b.Priority), cmp.Compare(a.CreatedAt, b.CreatedAt))
		},
		"number":  func(a, b ticket.Row) int { return cmp.Compare(a.CreatedAt, b.CreatedAt) },
		"created": func(a, b ticket.Row) int { return cmp.Compare(a.CreatedAt, b.CreatedAt) },
		"updated": func(a, b ticket.Row) int { return cmp.Compare(a.UpdatedAt, b.UpdatedAt) },
		"title": func(a, b ticket.Row) int {
			return cmp.Or(cmp.Compare(a.Title, b.Title), cmp.Compare(a.CreatedAt, b.CreatedAt))
		},
		"state": func(a, b ticket.Row) int {
			return cmp.Or(cmp.Compare(a.State, b.State), cmp.Compare(a.Priority, b.Priority))
		},
	}
	for key, order := range keys {
		for _, desc := range []bool{false, true} {
			for _, view := range []string{"all", "all_open"} {
				t.Run(fmt.Sprintf("%s/desc=%v/%s", key, desc, view), func(t *testing.T) {
					q := ticket.Query{View: view, Sort: key, Desc: desc}
					whole := page(t, e, e.admin, q, 500)
					for _, limit := range []int{7, 50} {
						got := page(t, e, e.admin, q, limit)
						seen := map[string]bool{}
						for i, r := range got {
							if seen[r.ID] {
								t.Fatalf("limit %d: %s appears on two pages", limit, r.Number)
							}
							seen[r.ID] = true
							if i > 0 {
								c := order(got[i-1], r)
								if desc {
									c = -c
								}
								if c > 0 {
									t.Fatalf("limit %d: %s before %s is out of order", limit, got[i-1].Number, r.Number)
								}
							}
							if r.ID != whole[i].ID {
								t.Fatalf("limit %d: row %d is %s, the unpaged queue has %s", limit, i, r.Number, whole[i].Number)
							}
						}
						if len(got) != len(whole) {
							t.Fatalf("limit %d: paged through %d rows, the queue has %d", limit, len(got), len(whole))
						}
					}
					if view == "all" && len(whole) != len(all) {
						t.Errorf("got %d rows, want all %d tickets", len(whole), len(all))
					}
				})
			}
		}
	}
}

func TestQueueRefusesBadInput(t *testing.T) {
	e := newEnv(t)
	tests := []struct {
		q     ticket.Query
		field string
	}{
		{ticket.Query{View: "everything"}, "view"},
		{ticket.Query{Type: "problem"}, "type"},
		{ticket.Query{States: []string{"open"}}, "states"},
		{ticket.Query{Sort: "priority; DROP TABLE tickets"}, "sort"},
		{ticket.Query{Offset: -1}, "offset"},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			_, err := e.svc.Queue(e.ctx, e.admin, tt.q)
			wantFields(t, err, tt.field)
		})
	}
	t.Run("limit is capped", func(t *testing.T) {
		for i := 0; i < 3; i++ {
			e.create("t")
		}
		rows, err := e.svc.Queue(e.ctx, e.admin, ticket.Query{Limit: 100000})
		wantCode(t, err, "")
		if len(rows) != 3 {
			t.Errorf("got %d rows", len(rows))
		}
	})
}
