package importer_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"outpost/domain/desk"
	"outpost/domain/desk/desktest"
	"outpost/domain/fault"
	"outpost/domain/importer"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

// fixture is a desk on a real SQLite file with a manager, an agent and a group.
type fixture struct {
	d       *desk.Desk
	admin   people.Actor
	manager people.Actor
	agent   people.Actor
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	d, owner := desktest.Open(t, time.Now)
	f := &fixture{d: d, admin: owner}
	mia, err := d.CreatePerson(ctx, owner, people.User{Name: "Mia Manager", Email: "mia@example.com", Role: people.Manager})
	if err != nil {
		t.Fatal(err)
	}
	ann, err := d.CreatePerson(ctx, owner, people.User{Name: "Ann Agent", Email: "ann@example.com", Role: people.Agent})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.CreatePerson(ctx, owner, people.User{Name: "Rita Requester", Email: "rita@example.com", Role: people.Requester}); err != nil {
		t.Fatal(err)
	}
	f.manager = people.Actor{ID: mia.ID, Role: people.Manager}
	f.agent = people.Actor{ID: ann.ID, Role: people.Agent}
	return f
}

// counts are the rows of the tables an import writes to.
func (f *fixture) counts(t *testing.T) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, tbl := range []string{"tickets", "assets", "users", "changes", "audit_entries", "tickets_fts"} {
		var n int64
		if err := f.d.DB.Raw(`SELECT COUNT(*) FROM ` + tbl).Scan(&n).Error; err != nil {
			t.Fatalf("count %s: %v", tbl, err)
		}
		out[tbl] = n
	}
	return out
}

func (f *fixture) run(t *testing.T, csv string, m importer.Mapping, skip bool) (*importer.Report, error) {
	t.Helper()
	return importer.Run(context.Background(), f.d, f.manager, strings.NewReader(csv), m, importer.Options{SkipRefused: skip, Size: int64(len(csv))})
}

var ticketMapping = importer.Mapping{Kind: importer.Tickets, Columns: map[string]string{
	"Short description": "title", "Caller": "requesterId", "State": "state", "Priority": "priority",
	"Close code": "resolutionCode", "Close notes": "resolutionNotes", "Category": "category",
}}

const goodTickets = "Short description,Caller,State,Priority,Close code,Close notes,Category\n" +
	"Printer jams,rita@example.com,Open,3 - Moderate,,,hardware\n" +
	"VPN down,Rita Requester,In Progress,1 - Critical,,,network\n" +
	"Password reset,rita@example.com,Closed,4 - Low,Solved (Permanently),Reset it,access\n"

func TestImportTickets(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	before := f.counts(t)
	rep, err := f.run(t, goodTickets, ticketMapping, false)
	if err != nil {
		t.Fatalf("import: %v (report %+v)", err, rep)
	}
	if rep.Rows != 3 || rep.Imported != 3 || rep.RefusedRows != 0 || !rep.Written {
		t.Fatalf("got %+v, want 3 rows imported", rep)
	}
	after := f.counts(t)
	if after["tickets"]-before["tickets"] != 3 {
		t.Fatalf("got %d new tickets, want 3", after["tickets"]-before["tickets"])
	}
	if after["changes"] <= before["changes"] || after["audit_entries"] <= before["audit_entries"] || after["tickets_fts"]-before["tickets_fts"] != 3 {
		t.Fatalf("an imported ticket is logged, audited and indexed: before %v, after %v", before, after)
	}
	got := map[string]ticket.Ticket{}
	var list []ticket.Ticket
	if err := f.d.DB.Where("number IN ?", rep.Numbers).Find(&list).Error; err != nil {
		t.Fatal(err)
	}
	for _, tk := range list {
		got[tk.Title] = tk
	}
	want := map[string]struct {
		state    ticket.State
		priority int
		category string
	}{
		"Printer jams":   {ticket.New, 3, "hardware"},
		"VPN down":       {ticket.InProgress, 1, "network"},
		"Password reset": {ticket.Closed, 4, "access"},
	}
	for title, w := range want {
		tk, ok := got[title]
		if !ok {
			t.Fatalf("no ticket %q among %v", title, rep.Numbers)
		}
		if tk.State != w.state || tk.Priority != w.priority || tk.Category != w.category || tk.PriorityOverrideReason != "" {
			t.Errorf("%s: got state %s, P%d, category %q, override %q; want %s, P%d, %q, none", title, tk.State, tk.Priority, tk.Category, tk.PriorityOverrideReason, w.state, w.priority, w.category)
		}
		if tk.CreatedBy != f.manager.ID {
			t.Errorf("%s: created by %s, want the importing manager", title, tk.CreatedBy)
		}
	}
	// Found by search, like a ticket logged by hand.
	page, err := f.d.Tickets.Search(ctx, f.manager, "VPN", 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(page) == 0 {
		t.Fatal("the imported ticket is not found by search")
	}
}

// TestImportRefusesBadFiles: a malformed file or a header that cannot be mapped is refused
// with a coded error naming the line or column, and nothing is written.
func TestImportRefusesBadFiles(t *testing.T) {
	f := newFixture(t)
	semicolons := strings.ReplaceAll(goodTickets, ",", ";")
	cases := []struct {
		name    string
		csv     string
		mapping importer.Mapping
		code    string
		line    int
		says    string
	}{
		{"wrong delimiter", semicolons, withDelimiter(ticketMapping, ","), importer.CodeHeader, 1, "separated by semicolons, not by commas"},
		{"unmapped header", "Foo,Bar\n1,2\n", ticketMapping, importer.CodeHeader, 1, `no column "Caller"`},
		{"required field unmapped", "Caller\nrita@example.com\n", importer.Mapping{Kind: importer.Tickets, Columns: map[string]string{"Caller": "requesterId"}}, importer.CodeHeader, 1, "no column maps to Title"},
		{"truncated file", goodTickets + "\"Never closed,rita@example.com,Open\n", ticketMapping, importer.CodeMalformed, 5, "never closed"},
		{"bare quote", goodTickets + "Say \"hi\" there,rita@example.com,Open,,,,\n", ticketMapping, importer.CodeMalformed, 5, "quote"},
		{"empty file", "", ticketMapping, importer.CodeEmpty, 1, "empty"},
		{"invalid UTF-8 after a BOM", "\xEF\xBB\xBF" + goodTickets + "Caf\xe9,rita@example.com,Open,,,,\n", ticketMapping, importer.CodeEncoding, 5, "not UTF-8"},
		{"unknown field", goodTickets, importer.Mapping{Kind: importer.Tickets, Columns: map[string]string{"Short description": "headline"}}, importer.CodeMapping, 0, `no field "headline"`},
		{"two columns for one field", goodTickets, importer.Mapping{Kind: importer.Tickets, Columns: map[string]string{"Short description": "title", "Category": "title"}}, importer.CodeHeader, 0, "both map to title"},
		{"bad date layout", goodTickets, importer.Mapping{Kind: importer.Tickets, Columns: map[string]string{"Short description": "title"}, DateFormats: []string{"dd/mm/yyyy"}}, importer.CodeMapping, 0, "not a date layout"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := f.counts(t)
			rep, err := f.run(t, c.csv, c.mapping, true)
			var ie *importer.Error
			if !errors.As(err, &ie) {
				t.Fatalf("got report %+v, error %v; want an *importer.Error", rep, err)
			}
			if ie.Code != c.code || fault.Code(err) != c.code || ie.Line != c.line || !strings.Contains(ie.Message, c.says) {
				t.Fatalf("got %s at line %d: %q; want %s at line %d saying %q", ie.Code, ie.Line, ie.Message, c.code, c.line, c.says)
			}
			if after := f.counts(t); !equal(before, after) {
				t.Fatalf("a refused file wrote: before %v, after %v", before, after)
			}
		})
	}
}

func withDelimiter(m importer.Mapping, d string) importer.Mapping {
	m.Delimiter = d
	return m
}

func equal(a, b map[string]int64) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return len(a) == len(b)
}

// badRows has two good tickets and three refused rows: an unknown state, an unknown caller
// and a title over its limit.
const badRows = "Short description,Caller,State,Priority,Close code,Close notes,Category\n" +
	"Printer jams,rita@example.com,Open,3,,,hardware\n" +
	"Mouse broken,rita@example.com,Exploded,3,,,hardware\n" +
	"Screen flickers,nobody@example.com,Open,3,,,hardware\n" +
	"Disk full,rita@example.com,Resolved,2,,,storage\n" +
	"VPN slow,Rita Requester,Open,2,,,network\n"

func TestImportAllOrNothing(t *testing.T) {
	f := newFixture(t)
	before := f.counts(t)
	rep, err := f.run(t, badRows, ticketMapping, false)
	if importer.CodeOf(err) != importer.CodeRefused || fault.Code(err) != importer.CodeRefused {
		t.Fatalf("got %v, want %s", err, importer.CodeRefused)
	}
	if rep == nil || rep.Rows != 5 || rep.Accepted != 2 || rep.Imported != 0 || rep.RefusedRows != 3 || rep.Written {
		t.Fatalf("got %+v, want 5 rows, 2 accepted, none imported, 3 refused", rep)
	}
	want := []importer.Refusal{
		{Line: 3, Column: "State", Field: "state", Code: fault.CodeValidation},
		{Line: 4, Column: "Caller", Field: "requesterId", Code: fault.CodeValidation},
		{Line: 5, Column: "Close code", Field: "resolutionCode", Code: fault.CodeValidation},
	}
	for i, w := range want {
		got := rep.Refused[i]
		if got.Line != w.Line || got.Column != w.Column || got.Field != w.Field || got.Code != w.Code || got.Message == "" {
			t.Errorf("refusal %d: got %+v, want %+v", i, got, w)
		}
	}
	if !strings.Contains(rep.Refused[0].Message, `"Exploded"`) || !strings.Contains(rep.Refused[1].Message, "nobody@example.com") {
		t.Errorf("the reasons name the value: %q, %q", rep.Refused[0].Message, rep.Refused[1].Message)
	}
	if after := f.counts(t); !equal(before, after) {
		t.Fatalf("an all-or-nothing import with refused rows wrote: before %v, after %v", before, after)
	}

	// Skipping refused rows writes the good ones and reports the same refusals.
	rep, err = f.run(t, badRows, ticketMapping, true)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Imported != 2 || rep.RefusedRows != 3 || !rep.Written || len(rep.Numbers) != 2 {
		t.Fatalf("got %+v, want 2 imported and 3 refused", rep)
	}
	after := f.counts(t)
	if after["tickets"]-before["tickets"] != 2 {
		t.Fatalf("got %d new tickets, want 2", after["tickets"]-before["tickets"])
	}
	var titles []string
	f.d.DB.Raw(`SELECT title FROM tickets WHERE number IN ? ORDER BY title`, rep.Numbers).Scan(&titles)
	if strings.Join(titles, "|") != "Printer jams|VPN slow" {
		t.Fatalf("got %v, want the two good rows", titles)
	}
	// A refused row left nothing behind: no audit or change of a ticket that is not there.
	var orphans int64
	f.d.DB.Raw(`SELECT COUNT(*) FROM changes WHERE entity = 'ticket' AND record_id NOT IN (SELECT id FROM tickets)`).Scan(&orphans)
	if orphans != 0 {
		t.Fatalf("%d changes of tickets that were rolled back", orphans)
	}
}

func TestImportNeedsManager(t *testing.T) {
	f := newFixture(t)
	before := f.counts(t)
	_, err := importer.Run(context.Background(), f.d, f.agent, strings.NewReader(goodTickets), ticketMapping, importer.Options{})
	if !errors.Is(err, fault.ErrForbidden) {
		t.Fatalf("got %v, want forbidden", err)
	}
	// People are made by admins only: a manager's import refuses each row by that rule.
	csv := "Name,Email\nPat,pat@example.com\n"
	rep, err := f.run(t, csv, importer.Mapping{Kind: importer.People, Columns: importer.Guess(importer.People, []string{"Name", "Email"})}, false)
	if importer.CodeOf(err) != importer.CodeRefused || rep.Refused[0].Code != fault.CodeForbidden {
		t.Fatalf("got %v, %+v; want the row refused as forbidden", err, rep)
	}
	if after := f.counts(t); !equal(before, after) {
		t.Fatalf("refused imports wrote: before %v, after %v", before, after)
	}
	rep, err = importer.Run(context.Background(), f.d, f.admin, strings.NewReader(csv+"Quinn,quinn@example.com\n"),
		importer.Mapping{Kind: importer.People, Columns: map[string]string{"Name": "name", "Email": "email"}}, importer.Options{})
	if err != nil || rep.Imported != 2 {
		t.Fatalf("an admin imports people: got %+v, %v", rep, err)
	}
}

// TestImportLongLine: a 100 MB line is refused with a coded error before it is read whole.
func TestImportLongLine(t *testing.T) {
	f := newFixture(t)
	before := f.counts(t)
	const size = 100 << 20
	r := io.MultiReader(strings.NewReader(goodTickets), &repeat{b: 'x', n: size}, strings.NewReader("\n"))
	_, err := importer.Run(context.Background(), f.d, f.manager, r, ticketMapping, importer.Options{})
	var ie *importer.Error
	if !errors.As(err, &ie) || ie.Code != importer.CodeTooLarge || ie.Line != 5 {
		t.Fatalf("got %v, want %s at line 5", err, importer.CodeTooLarge)
	}
	if after := f.counts(t); !equal(before, after) {
		t.Fatalf("wrote: before %v, after %v", before, after)
	}
	// A quote never closed over many short lines is refused by the row limit.
	r = io.MultiReader(strings.NewReader(goodTickets+"\"open quote"), &repeat{b: '\n', n: 8 << 20})
	_, err = importer.Run(context.Background(), f.d, f.manager, r, ticketMapping, importer.Options{})
	if !errors.As(err, &ie) || ie.Code != importer.CodeTooLarge {
		t.Fatalf("got %v, want %s", err, importer.CodeTooLarge)
	}
}

// repeat is n bytes b, made as they are read.
type repeat struct {
	b byte
	n int
}

func (r *repeat) Read(p []byte) (int, error) {
	if r.n == 0 {
		return 0, io.EOF
	}
	k := min(len(p), r.n)
	for i := range p[:k] {
		p[i] = r.b
	}
	r.n -= k
	return k, nil
}

func TestImportEncodings(t *testing.T) {
	f := newFixture(t)
	csv := "Short description;Caller;Category\nCafé au lait machine broken;rita@example.com;Küche\n"
	win, err := charmap.Windows1252.NewEncoder().String(csv)
	if err != nil {
		t.Fatal(err)
	}
	m := importer.Mapping{Kind: importer.Tickets, Columns: map[string]string{"Short description": "title", "Caller": "requesterId", "Category": "category"}}
	for name, file := range map[string]string{"utf-8": csv, "utf-8 with BOM": "\xEF\xBB\xBF" + csv, "windows-1252": win} {
		t.Run(name, func(t *testing.T) {
			rep, err := f.run(t, file, m, false)
			if err != nil {
				t.Fatal(err)
			}
			wantEnc := "utf-8"
			if name == "windows-1252" {
				wantEnc = "windows-1252"
			}
			if rep.Encoding != wantEnc || rep.Delimiter != ";" || rep.Imported != 1 {
				t.Fatalf("got %+v, want one row read as %s split on ;", rep, wantEnc)
			}
			var tk ticket.Ticket
			f.d.DB.Where("number = ?", rep.Numbers[0]).Take(&tk)
			if tk.Title != "Café au lait machine broken" || tk.Category != "Küche" {
				t.Fatalf("got %q / %q", tk.Title, tk.Category)
			}
		})
	}
}

func TestImportAssetsDates(t *testing.T) {
	f := newFixture(t)
	csv := "Asset name,Class,Type,Serial,Owner,Purchased,Warranty,Cost\n" +
		"Ann's laptop,Hardware,Notebook,SN1,ann@example.com,31/01/2025,31/01/2028,\"1.299,00\"\n" +
		"Build server,hardware,server,SN2,,15/03/2024,15/03/2027,4500\n" +
		"Old printer,hardware,printer,SN3,,2024-13-45,,\n" +
		"Router,hardware,router,SN4,,01/02/2023,,99.5\n"
	m := importer.Mapping{Kind: importer.Assets, Columns: importer.Guess(importer.Assets, []string{"Asset name", "Class", "Type", "Serial", "Owner", "Purchased", "Warranty", "Cost"})}
	before := f.counts(t)
	rep, err := f.run(t, csv, m, false)
	if importer.CodeOf(err) != importer.CodeRefused {
		t.Fatalf("got %v, want the bad date to refuse the file", err)
	}
	if len(rep.DateFormats) != 1 || rep.DateFormats[0] != "02/01/2006" {
		t.Fatalf("got date formats %v, want 02/01/2006 guessed", rep.DateFormats)
	}
	if rep.RefusedRows != 1 || rep.Refused[0].Line != 4 || rep.Refused[0].Column != "Purchased" || !strings.Contains(rep.Refused[0].Message, "2024-13-45") {
		t.Fatalf("got %+v, want line 4's purchase date refused", rep.Refused)
	}
	if after := f.counts(t); !equal(before, after) {
		t.Fatal("wrote")
	}
	rep, err = f.run(t, csv, m, true)
	if err != nil || rep.Imported != 3 {
		t.Fatalf("got %+v, %v", rep, err)
	}
	var got []struct {
		Name, Type, PurchaseDate, WarrantyEnd string
		Cost                                  *int64
		OwnerID                               *string
	}
	f.d.DB.Raw(`SELECT name, type, purchase_date, warranty_end, cost, owner_id FROM assets ORDER BY name`).Scan(&got)
	if len(got) != 3 || got[0].Name != "Ann's laptop" || got[0].Type != "laptop" || got[0].PurchaseDate != "2025-01-31" ||
		got[0].WarrantyEnd != "2028-01-31" || got[0].Cost == nil || *got[0].Cost != 129900 || got[0].OwnerID == nil || *got[0].OwnerID != f.agent.ID {
		t.Fatalf("got %+v", got)
	}
	if got[2].Name != "Router" || got[2].Type != "network_device" || *got[2].Cost != 9950 {
		t.Fatalf("got %+v", got[2])
	}
}

func TestPeek(t *testing.T) {
	pv, err := importer.Peek(bytes.NewReader([]byte(badRows)), importer.Mapping{Kind: importer.Tickets}, importer.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if pv.Total != 5 || len(pv.Rows) != 5 || pv.Mapping.Delimiter != "," || pv.Mapping.Encoding != "utf-8" {
		t.Fatalf("got %+v", pv)
	}
	for col, want := range map[string]string{"Short description": "title", "Caller": "requesterId", "State": "state", "Priority": "priority", "Close code": "resolutionCode", "Category": "category"} {
		if got := pv.Mapping.Columns[col]; got != want {
			t.Errorf("column %q guessed as %q, want %q", col, got, want)
		}
	}
	states := map[string]string{}
	for _, v := range pv.Values["State"] {
		states[v.Value] = v.To
	}
	if states["Open"] != "new" || states["Resolved"] != "resolved" || states["Exploded"] != "" {
		t.Fatalf("got state guesses %v", states)
	}
	if pv.Mapping.Values["state"]["Open"] != "new" {
		t.Fatalf("the guessed value map is the mapping's: %v", pv.Mapping.Values)
	}
}

func TestPeekAtMatchesPeople(t *testing.T) {
	f := newFixture(t)
	m := importer.Mapping{Kind: importer.Tickets, Values: map[string]map[string]string{"requesterId": {"Boss": "mia@example.com"}}}
	pv, err := importer.PeekAt(f.d.DB, f.d.People.SystemID, strings.NewReader(badRows+"Fan,Boss,Open,3,,,hw\n"), m, importer.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, v := range pv.Values["Caller"] {
		got[v.Value] = v.Match
	}
	want := map[string]string{"rita@example.com": "Rita Requester <rita@example.com>", "Rita Requester": "Rita Requester <rita@example.com>",
		"nobody@example.com": "", "Boss": "Mia Manager <mia@example.com>"}
	for v, w := range want {
		if got[v] != w {
			t.Errorf("%q matched %q, want %q", v, got[v], w)
		}
	}
}
