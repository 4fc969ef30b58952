package ticket_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"outpost/domain/changelog"
	"outpost/domain/ticket"
)

type trail struct {
	audit   []string // audit fields, in order
	changes []string // entity:op:field, in order
}

// since reads what was written after the given audit rowid and change seq.
func (e *env) since(auditRow, seq int64) trail {
	e.t.Helper()
	var tr trail
	rows, err := e.d.DB.Raw(`SELECT field FROM audit_entries WHERE rowid > ? ORDER BY rowid`, auditRow).Rows()
	if err != nil {
		e.t.Fatal(err)
	}
	for rows.Next() {
		var f string
		_ = rows.Scan(&f)
		tr.audit = append(tr.audit, f)
	}
	rows.Close()
	var cs []changelog.Change
	if err := e.d.DB.Where("seq > ?", seq).Order("seq").Find(&cs).Error; err != nil {
		e.t.Fatal(err)
	}
	for _, c := range cs {
		tr.changes = append(tr.changes, c.Entity+":"+c.Op+":"+c.Field)
	}
	return tr
}

func (e *env) marks() (int64, int64) {
	return e.count(`SELECT COALESCE(MAX(rowid), 0) FROM audit_entries`), e.count(`SELECT COALESCE(MAX(seq), 0) FROM changes`)
}

// TestWriteTrail checks every kind of write leaves its audit entries and change-log rows,
// field by field, with the actor, the device and increasing HLC timestamps.
func TestWriteTrail(t *testing.T) {
	e := newEnv(t)
	sd := e.groups["Service Desk"]
	tests := []struct {
		name    string
		write   func(tk *ticket.Ticket) error
		audit   []string
		changes []string
	}{
		{"create", func(*ticket.Ticket) error { e.create("fresh"); return nil },
			[]string{"created"}, []string{"ticket:create:"}},
		{"update", func(tk *ticket.Ticket) error {
			title, one := "Renamed", 1
			_, err := e.svc.Update(e.ctx, e.agent, tk.ID, ticket.Patch{Title: &title, Impact: &one, GroupID: &sd, AssigneeID: &e.agent.ID})
			return err
		}, []string{"title", "impact", "priority", "groupId", "assigneeId"},
			// the priority follows impact: every replica derives it, it is not logged
			[]string{"ticket:set:title", "ticket:set:impact", "ticket:set:groupId", "ticket:set:assigneeId"}},
		{"update without change", func(tk *ticket.Ticket) error {
			_, err := e.svc.Update(e.ctx, e.agent, tk.ID, ticket.Patch{Title: &tk.Title})
			return err
		}, nil, nil},
		{"start", func(tk *ticket.Ticket) error {
			_, err := e.svc.Transition(e.ctx, e.agent, tk.ID, ticket.Move{To: ticket.InProgress})
			return err
		}, []string{"state"}, []string{"ticket:transition:state"}},
		{"hold", func(tk *ticket.Ticket) error {
			_, err := e.svc.Transition(e.ctx, e.agent, tk.ID, ticket.Move{To: ticket.OnHold, HoldReason: "awaiting_change"})
			return err
		}, []string{"state", "holdReason"}, []string{"ticket:transition:state"}},
		{"resolve", func(tk *ticket.Ticket) error {
			_, err := e.svc.Transition(e.ctx, e.agent, tk.ID, validMove(ticket.Resolved))
			return err
		}, []string{"state", "resolutionCode", "reason"}, []string{"ticket:transition:state"}},
		{"cancel", func(tk *ticket.Ticket) error {
			_, err := e.svc.Transition(e.ctx, e.agent, tk.ID, ticket.Move{To: ticket.Canceled, Reason: "raised twice"})
			return err
		}, []string{"state", "reason"}, []string{"ticket:transition:state"}},
		{"reply", func(tk *ticket.Ticket) error {
			_, err := e.svc.AddComment(e.ctx, e.agent, tk.ID, ticket.KindReply, "On my way", 0)
			return err
		}, nil, []string{"comment:append:"}},
		{"worklog", func(tk *ticket.Ticket) error {
			_, err := e.svc.AddComment(e.ctx, e.agent, tk.ID, ticket.KindWorklog, "", 25)
			return err
		}, nil, []string{"comment:append:"}},
		{"attach", func(tk *ticket.Ticket) error {
			_, err := e.svc.Attach(e.ctx, e.agent, tk.ID, "log.txt", []byte("error 42"))
			return err
		}, []string{"attachment"}, []string{"attachment:append:"}},
		{"relate", func(tk *ticket.Ticket) error { return e.svc.Relate(e.ctx, e.agent, tk.ID, e.create("other").ID) },
			[]string{"created", "link"}, []string{"ticket:create:", "ticket_link:append:"}},
		{"major", func(tk *ticket.Ticket) error {
			_, err := e.svc.SetMajor(e.ctx, e.agent, tk.ID, true, "Whole site offline")
			return err
		}, []string{"major", "majorReason"}, []string{"ticket:set:major", "ticket:set:majorReason"}},
		{"duplicate", func(tk *ticket.Ticket) error {
			_, err := e.svc.MarkDuplicate(e.ctx, e.agent, tk.ID, e.create("original").ID)
			return err
		}, []string{"created", "duplicateOf", "link", "state", "resolutionCode"},
			[]string{"ticket:create:", "ticket:set:duplicateOf", "ticket_link:append:", "ticket:transition:state", "comment:append:"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tk := e.create("subject of " + tt.name)
			if tt.name == "hold" {
				tk = e.inState(ticket.InProgress)
			}
			e.clock.Advance(time.Second)
			a, s := e.marks()
			if err := tt.write(tk); err != nil {
				t.Fatal(err)
			}
			got := e.since(a, s)
			if fmt.Sprint(got.audit) != fmt.Sprint(tt.audit) {
				t.Errorf("audit fields: got %v, want %v", got.audit, tt.audit)
			}
			if fmt.Sprint(got.changes) != fmt.Sprint(tt.changes) {
				t.Errorf("change log: got %v, want %v", got.changes, tt.changes)
			}
			var cs []changelog.Change
			e.d.DB.Where("seq > ?", s).Order("seq").Find(&cs)
			for i, c := range cs {
				if c.DeviceID != e.d.DeviceID || c.AuthorID != e.agent.ID || c.ID == "" {
					t.Errorf("change %d: device %q author %q id %q", i, c.DeviceID, c.AuthorID, c.ID)
				}
				if c.HLC.Millis() != e.clock.Now().UnixMilli() {
					t.Errorf("change %d: hlc %v, want the clock's time", i, c.HLC)
				}
				if i > 0 && c.HLC <= cs[i-1].HLC {
					t.Errorf("change %d: hlc %v not after %v", i, c.HLC, cs[i-1].HLC)
				}
			}
		})
	}
	t.Run("audit values", func(t *testing.T) {
		tk := e.create("values")
		title := "Values renamed"
		if _, err := e.svc.Update(e.ctx, e.agent, tk.ID, ticket.Patch{Title: &title}); err != nil {
			t.Fatal(err)
		}
		var a ticket.AuditEntry
		e.d.DB.Where("ticket_id = ? AND field = 'title'", tk.ID).Take(&a)
		if a.OldValue != "values" || a.NewValue != "Values renamed" || a.ActorID != e.agent.ID || a.At != e.clock.Now().UnixMilli() {
			t.Errorf("got %+v", a)
		}
		var c changelog.Change
		e.d.DB.Where("record_id = ? AND field = 'title'", tk.ID).Take(&c)
		if c.Value != `"Values renamed"` {
			t.Errorf("change value %s, want the new title as JSON", c.Value)
		}
	})
}

func TestSearch(t *testing.T) {
	e := newEnv(t)
	tk := e.create("Photocopier jams on tray two", func(d *ticket.Draft) {
		d.Description = "The **Xerox** in building C eats every third sheet."
	})
	noise := e.create("Monitor flickers")
	if _, err := e.svc.AddComment(e.ctx, e.agent, tk.ID, ticket.KindReply, "Ordered a replacement roller.", 0); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.AddComment(e.ctx, e.agent, tk.ID, ticket.KindNote, "Vendor contract number HX-5521.", 0); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, query string
		staff, req  bool // found by staff, by the requester
	}{
		{"number", tk.Number, true, true},
		{"number lower case", strings.ToLower(tk.Number), true, true},
		{"title word", "photocopier", true, true},
		{"title prefix", "photoco", true, true},
		{"two title words", "jams tray", true, true},
		{"description word", "xerox", true, true},
		{"reply word", "roller", true, true},
		{"note word", "HX-5521", true, false},
		{"note word alone", "vendor", true, false},
		{"title word then note word", "photocopier vendor", true, false},
		{"note word then title word", "vendor photocopier", true, false},
		{"absent word", "kangaroo", false, false},
		{"punctuation is ignored", `(photocopier) "jams`, true, true},
		{"operators are words", `photocopier NOT`, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, who := range []struct {
				name  string
				found bool
				hits  func() ([]ticket.Hit, error)
			}{
				{"staff", tt.staff, func() ([]ticket.Hit, error) { return e.svc.Search(e.ctx, e.agent, tt.query, 50) }},
				{"requester", tt.req, func() ([]ticket.Hit, error) { return e.svc.Search(e.ctx, e.req, tt.query, 50) }},
			} {
				hits, err := who.hits()
				if err != nil {
					t.Fatalf("%s: %v", who.name, err)
				}
				found := false
				for _, h := range hits {
					found = found || h.ID == tk.ID
					if h.ID == noise.ID {
						t.Errorf("%s: %q also found %s", who.name, tt.query, noise.Number)
					}
				}
				if found != who.found {
					t.Errorf("%s: %q found it %v, want %v (%v)", who.name, tt.query, found, who.found, hits)
				}
				if found && !strings.Contains(hits[0].Snippet, "\x02") {
					t.Errorf("%s: snippet %q has no highlight", who.name, hits[0].Snippet)
				}
			}
		})
	}
	t.Run("retitled", func(t *testing.T) {
		title := "Scanner offline"
		if _, err := e.svc.Update(e.ctx, e.agent, noise.ID, ticket.Patch{Title: &title}); err != nil {
			t.Fatal(err)
		}
		if hits, _ := e.svc.Search(e.ctx, e.agent, "monitor", 50); len(hits) != 0 {
			t.Errorf("the old title is still found: %v", hits)
		}
		if hits, _ := e.svc.Search(e.ctx, e.agent, "scanner", 50); len(hits) != 1 {
			t.Errorf("the new title is not found: %v", hits)
		}
	})
}

// TestNoPartialWrites checks a write that fails half-way leaves nothing behind: no ticket, no
// audit, no change log, no search row, and the counter unchanged.
func TestNoPartialWrites(t *testing.T) {
	e := newEnv(t)
	base := e.create("existing")
	state := func() string {
		return fmt.Sprint(
			e.count(`SELECT COUNT(*) FROM tickets`), e.count(`SELECT COUNT(*) FROM audit_entries`),
			e.count(`SELECT COUNT(*) FROM changes`), e.count(`SELECT COUNT(*) FROM tickets_fts`),
			e.count(`SELECT COUNT(*) FROM comments`), e.count(`SELECT COUNT(*) FROM attachments`),
			e.count(`SELECT COUNT(*) FROM blobs`), e.count(`SELECT COALESCE(SUM(next), 0) FROM counters`),
			e.count(`SELECT COUNT(*) FROM tickets_fts WHERE tickets_fts MATCH 'doomed'`),
			e.get(base.ID).UpdatedAt, e.get(base.ID).State)
	}
	boom := errors.New("hook failed")
	tests := []struct {
		name  string
		hook  bool // fail in an AfterWrite hook, after every row was written
		write func() error
	}{
		{"invalid assignee", false, func() error {
			_, err := e.svc.Create(e.ctx, e.agent, ticket.Draft{Type: ticket.Incident, Title: "doomed", Impact: 1, Urgency: 1,
				GroupID: e.groups["Network"], AssigneeID: e.agent.ID})
			return err
		}},
		{"create", true, func() error {
			_, err := e.svc.Create(e.ctx, e.agent, ticket.Draft{Type: ticket.Incident, Title: "doomed", Impact: 1, Urgency: 1})
			return err
		}},
		{"update", true, func() error {
			s := "doomed"
			_, err := e.svc.Update(e.ctx, e.agent, base.ID, ticket.Patch{Title: &s})
			return err
		}},
		{"transition", true, func() error {
			_, err := e.svc.Transition(e.ctx, e.agent, base.ID, validMove(ticket.Resolved))
			return err
		}},
		{"comment", true, func() error {
			_, err := e.svc.AddComment(e.ctx, e.agent, base.ID, ticket.KindReply, "doomed", 0)
			return err
		}},
		{"attach", true, func() error {
			_, err := e.svc.Attach(e.ctx, e.agent, base.ID, "doomed.txt", []byte("doomed"))
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			before := state()
			if tt.hook {
				e.svc.AfterWrite = append(e.svc.AfterWrite, func(*gorm.DB, []string, time.Time) error { return boom })
				defer func() { e.svc.AfterWrite = e.svc.AfterWrite[:len(e.svc.AfterWrite)-1] }()
			}
			e.clock.Advance(time.Second)
			err := tt.write()
			if err == nil {
				t.Fatal("the write succeeded, want it to fail")
			}
			if tt.hook && !errors.Is(err, boom) {
				t.Fatalf("got %v, want the hook's error", err)
			}
			if after := state(); after != before {
				t.Errorf("failed write left traces: before %s, after %s", before, after)
			}
		})
	}
	// The next ticket takes the number the failed ones did not use.
	next := e.create("after failures")
	if want := ticket.FormatNumber(ticket.Incident, 1002); next.Number != want {
		t.Errorf("got %s, want %s", next.Number, want)
	}
}

// TestSearchOrder checks the ranking: tickets with more of the words in number or title come
// first, then the newest.
func TestSearchOrder(t *testing.T) {
	e := newEnv(t)
	titled := e.create("Keyboard sticky")
	e.clock.Advance(time.Minute)
	both := e.create("Sticky keyboard keys", func(d *ticket.Draft) { d.Description = "keyboard" })
	e.clock.Advance(time.Minute)
	older := e.create("Desk issue", func(d *ticket.Draft) { d.Description = "The keyboard is sticky." })
	e.clock.Advance(time.Minute)
	newer := e.create("Another desk issue", func(d *ticket.Draft) { d.Description = "My keyboard is sticky too." })
	hits, err := e.svc.Search(e.ctx, e.agent, "sticky keyboard", 50)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, h := range hits {
		got = append(got, h.Number)
	}
	want := []string{both.Number, titled.Number, newer.Number, older.Number}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got %v, want %v", got, want)
	}
	if hits, _ := e.svc.Search(e.ctx, e.agent, "sticky", 2); len(hits) != 2 {
		t.Errorf("limit 2 gave %d hits", len(hits))
	}
}

// TestWriteOrderKeepsEachStepValid: the server judges each change-log row alone, so an
// override logs its reason before its priority, and a new group with a new assignee moves the
// assignee through none before the group changes.
func TestWriteOrderKeepsEachStepValid(t *testing.T) {
	e := newEnv(t)
	sd, network := e.groups["Service Desk"], e.groups["Network"]
	tk := e.create("regrouped")
	if _, err := e.svc.Update(e.ctx, e.agent, tk.ID, ticket.Patch{GroupID: &sd, AssigneeID: &e.agent.ID}); err != nil {
		t.Fatal(err)
	}
	a, s := e.marks()
	one, why := 1, "CEO"
	if _, err := e.svc.Update(e.ctx, e.agent, tk.ID, ticket.Patch{Priority: &one, PriorityReason: &why, GroupID: &network, AssigneeID: &e.network.ID}); err != nil {
		t.Fatal(err)
	}
	got := e.since(a, s)
	want := []string{"ticket:set:priorityOverrideReason", "ticket:set:priority", "ticket:set:assigneeId", "ticket:set:groupId", "ticket:set:assigneeId"}
	if fmt.Sprint(got.changes) != fmt.Sprint(want) {
		t.Errorf("change log: got %v, want %v", got.changes, want)
	}
	if w := []string{"priorityOverrideReason", "priority", "groupId", "assigneeId"}; fmt.Sprint(got.audit) != fmt.Sprint(w) {
		t.Errorf("audit: got %v, want %v", got.audit, w)
	}
}
