package ticket_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"outpost/domain/people"
	"outpost/domain/ticket"
)

// TestSearchForms runs each form of search, as a queue and in the palette, as staff and as
// the requester, on real tickets.
func TestSearchForms(t *testing.T) {
	e := newEnv(t)
	mon := e.create("Monitors flicker on the third floor", func(d *ticket.Draft) {
		d.Description = "Both screens went dark after the blue screen."
		d.Category, d.Subcategory = "Hardware", "Monitor"
		d.AssigneeID, d.GroupID = e.network.ID, e.groups["Network"]
	})
	jam := e.create("Printer jammed again", func(d *ticket.Draft) {
		d.Description = "Paper jam in tray two; the toner is fine."
		d.RequesterID = e.other.ID
		d.Category = "Hardware"
	})
	vpn := e.create("VPN drops every hour", func(d *ticket.Draft) {
		d.Type, d.Description = ticket.Request, "Screen sharing stops too."
		d.Impact, d.Urgency = 1, 1
	})
	if _, err := e.svc.AddComment(e.ctx, e.agent, vpn.ID, ticket.KindNote, "Vendor suspects the concentrator.", 0); err != nil {
		t.Fatal(err)
	}
	resolved := e.inState(ticket.Resolved)
	digits := strings.TrimLeft(strings.TrimPrefix(mon.Number, "INC"), "0")
	names := map[string]string{mon.ID: "mon", jam.ID: "jam", vpn.ID: "vpn", resolved.ID: "resolved"}

	tests := []struct {
		name, text string
		staff, req []string // found, as staff and as the requester Rita
	}{
		{"word form: plural finds singular", "monitor", []string{"mon"}, []string{"mon"}},
		{"word form: jams finds jammed", "jams", []string{"jam"}, nil},
		{"word form in a phrase", `"blue screens"`, []string{"mon"}, []string{"mon"}},
		{"phrase keeps order", `"screen blue"`, nil, nil},
		{"exclusion", "screen -sharing", []string{"mon"}, []string{"mon"}},
		{"excluded phrase", `screen -"blue screen"`, []string{"vpn"}, []string{"vpn"}},
		{"exclusion only", "-screen -jam", []string{"resolved"}, []string{"resolved"}},
		// The request was numbered 1001 of its own type, as the incident was.
		{"partial number finds each type", digits, []string{"mon", "vpn"}, []string{"mon", "vpn"}},
		{"another partial number", "1002", []string{"jam"}, nil},
		{"number lower case", strings.ToLower(jam.Number), []string{"jam"}, nil},
		{"requester name", "otto", []string{"jam"}, nil},
		{"requester full name", "Otto Other", []string{"jam"}, nil},
		{"assignee name", "nina", []string{"mon"}, []string{"mon"}},
		{"name and text word", "nina flicker", []string{"mon"}, []string{"mon"}},
		{"name and absent word", "nina toner", nil, nil},
		{"category", "hardware", []string{"jam", "mon"}, []string{"mon"}},
		{"subcategory", "monitor", []string{"mon"}, []string{"mon"}},
		{"prefix assignee me (nobody's admin)", "assignee:me", nil, nil},
		{"prefix assignee name", "assignee:nina", []string{"mon"}, []string{"mon"}},
		{"prefix requester", "requester:otto", []string{"jam"}, nil},
		{"prefix requester full name", `requester:"rita req"`, []string{"mon", "resolved", "vpn"}, []string{"mon", "resolved", "vpn"}},
		{"prefix state open", "state:open", []string{"jam", "mon", "vpn"}, []string{"mon", "vpn"}},
		{"prefix state resolved", "state:resolved", []string{"resolved"}, []string{"resolved"}},
		{"prefix group", "group:netw", []string{"mon"}, []string{"mon"}},
		{"prefix priority", "priority:1", []string{"vpn"}, []string{"vpn"}},
		{"prefix type", "type:request", []string{"vpn"}, []string{"vpn"}},
		{"prefix category", "category:hard", []string{"jam", "mon"}, []string{"mon"}},
		{"prefix and word", "state:open screen", []string{"mon", "vpn"}, []string{"mon", "vpn"}},
		{"unknown prefix is words", "floor:third", []string{"mon"}, []string{"mon"}},
		{"internal note", "concentrator", []string{"vpn"}, nil},
		{"internal note with a name", "concentrator rita", []string{"vpn"}, nil},
		{"internal note by exclusion", "vpn -concentrator", nil, []string{"vpn"}},
		{"absent", "kangaroo", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, who := range []struct {
				actor people.Actor
				want  []string
			}{{e.admin, tt.staff}, {e.req, tt.req}} {
				rows, err := e.svc.Queue(e.ctx, who.actor, ticket.Query{Search: tt.text, Sort: "created"})
				if err != nil {
					t.Fatal(err)
				}
				var got []string
				for _, r := range rows {
					got = append(got, names[r.ID])
				}
				slices.Sort(got)
				if fmt.Sprint(got) != fmt.Sprint(who.want) {
					t.Errorf("%s: queue %q: got %v, want %v", who.actor.Role, tt.text, got, who.want)
				}
				n, err := e.svc.Count(e.ctx, who.actor, ticket.Query{Search: tt.text})
				if err != nil || n != int64(len(who.want)) {
					t.Errorf("%s: count %q: got %d, %v, want %d", who.actor.Role, tt.text, n, err, len(who.want))
				}
				hits, err := e.svc.Search(e.ctx, who.actor, tt.text, 20)
				if err != nil {
					t.Fatal(err)
				}
				got = nil
				for _, h := range hits {
					got = append(got, names[h.ID])
				}
				slices.Sort(got)
				if strings.HasPrefix(tt.text, "-") {
					who.want = nil // the palette needs something to look for
				}
				if fmt.Sprint(got) != fmt.Sprint(who.want) {
					t.Errorf("%s: palette %q: got %v, want %v", who.actor.Role, tt.text, got, who.want)
				}
			}
		})
	}
}

// TestSearchQueuePages pages through a search's results as through any queue, in its order.
func TestSearchQueuePages(t *testing.T) {
	e := newEnv(t)
	var want []string
	for i := range 7 {
		tk := e.create(fmt.Sprintf("Keyboard %d misses keys", i))
		want = append(want, tk.Number)
	}
	e.create("Mouse is slow")
	var got []string
	for off := 0; ; off += 3 {
		rows, err := e.svc.Queue(e.ctx, e.agent, ticket.Query{Search: "keyboards", Sort: "number", Offset: off, Limit: 3})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			got = append(got, r.Number)
		}
		if len(rows) < 3 {
			break
		}
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if n, err := e.svc.Count(e.ctx, e.agent, ticket.Query{Search: "keyboards", View: "all_open"}); err != nil || n != 7 {
		t.Fatalf("count: got %d, %v, want 7", n, err)
	}
}

// TestSearchAfterRename finds a person's tickets by their new name: names are looked up when
// the search runs, not copied into the index.
func TestSearchAfterRename(t *testing.T) {
	e := newEnv(t)
	tk := e.create("Laptop battery swells")
	e.exec(`UPDATE users SET name = 'Rita Renamed' WHERE id = ?`, e.req.ID)
	for text, want := range map[string]int{"renamed": 1, "requester:renamed": 1, "requester:requester": 0} {
		rows, err := e.svc.Queue(e.ctx, e.agent, ticket.Query{Search: text})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != want || (want == 1 && rows[0].ID != tk.ID) {
			t.Errorf("%q: got %d rows, want %d", text, len(rows), want)
		}
	}
}

// TestSearchAssigneeMe finds what is assigned to whoever searches.
func TestSearchAssigneeMe(t *testing.T) {
	e := newEnv(t)
	mine := e.create("Docking station", func(d *ticket.Draft) { d.AssigneeID, d.GroupID = e.network.ID, e.groups["Network"] })
	e.create("Docking station too")
	rows, err := e.svc.Queue(e.ctx, e.network, ticket.Query{Search: "assignee:me docking"})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].ID != mine.ID {
		t.Fatalf("got %v, want only %s", rows, mine.Number)
	}
}
