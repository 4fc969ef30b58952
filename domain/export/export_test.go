package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"outpost/domain/desk"
	"outpost/domain/desk/desktest"
	"outpost/domain/export"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

func TestCell(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{"printer jam", "printer jam"},
		{"=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"},
		{"+1 555 0100", "'+1 555 0100"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1:A2)", "'@SUM(A1:A2)"},
		{"\t=1+1", "'\t=1+1"},
		{"\r=1+1", "'\r=1+1"},
		{"a=b", "a=b"},
		{"'quoted", "'quoted"},
		{"Ünïcode — ok", "Ünïcode — ok"},
		{" =1", " =1"},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%q", c.in), func(t *testing.T) {
			if got := export.Cell(c.in); got != c.want {
				t.Fatalf("Cell(%q) = %q, want %q", c.in, got, c.want)
			}
		})
	}
}

var t0 = time.Date(2026, 12, 5, 9, 0, 0, 0, time.UTC)

// openDesk opens a desk in a temp folder whose clock reads t0, and its owner.
func openDesk(t *testing.T) (*desk.Desk, people.Actor) {
	t.Helper()
	d, owner := desktest.Open(t, func() time.Time { return t0 })
	return d, owner
}

// TestQueueAllPages: a view three pages long (the queue shows 50 at a time) exports every row,
// in the view's order, with user text escaped, in CSV (BOM, header, CRLF) and JSON.
func TestQueueAllPages(t *testing.T) {
	ctx := context.Background()
	d, owner := openDesk(t)
	const n = 130
	for i := range n {
		title := fmt.Sprintf("ticket %03d", i)
		if i%10 == 0 {
			title = fmt.Sprintf("=cmd|' /C calc'!A%d", i) // a formula, to be escaped
		}
		if _, err := d.Tickets.Create(ctx, owner, ticket.Draft{Type: "incident", Title: title, Impact: 1 + i%3, Urgency: 2}); err != nil {
			t.Fatal(err)
		}
	}
	// One ticket of another type stays out of the filtered view.
	if _, err := d.Tickets.Create(ctx, owner, ticket.Draft{Type: "request", Title: "a request", Impact: 2, Urgency: 2}); err != nil {
		t.Fatal(err)
	}
	q := ticket.Query{View: "all", Type: "incident", Sort: "title", Limit: 50, Offset: 50}
	var want []string
	for off := 0; ; off += 50 {
		page := q
		page.Offset = off
		rows, err := d.Tickets.Queue(ctx, owner, page)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rows {
			want = append(want, r.Number)
		}
		if len(rows) < 50 {
			break
		}
	}
	if len(want) != n {
		t.Fatalf("the queue pages hold %d rows, want %d", len(want), n)
	}

	var buf bytes.Buffer
	got, err := export.WriteQueue(ctx, &buf, export.CSV, d.Tickets, owner, q, export.Meta{Name: "Incidents"})
	if err != nil || got != n {
		t.Fatalf("WriteQueue(csv) = %d, %v; want %d", got, err, n)
	}
	body := buf.String()
	if !strings.HasPrefix(body, "\ufeffNumber,Type,Title,") || !strings.Contains(body, "\r\n") {
		t.Fatalf("CSV starts %q", body[:40])
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != n+1 {
		t.Fatalf("CSV has %d records, want %d and a header", len(recs), n)
	}
	formulas := 0
	for i, rec := range recs[1:] {
		if rec[0] != want[i] {
			t.Fatalf("row %d is %s, want %s (the view's order)", i, rec[0], want[i])
		}
		if strings.HasPrefix(rec[2], "=") {
			t.Fatalf("row %d: title %q is a formula", i, rec[2])
		}
		if strings.HasPrefix(rec[2], "'=cmd") {
			formulas++
		}
	}
	if formulas != n/10 {
		t.Fatalf("%d escaped titles, want %d", formulas, n/10)
	}

	buf.Reset()
	if got, err := export.WriteQueue(ctx, &buf, export.JSON, d.Tickets, owner, q, export.Meta{Name: "Incidents", ExportedAt: "now"}); err != nil || got != n {
		t.Fatalf("WriteQueue(json) = %d, %v", got, err)
	}
	var doc struct {
		Name    string       `json:"name"`
		Query   ticket.Query `json:"query"`
		Tickets []ticket.Row `json:"tickets"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Name != "Incidents" || doc.Query.Sort != "title" || len(doc.Tickets) != n {
		t.Fatalf("JSON: name %q, sort %q, %d tickets", doc.Name, doc.Query.Sort, len(doc.Tickets))
	}
	for i, r := range doc.Tickets {
		if r.Number != want[i] {
			t.Fatalf("JSON row %d is %s, want %s", i, r.Number, want[i])
		}
	}
	// JSON keeps the text as it is: it is no spreadsheet.
	if !strings.HasPrefix(doc.Tickets[len(doc.Tickets)-1].Title, "=cmd") && !strings.HasPrefix(doc.Tickets[0].Title, "=cmd") {
		t.Fatalf("JSON changed the titles: %q", doc.Tickets[0].Title)
	}
}

// TestTicketConversation exports one ticket with its replies and notes in order; a ticket
// that does not exist is refused.
func TestTicketConversation(t *testing.T) {
	ctx := context.Background()
	d, owner := openDesk(t)
	tk, err := d.Tickets.Create(ctx, owner, ticket.Draft{Type: "incident", Title: "VPN drops", Impact: 2, Urgency: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range [][2]string{{ticket.KindReply, "Can you try again?"}, {ticket.KindNote, "internal: check the concentrator"}} {
		if _, err := d.Tickets.AddComment(ctx, owner, tk.ID, c[0], c[1], 0); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := export.WriteTicket(ctx, &buf, d.Tickets, owner, tk.ID, t0); err != nil {
		t.Fatal(err)
	}
	var doc export.Conversation
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Ticket == nil || doc.Ticket.Title != "VPN drops" {
		t.Fatalf("ticket %+v", doc.Ticket)
	}
	var bodies []string
	for _, e := range doc.Timeline {
		if e.Comment != nil {
			bodies = append(bodies, e.Comment.Kind+":"+e.Comment.Body)
		}
	}
	if fmt.Sprint(bodies) != "[reply:Can you try again? note:internal: check the concentrator]" {
		t.Fatalf("conversation %v", bodies)
	}
	if err := export.WriteTicket(ctx, &buf, d.Tickets, owner, "no-such-ticket", t0); err == nil {
		t.Fatal("exported a ticket that does not exist")
	}
}
