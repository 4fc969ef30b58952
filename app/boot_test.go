package app

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"outpost/domain/ticket"
	"outpost/domain/view"
)

const testIndex = `<!DOCTYPE html><html><head><meta charset="UTF-8"/><title>Outpost</title></head>` +
	`<body><div id="root"></div><script src="./main.js" type="module"></script></body></html>`

// servePage serves testIndex (and a script) through the boot middleware, as Wails' asset
// server would call it.
func servePage(t *testing.T, a *App, path string) *httptest.ResponseRecorder {
	t.Helper()
	h := a.BootMiddleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/main.js" {
			w.Header().Set("Content-Type", "text/javascript")
			_, _ = w.Write([]byte("console.log(1)"))
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte(testIndex))
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

// pageBoot parses the served page as a browser would and returns the boot element's data:
// the text of every script element, and the one of type application/json decoded.
func pageBoot(t *testing.T, page []byte) (scripts []string, boot *Boot) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "script" {
			text := ""
			if n.FirstChild != nil {
				text = n.FirstChild.Data
			}
			scripts = append(scripts, text)
			for _, at := range n.Attr {
				if at.Key == "id" && at.Val == "boot" {
					boot = &Boot{}
					if err := json.Unmarshal([]byte(text), boot); err != nil {
						t.Fatalf("boot data does not parse: %v\n%s", err, text)
					}
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	return scripts, boot
}

// A desk without passwords boots signed in: the person, the reference data and the first page
// of All open with its total are in the page, and user text in them cannot leave the data
// block (a title with </script>, a comment opener, quotes and a line separator).
func TestBootSignedInAndEscaped(t *testing.T) {
	a := openApp(t, false)
	<-a.boot.ready
	evil := "</script><script>alert(1)</script> <!-- \"quoted\" & 'single' \u2028 </SCRIPT >"
	if _, err := NewViews(a).Create(view.Spec{Name: "Incidents", Query: ticket.Query{View: "all"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := NewTickets(a).Create(ticket.Draft{Type: ticket.Incident, Title: evil, Impact: 1, Urgency: 1}); err != nil {
		t.Fatal(err)
	}
	rec := servePage(t, a, "/")
	if rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("got %d, Cache-Control %q; want 200, no-store", rec.Code, rec.Header().Get("Cache-Control"))
	}
	scripts, b := pageBoot(t, rec.Body.Bytes())
	if len(scripts) != 2 || b == nil {
		t.Fatalf("got scripts %q; want the boot data and the module script, nothing else", scripts)
	}
	if strings.Contains(strings.ToLower(scripts[0]), "</script") || strings.Contains(scripts[0], "<!--") {
		t.Fatalf("boot data holds markup: %s", scripts[0])
	}
	if b.SignIn == nil || !b.SignIn.SignedIn || b.Me == nil || b.Reference == nil || b.Queue == nil || b.At == 0 {
		t.Fatalf("got %+v; want a signed-in boot with the person, reference and queue", b)
	}
	want := ticket.Query{View: "all_open", States: []string{}, Priorities: []int{}, Filters: []ticket.Filter{}, Sort: "priority", Limit: 50}
	gotQ, _ := json.Marshal(b.Queue.Query)
	wantQ, _ := json.Marshal(want)
	if string(gotQ) != string(wantQ) {
		t.Fatalf("boot query %s, want %s (the page's first query, QueueView's defaultFilter)", gotQ, wantQ)
	}
	if b.Queue.Page.Total != 1 || len(b.Queue.Page.Rows) != 1 || b.Queue.Page.Rows[0].Title != evil {
		t.Fatalf("boot queue %+v; want the one ticket, its title as typed", b.Queue.Page)
	}
	// The same as the bound methods answer.
	p, err := NewTickets(a).Queue(want, true)
	if err != nil || p.Total != b.Queue.Page.Total || p.Rows[0].ID != b.Queue.Page.Rows[0].ID {
		t.Fatalf("Queue answers %+v, %v; boot had %+v", p, err, b.Queue.Page)
	}
	if me, err := NewSession(a).Me(); err != nil || me.User.ID != b.Me.User.ID {
		t.Fatalf("Me answers %+v, %v; boot had %+v", me, err, b.Me)
	}
	if vs, err := NewViews(a).List(); err != nil || len(vs) == 0 || len(vs) != len(b.Views) || vs[0].ID != b.Views[0].ID {
		t.Fatalf("List answers %+v, %v; boot had %+v (the sidebar's saved views)", vs, err, b.Views)
	}
	if st, err := NewSync(a).Status(); err != nil || b.Sync == nil || st.State != b.Sync.State || st.Joined != b.Sync.Joined {
		t.Fatalf("Status answers %+v, %v; boot had %+v (the sync indicator)", st, err, b.Sync)
	}
	if n, err := NewSLA(a).UnreadCount(); err != nil || b.Unread == nil || n != *b.Unread {
		t.Fatalf("UnreadCount answers %d, %v; boot had %v (the bell's badge)", n, err, b.Unread)
	}

	// Other assets pass through untouched.
	js := servePage(t, a, "/main.js")
	if js.Body.String() != "console.log(1)" || js.Header().Get("Cache-Control") != "" {
		t.Fatalf("a script came back as %q (%q)", js.Body.String(), js.Header().Get("Cache-Control"))
	}
}

// The first load takes what was read ahead, unless the app announced a change since; a
// reload reads anew.
func TestBootIsFreshForEachLoad(t *testing.T) {
	a := openApp(t, false)
	<-a.boot.ready
	d := a.current()
	owner, err := d.Owner(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// A background write (a sync, a sweep) after the read ahead announces itself to the page.
	if _, err := d.Tickets.Create(context.Background(), owner, ticket.Draft{Type: ticket.Incident, Title: "written in the background", Impact: 2, Urgency: 2}); err != nil {
		t.Fatal(err)
	}
	a.emit("ticket:changed", "")
	_, b := pageBoot(t, servePage(t, a, "/index.html").Body.Bytes())
	if b == nil || b.Queue == nil || b.Queue.Page.Total != 1 {
		t.Fatalf("first load after a change: %+v; want the new ticket", b)
	}
	// A ticket made from the page, then a reload: the reload has it.
	if _, err := NewTickets(a).Create(ticket.Draft{Type: ticket.Incident, Title: "from the page", Impact: 2, Urgency: 2}); err != nil {
		t.Fatal(err)
	}
	_, b = pageBoot(t, servePage(t, a, "/").Body.Bytes())
	if b == nil || b.Queue == nil || b.Queue.Page.Total != 2 {
		t.Fatalf("reload: %+v; want both tickets", b)
	}
}

// A desk with passwords boots on the sign-in screen: its state only, nothing of the desk.
func TestBootSignInScreen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.outpost")
	first := openAppAt(t, path)
	s := NewSession(first)
	if _, err := s.Welcome("Ada Admin", "ada@example.com", false); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMyPassword("", "ada's password"); err != nil {
		t.Fatal(err)
	}
	first.Shutdown(context.Background())

	a := openAppAt(t, path)
	_, b := pageBoot(t, servePage(t, a, "/").Body.Bytes())
	if b == nil || b.SignIn == nil || !b.SignIn.Required || b.SignIn.SignedIn || b.SignIn.User != nil {
		t.Fatalf("got %+v; want the sign-in screen's state", b)
	}
	if b.Me != nil || b.Reference != nil || b.Views != nil || b.Sync != nil || b.Unread != nil || b.Queue != nil || len(b.SignIn.Holders) != 0 {
		t.Fatalf("signed out, the page got %+v", b)
	}
	// Signed in, a reload boots into the desk.
	if _, err := NewSession(a).SignIn("ada@example.com", "ada's password"); err != nil {
		t.Fatal(err)
	}
	_, b = pageBoot(t, servePage(t, a, "/").Body.Bytes())
	if b == nil || b.SignIn == nil || !b.SignIn.SignedIn || b.Me == nil || b.Me.User.Email != "ada@example.com" || b.Queue == nil {
		t.Fatalf("after signing in: %+v; want the desk", b)
	}
	// No saved views is an answer ([]), which the page keeps instead of asking Go again.
	if b.Views == nil || len(b.Views) != 0 {
		t.Fatalf("saved views %#v; want an empty list", b.Views)
	}
}

func TestInjectBootNeedsAHead(t *testing.T) {
	page := []byte("<p>no head</p>")
	if got := injectBoot(page, []byte(`{"at":1}`)); !bytes.Equal(got, page) {
		t.Fatalf("got %s", got)
	}
	if got := injectBoot([]byte(testIndex), nil); string(got) != testIndex {
		t.Fatalf("no data: got %s", got)
	}
}

// A first page that is full leaves the total uncounted (-1) in the boot data, so start-up does
// not walk every open ticket; the page's own query counts it. One that is not full holds the
// whole queue, so its length is the total, with or without a count asked for.
func TestBootCountsOnlyAShortQueue(t *testing.T) {
	a := openApp(t, false)
	tk := NewTickets(a)
	for i := range bootPageSize + 1 {
		if _, err := tk.Create(ticket.Draft{Type: ticket.Incident, Title: fmt.Sprintf("printer %d", i), Impact: 2, Urgency: 2}); err != nil {
			t.Fatal(err)
		}
	}
	_, b := pageBoot(t, servePage(t, a, "/").Body.Bytes())
	if b == nil || b.Queue == nil || len(b.Queue.Page.Rows) != bootPageSize || b.Queue.Page.Total != -1 {
		t.Fatalf("boot queue %+v; want a full first page, uncounted", b.Queue)
	}
	p, err := tk.Queue(b.Queue.Query, true)
	if err != nil || p.Total != bootPageSize+1 {
		t.Fatalf("Queue with its total: %+v, %v; want %d", p, err, bootPageSize+1)
	}
	// A narrower queue: one page holds it whole.
	q := b.Queue.Query
	q.Search = "printer 1"
	for _, withTotal := range []bool{false, true} {
		p, err := tk.Queue(q, withTotal)
		if err != nil || p.Total != int64(len(p.Rows)) || len(p.Rows) == 0 || len(p.Rows) >= bootPageSize {
			t.Fatalf("Queue(%q, %v): %d rows, total %d, %v; want the rows' count", q.Search, withTotal, len(p.Rows), p.Total, err)
		}
	}
	// A later page's shortness says nothing of the pages before it.
	q = b.Queue.Query
	q.Offset = bootPageSize
	if p, err := tk.Queue(q, false); err != nil || len(p.Rows) != 1 || p.Total != -1 {
		t.Fatalf("second page: %d rows, total %d, %v; want 1 row, uncounted", len(p.Rows), p.Total, err)
	}
}
