package servicenow_test

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ulikunitz/xz"

	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/servicenow"
	"outpost/domain/sla"
	"outpost/domain/ticket"
)

// raw is one row of the file as the test reads it, on its own (not through the importer).
type raw struct {
	line int
	col  map[string]string
}

func (r raw) get(c string) string {
	v := r.col[c]
	if v == "?" {
		return ""
	}
	return strings.Join(strings.Fields(v), " ")
}

func (r raw) int(t *testing.T, c string) int {
	n, err := strconv.Atoi(r.col[c])
	if err != nil {
		t.Fatalf("line %d %s: %v", r.line, c, err)
	}
	return n
}

// ms reads a day-first time with time.Parse (the importer has its own reader).
func (r raw) ms(t *testing.T, c string) int64 {
	v := r.col[c]
	if v == "?" {
		return 0
	}
	tm, err := time.Parse("2/1/2006 15:04", v)
	if err != nil {
		t.Fatalf("line %d %s: %v", r.line, c, err)
	}
	return tm.UnixMilli()
}

// readRaw reads the whole file into rows by incident number, and the numbers in file order.
func readRaw(t *testing.T, path string) (map[string][]raw, []string, int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := xz.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	cr := csv.NewReader(zr)
	head, err := cr.Read()
	if err != nil {
		t.Fatal(err)
	}
	by := map[string][]raw{}
	var order []string
	n := 0
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		m := make(map[string]string, len(head))
		for i, h := range head {
			m[h] = rec[i]
		}
		num := m["number"]
		if _, ok := by[num]; !ok {
			order = append(order, num)
		}
		by[num] = append(by[num], raw{line: line, col: m})
		n++
	}
	return by, order, n
}

// expected is what the documented mapping (docs/import-servicenow.md) makes of an incident.
type expected struct {
	last   raw
	state  string
	hold   string
	states [][3]string // at, from, to of each state line
	groups int         // group changes
}

var stateMap = map[string][2]string{
	"New": {"new", ""}, "Active": {"in_progress", ""}, "Awaiting User Info": {"on_hold", "awaiting_caller"},
	"Awaiting Evidence": {"on_hold", "awaiting_caller"}, "Awaiting Vendor": {"on_hold", "awaiting_vendor"},
	"Awaiting Problem": {"on_hold", "awaiting_problem"}, "Resolved": {"resolved", ""}, "Closed": {"closed", ""},
}

func expect(t *testing.T, rows []raw) expected {
	rows = append([]raw(nil), rows...)
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if ma, mb := a.int(t, "sys_mod_count"), b.int(t, "sys_mod_count"); ma != mb {
			return ma < mb
		}
		if ua, ub := a.ms(t, "sys_updated_at"), b.ms(t, "sys_updated_at"); ua != ub {
			return ua < ub
		}
		return a.line < b.line
	})
	e := expected{last: rows[len(rows)-1], state: "new"}
	last := min(e.last.ms(t, "opened_at"), rows[0].ms(t, "sys_updated_at"))
	for i, r := range rows {
		at := max(r.ms(t, "sys_updated_at"), last)
		last = at
		if i > 0 && r.get("assignment_group") != rows[i-1].get("assignment_group") {
			e.groups++
		}
		to, ok := stateMap[r.col["incident_state"]]
		if !ok { // -100: no state recorded
			continue
		}
		if to[0] != e.state {
			e.states = append(e.states, [3]string{strconv.FormatInt(at, 10), e.state, to[0]})
			e.state = to[0]
		}
		e.hold = to[1]
	}
	return e
}

func TestImportUCI(t *testing.T) {
	path := uciFile(t)
	ctx := context.Background()
	by, order, nrows := readRaw(t, path)
	if len(order) != 24918 || nrows != 141712 {
		t.Fatalf("the file holds %d incidents in %d rows, want 24918 in 141712", len(order), nrows)
	}
	// The desk's clock is two weeks after the history ends, so the SLA report and the
	// what-if (the last 366 days) see it.
	at := time.Date(2017, 3, 1, 9, 0, 0, 0, time.UTC)
	d, err := desk.Open(ctx, filepath.Join(t.TempDir(), "p.outpost"), func() time.Time { return at })
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	admin := owner(t, d)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var phases []string
	rep, err := servicenow.Import(ctx, d, admin, f, servicenow.Options{}, func(p servicenow.Progress) {
		if len(phases) == 0 || phases[len(phases)-1] != p.Phase {
			phases = append(phases, p.Phase)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(phases, ","); got != "read,people,tickets,sla,done" {
		t.Errorf("progress phases %s", got)
	}

	// Counts: incidents, their history, their change-log rows, against the raw rows.
	var wantStates, wantChanges, wantOpen, wantDecided int
	for _, num := range order {
		e := expect(t, by[num])
		wantStates += len(e.states)
		// The SLA decides a ticket that is open or resolved, or closed from resolved: one
		// ServiceNow closed without resolving first has no resolution time.
		if n := len(e.states); e.state != "closed" || (n >= 2 && e.states[n-2][2] == "resolved") {
			wantDecided++
		}
		switch e.state {
		case "closed":
			wantChanges += 3 // create, resolve, close
		case "new":
			wantChanges++
		default:
			wantChanges += 2
		}
		if e.state == "new" || e.state == "in_progress" || e.state == "on_hold" {
			wantOpen++
		}
	}
	if rep.Rows != nrows || rep.Incidents != len(order) || rep.StateChanges != wantStates || rep.Open != wantOpen {
		t.Errorf("report %+v, want %d rows, %d incidents, %d state changes, %d open", *rep, nrows, len(order), wantStates, wantOpen)
	}
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := d.DB.Raw(q, args...).Row().Scan(&n); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		return n
	}
	if n := count(`SELECT COUNT(*) FROM tickets WHERE created_by = ?`, admin.ID); n != len(order) {
		t.Errorf("%d tickets, want %d", n, len(order))
	}
	if n := count(`SELECT COUNT(*) FROM audit_trail a JOIN tickets t ON t.id = a.ticket_id WHERE a.field = 'state'`); n != wantStates {
		t.Errorf("%d state lines in the audit trail, want %d", n, wantStates)
	}
	if n := count(`SELECT COUNT(*) FROM audit_trail a JOIN tickets t ON t.id = a.ticket_id WHERE a.field = 'created'`); n != len(order) {
		t.Errorf("%d created lines, want %d", n, len(order))
	}
	if n := count(`SELECT COUNT(*) FROM audit_trail a JOIN tickets t ON t.id = a.ticket_id`); n != rep.AuditLines {
		t.Errorf("%d audit lines, the report says %d", n, rep.AuditLines)
	}
	if n := count(`SELECT COUNT(*) FROM changes WHERE entity = 'ticket'`); n != wantChanges {
		t.Errorf("%d ticket change-log rows, want %d", n, wantChanges)
	}
	if n := count(`SELECT COUNT(*) FROM changes`); n < rep.Changes {
		t.Errorf("%d change-log rows, the report says %d", n, rep.Changes)
	}
	if n := count(`SELECT COUNT(*) FROM tickets_fts`); n != len(order) {
		t.Errorf("%d search rows, want %d", n, len(order))
	}
	// The audit chain still verifies.
	if n := count(`SELECT COUNT(*) FROM audit_entries WHERE seq IS NULL`); n != 0 {
		t.Errorf("%d unchained audit entries", n)
	}

	// Five incidents with varied histories, field by field and state by state.
	pick := func(name string, ok func(rows []raw, e expected) bool) string {
		for _, num := range order {
			if ok(by[num], expect(t, by[num])) {
				return num
			}
		}
		t.Fatalf("no incident is %s", name)
		return ""
	}
	reopened := pick("reopened", func(_ []raw, e expected) bool {
		for _, s := range e.states {
			if s[1] == "resolved" && s[2] == "in_progress" {
				return e.last.get("reopen_count") != "0"
			}
		}
		return false
	})
	reassigned := pick("reassigned", func(_ []raw, e expected) bool { return e.groups >= 2 })
	vendor := pick("on hold for a vendor", func(rows []raw, e expected) bool {
		for _, r := range rows {
			if r.col["incident_state"] == "Awaiting Vendor" {
				return len(e.states) >= 4
			}
		}
		return false
	})
	for _, num := range []string{reopened, reassigned, vendor, "INC0030413", "INC0000137"} {
		t.Run(num, func(t *testing.T) { checkIncident(t, d, num, expect(t, by[num])) })
	}

	// Searchable: by the ServiceNow number and by what it was filed under.
	hits, err := d.Tickets.Search(ctx, admin, reopened, 5)
	if err != nil || len(hits) == 0 || hits[0].Number != reopened {
		t.Errorf("search %s: %+v, %v", reopened, hits, err)
	}
	// SLA: every ticket has its state computed against the desk's policies, and the report
	// and the what-if read the imported history.
	if n := count(`SELECT COUNT(*) FROM tickets WHERE sla_policy_id IS NOT NULL`); n != len(order) {
		t.Errorf("%d tickets with an SLA policy, want %d", n, len(order))
	}
	sr, err := d.SLA.Report(ctx, admin, sla.ReportRequest{From: time.Date(2016, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()}, at)
	if err != nil {
		t.Fatal(err)
	}
	decided := 0
	for _, c := range sr.ByPriority {
		decided += c.Met + c.Breached + c.Open
	}
	if decided != wantDecided || sr.Resolve.Count == 0 {
		t.Errorf("SLA report counts %d tickets (%d resolution times), want %d", decided, sr.Resolve.Count, wantDecided)
	}
	wi, err := d.SLA.WhatIf(ctx, admin, sla.WhatIfRequest{Days: 366}, at)
	if err != nil {
		t.Fatal(err)
	}
	inWindow := count(`SELECT COUNT(*) FROM tickets WHERE created_at >= ?`, at.AddDate(0, 0, -366).UnixMilli())
	if wi.Tickets != inWindow || inWindow == 0 {
		t.Errorf("what-if over %d tickets, want %d", wi.Tickets, inWindow)
	}
	// The desk's own numbering goes on past the file's numbers.
	tk, err := d.Tickets.Create(ctx, admin, ticket.Draft{Type: ticket.Incident, Title: "After the import", Impact: 2, Urgency: 2})
	if err != nil {
		t.Fatal(err)
	}
	if tk.Number != "INC0121065" {
		t.Errorf("the next desk number is %s, want INC0121065 (past the file's INC0121064)", tk.Number)
	}

	// Importing the same file again is refused, and writes nothing.
	before := count(`SELECT COUNT(*) FROM changes`)
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		t.Fatal(err)
	}
	_, err = servicenow.Import(ctx, d, admin, f, servicenow.Options{}, nil)
	if fault.Code(err) != fault.CodeConflict {
		t.Errorf("a second import: %v (code %s), want conflict", err, fault.Code(err))
	}
	if n := count(`SELECT COUNT(*) FROM changes`); n != before {
		t.Errorf("the refused import wrote %d change-log rows", n-before)
	}
}

// checkIncident compares one imported ticket with what the raw rows say.
func checkIncident(t *testing.T, d *desk.Desk, num string, e expected) {
	var got struct {
		ID, State, HoldReason, Category, Subcategory, CI, Source, ResolutionCode string
		Impact, Urgency, Priority                                                int
		Grp, Assignee, Requester                                                 string
		CreatedAt, UpdatedAt                                                     int64
		ResolvedAt, ClosedAt                                                     *int64
	}
	err := d.DB.Raw(`SELECT t.id, t.state, t.hold_reason AS hold_reason, t.category, t.subcategory, t.ci, t.source,
		t.resolution_code, t.impact, t.urgency, t.priority, COALESCE(g.name, '') AS grp, COALESCE(a.name, '') AS assignee,
		r.name AS requester, t.created_at, t.updated_at, t.resolved_at, t.closed_at
		FROM tickets t LEFT JOIN assignment_groups g ON g.id = t.group_id LEFT JOIN users a ON a.id = t.assignee_id
		JOIN users r ON r.id = t.requester_id WHERE t.number = ?`, num).Scan(&got).Error
	if err != nil || got.ID == "" {
		t.Fatalf("ticket %s: %v", num, err)
	}
	l := e.last
	level := func(c string) int {
		n, _ := strconv.Atoi(strings.SplitN(l.col[c], " ", 2)[0])
		return n
	}
	source := map[string]string{"Phone": "phone", "Email": "email", "Self service": "portal", "IVR": "phone", "Direct opening": "walk-in"}
	want := map[string][2]any{
		"state":       {got.State, e.state},
		"holdReason":  {got.HoldReason, map[bool]string{true: e.hold, false: ""}[e.state == "on_hold"]},
		"category":    {got.Category, l.get("category")},
		"subcategory": {got.Subcategory, l.get("subcategory")},
		"ci":          {got.CI, l.get("cmdb_ci")},
		"source":      {got.Source, source[l.col["contact_type"]]},
		"impact":      {got.Impact, level("impact")},
		"urgency":     {got.Urgency, level("urgency")},
		"priority":    {got.Priority, level("priority")},
		"group":       {got.Grp, l.get("assignment_group")},
		"assignee":    {got.Assignee, l.get("assigned_to")},
		"requester":   {got.Requester, l.get("caller_id")},
		"createdAt":   {got.CreatedAt, l.ms(t, "opened_at")},
	}
	if e.state == "closed" {
		want["resolutionCode"] = [2]any{got.ResolutionCode, "solved_permanently"}
		want["closedAt"] = [2]any{deref(got.ClosedAt), l.ms(t, "closed_at")}
		if r := l.ms(t, "resolved_at"); r != 0 {
			want["resolvedAt"] = [2]any{deref(got.ResolvedAt), r}
		}
	}
	for name, gw := range want {
		if gw[0] != gw[1] {
			t.Errorf("%s: got %v, want %v", name, gw[0], gw[1])
		}
	}
	var lines []struct {
		At       int64
		OldValue string
		NewValue string
	}
	if err := d.DB.Raw(`SELECT at, old_value, new_value FROM audit_trail WHERE ticket_id = ? AND field = 'state' ORDER BY seq`, got.ID).Scan(&lines).Error; err != nil {
		t.Fatal(err)
	}
	var states [][3]string
	for _, x := range lines {
		states = append(states, [3]string{strconv.FormatInt(x.At, 10), x.OldValue, x.NewValue})
	}
	if fmt.Sprint(states) != fmt.Sprint(e.states) {
		t.Errorf("state history:\n got %v\nwant %v", states, e.states)
	}
	var groups int
	d.DB.Raw(`SELECT COUNT(*) FROM audit_trail WHERE ticket_id = ? AND field = 'groupId'`, got.ID).Scan(&groups)
	if groups != e.groups {
		t.Errorf("%d group changes in the trail, want %d", groups, e.groups)
	}
	t.Logf("%s: %d rows, %d state changes, %d group changes, ends %s", num, len(e.states), len(e.states), e.groups, e.state)
}

func deref(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}
