package knowledge_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/knowledge"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

var epoch = time.Date(2026, 3, 14, 9, 30, 0, 0, time.UTC)

// kb is a desk with a person of every role.
type kb struct {
	d                       *desk.Desk
	s                       *knowledge.Service
	admin, agent, mgr, rita people.Actor
	ctx                     context.Context
	clock                   time.Time
}

func open(t *testing.T) *kb {
	t.Helper()
	k := &kb{ctx: context.Background(), clock: epoch}
	d, err := desk.Open(k.ctx, filepath.Join(t.TempDir(), "p.outpost"), func() time.Time {
		k.clock = k.clock.Add(time.Second)
		return k.clock
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = d.Close() })
	k.d, k.s = d, d.Knowledge
	if k.admin, err = d.Owner(k.ctx); err != nil {
		t.Fatal(err)
	}
	add := func(name string, role people.Role) people.Actor {
		u, err := d.CreatePerson(k.ctx, k.admin, people.User{Name: name, Email: strings.ToLower(name) + "@x.test", Role: role})
		if err != nil {
			t.Fatal(err)
		}
		return people.Actor{ID: u.ID, Role: role}
	}
	k.agent, k.mgr, k.rita = add("Ann", people.Agent), add("Mia", people.Manager), add("Rita", people.Requester)
	return k
}

func (k *kb) article(t *testing.T, title, body string, aud knowledge.Audience) *knowledge.Article {
	t.Helper()
	a, err := k.s.Create(k.ctx, k.agent, knowledge.NewArticle{Title: title, Body: body, Category: "Network", Audience: aud})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// publish takes a draft through review to published, as its writer and a manager.
func (k *kb) publish(t *testing.T, id string) {
	t.Helper()
	if _, err := k.s.Move(k.ctx, k.agent, id, knowledge.Review); err != nil {
		t.Fatal(err)
	}
	if _, err := k.s.Move(k.ctx, k.mgr, id, knowledge.Published); err != nil {
		t.Fatal(err)
	}
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if got := fault.Code(err); got != code {
		t.Fatalf("got %q (%v), want %q", got, err, code)
	}
}

func (k *kb) count(t *testing.T, q string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := k.d.DB.Raw(q, args...).Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestLifecycle(t *testing.T) {
	k := open(t)
	a := k.article(t, "Reset the VPN client", "Open the client.\nClick reset.\n", knowledge.ForRequesters)
	if a.Number != "KB0001001" || a.State != knowledge.Draft || a.OwnerID != k.agent.ID {
		t.Fatalf("got %s %s owner %s, want KB0001001 draft owned by the writer", a.Number, a.State, a.OwnerID)
	}
	if b := k.article(t, "Second", "", knowledge.StaffOnly); b.Number != "KB0001002" {
		t.Fatalf("got %s, want KB0001002", b.Number)
	}
	// A requester sees no draft; nobody skips review; an agent does not publish.
	_, err := k.s.Get(k.ctx, k.rita, a.ID)
	wantCode(t, err, fault.CodeNotFound)
	_, err = k.s.Move(k.ctx, k.agent, a.ID, knowledge.Published)
	wantCode(t, err, fault.CodeInvalidTransition)
	if _, err := k.s.Move(k.ctx, k.agent, a.ID, knowledge.Review); err != nil {
		t.Fatal(err)
	}
	_, err = k.s.Move(k.ctx, k.agent, a.ID, knowledge.Published)
	wantCode(t, err, fault.CodeForbidden)
	d, err := k.s.Get(k.ctx, k.mgr, a.ID)
	if err != nil || len(d.Allowed.Next) != 2 {
		t.Fatalf("a manager may send back or publish a review: got %+v %v", d.Allowed, err)
	}
	if _, err := k.s.Move(k.ctx, k.mgr, a.ID, knowledge.Published); err != nil {
		t.Fatal(err)
	}
	if d, err := k.s.Get(k.ctx, k.rita, a.ID); err != nil || len(d.Allowed.Next) != 0 || d.Allowed.Edit || !d.Allowed.Vote {
		t.Fatalf("a requester reads and votes on a published article, nothing more: %+v %v", d, err)
	}
	// A published article is edited by managers only; each text edit keeps a version.
	body := "Open the client.\nClick Reset.\nSign in again.\n"
	_, err = k.s.Update(k.ctx, k.agent, a.ID, knowledge.Patch{Body: &body})
	wantCode(t, err, fault.CodeForbidden)
	_, err = k.s.Update(k.ctx, k.rita, a.ID, knowledge.Patch{Body: &body})
	wantCode(t, err, fault.CodeForbidden)
	if _, err := k.s.Update(k.ctx, k.mgr, a.ID, knowledge.Patch{Body: &body}); err != nil {
		t.Fatal(err)
	}
	vs, err := k.s.Versions(k.ctx, k.agent, a.ID)
	if err != nil || len(vs) != 2 {
		t.Fatalf("got %d versions (%v), want 2", len(vs), err)
	}
	diff, err := k.s.Diff(k.ctx, k.agent, a.ID, vs[0].ID, vs[1].ID)
	if err != nil {
		t.Fatal(err)
	}
	var ops []string
	for _, l := range diff.Lines {
		ops = append(ops, l.Op[:1]+l.Text)
	}
	if got, want := strings.Join(ops, "|"), "eOpen the client.|dClick reset.|iClick Reset.|iSign in again."; got != want {
		t.Fatalf("diff: got %s, want %s", got, want)
	}
	_, err = k.s.Versions(k.ctx, k.rita, a.ID)
	wantCode(t, err, fault.CodeForbidden)
	// Retired: gone for requesters, read-only for staff, revived by a manager.
	if _, err := k.s.Move(k.ctx, k.mgr, a.ID, knowledge.Retired); err != nil {
		t.Fatal(err)
	}
	_, err = k.s.Get(k.ctx, k.rita, a.ID)
	wantCode(t, err, fault.CodeNotFound)
	again := body + "More.\n"
	_, err = k.s.Update(k.ctx, k.mgr, a.ID, knowledge.Patch{Body: &again})
	wantCode(t, err, fault.CodeInvalidTransition)
	_, err = k.s.Move(k.ctx, k.agent, a.ID, knowledge.Draft)
	wantCode(t, err, fault.CodeForbidden)
	// Every write is in the audit trail.
	if n := k.count(t, `SELECT COUNT(*) FROM audit_entries WHERE entity = 'article' AND ticket_id = ?`, a.ID); n != 5 {
		t.Fatalf("got %d audit entries, want 5 (created, three moves, the body)", n)
	}
}

func TestBadInputWritesNothing(t *testing.T) {
	k := open(t)
	before := k.count(t, `SELECT COUNT(*) FROM changes`)
	long := strings.Repeat("x", 201)
	for _, tc := range []struct {
		name string
		act  people.Actor
		in   knowledge.NewArticle
		code string
	}{
		{"no title", k.agent, knowledge.NewArticle{Title: " ", Audience: knowledge.StaffOnly}, fault.CodeValidation},
		{"long title", k.agent, knowledge.NewArticle{Title: long, Audience: knowledge.StaffOnly}, fault.CodeValidation},
		{"no audience", k.agent, knowledge.NewArticle{Title: "T"}, fault.CodeValidation},
		{"a requester writes", k.rita, knowledge.NewArticle{Title: "T", Audience: knowledge.StaffOnly}, fault.CodeForbidden},
		{"owner is a requester", k.agent, knowledge.NewArticle{Title: "T", Audience: knowledge.StaffOnly, OwnerID: k.rita.ID}, fault.CodeValidation},
		{"from a missing ticket", k.agent, knowledge.NewArticle{Title: "T", Audience: knowledge.StaffOnly, SourceTicketID: "nope"}, fault.CodeNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := k.s.Create(k.ctx, tc.act, tc.in)
			wantCode(t, err, tc.code)
		})
	}
	if n := k.count(t, `SELECT COUNT(*) FROM articles`); n != 0 {
		t.Fatalf("got %d articles, want none", n)
	}
	if n := k.count(t, `SELECT COUNT(*) FROM changes`); n != before {
		t.Fatalf("the change log grew by %d", n-before)
	}
	a := k.article(t, "Printer jams", "Open tray 2.", knowledge.StaffOnly)
	title, body := "", "a new body"
	_, err := k.s.Update(k.ctx, k.agent, a.ID, knowledge.Patch{Body: &body, Title: &title})
	wantCode(t, err, fault.CodeValidation)
	got, _ := k.s.Get(k.ctx, k.agent, a.ID)
	if got.Body != "Open tray 2." || got.Title != "Printer jams" {
		t.Fatalf("a refused edit changed the article: %+v", got.Article)
	}
}

func TestStaffOnlyNeverReachesRequesters(t *testing.T) {
	k := open(t)
	pub := k.article(t, "Printer paper jam", "Open tray 2 and remove the paper.", knowledge.ForRequesters)
	staff := k.article(t, "Printer paper jam firmware", "Reflash the printer firmware from the admin console.", knowledge.StaffOnly)
	k.publish(t, pub.ID)
	k.publish(t, staff.ID)
	_, err := k.s.Get(k.ctx, k.rita, staff.ID)
	wantCode(t, err, fault.CodeNotFound)
	err = k.s.Vote(k.ctx, k.rita, staff.ID, true)
	wantCode(t, err, fault.CodeNotFound)
	for name, list := range map[string]func(people.Actor) ([]knowledge.Hit, error){
		"search": func(a people.Actor) ([]knowledge.Hit, error) {
			return k.s.Search(k.ctx, a, knowledge.Query{Text: "printer"})
		},
		"browse": func(a people.Actor) ([]knowledge.Hit, error) { return k.s.Search(k.ctx, a, knowledge.Query{}) },
		"suggest": func(a people.Actor) ([]knowledge.Hit, error) {
			return k.s.Suggest(k.ctx, a, "my printer has a paper jam", 5)
		},
	} {
		hits, err := list(k.rita)
		if err != nil || len(hits) != 1 || hits[0].ID != pub.ID {
			t.Fatalf("%s for a requester: got %+v %v, want only %s", name, hits, err, pub.Number)
		}
		if hits, _ := list(k.agent); len(hits) != 2 {
			t.Fatalf("%s for an agent: got %d, want both", name, len(hits))
		}
	}
}

func TestSearchRanksByTextAndVotes(t *testing.T) {
	k := open(t)
	a := k.article(t, "Outlook keeps asking for a password", "Clear the credential manager entry for Outlook.", knowledge.ForRequesters)
	b := k.article(t, "Outlook password prompts", "Check the Outlook profile and the password.", knowledge.ForRequesters)
	k.publish(t, a.ID)
	k.publish(t, b.ID)
	hits, err := k.s.Search(k.ctx, k.rita, knowledge.Query{Text: "outlook passwords"})
	if err != nil || len(hits) != 2 {
		t.Fatalf("got %+v %v", hits, err)
	}
	if !strings.Contains(hits[0].Snippet, "\x02") {
		t.Fatalf("a snippet marks its matches: %q", hits[0].Snippet)
	}
	first, second := hits[0].ID, hits[1].ID
	// Votes lift the other one above.
	for _, who := range []people.Actor{k.rita, k.agent, k.mgr, k.admin} {
		if err := k.s.Vote(k.ctx, who, second, true); err != nil {
			t.Fatal(err)
		}
		if err := k.s.Vote(k.ctx, who, first, false); err != nil {
			t.Fatal(err)
		}
	}
	wantCode(t, k.s.Vote(k.ctx, k.rita, second, false), fault.CodeConflict)
	hits, _ = k.s.Search(k.ctx, k.rita, knowledge.Query{Text: "outlook passwords"})
	if hits[0].ID != second || hits[0].Helpful != 4 || hits[1].NotHelpful != 4 {
		t.Fatalf("got %+v, want the helpful one first", hits)
	}
	// Typing: the last word is a prefix; FTS syntax is text.
	if hits, _ := k.s.Search(k.ctx, k.rita, knowledge.Query{Text: "creden"}); len(hits) != 1 || hits[0].ID != a.ID {
		t.Fatalf("prefix: got %+v", hits)
	}
	for _, q := range []string{`"`, `outlook AND NOT`, `title:x*`, `(`, `NEAR(`} {
		if _, err := k.s.Search(k.ctx, k.rita, knowledge.Query{Text: q}); err != nil {
			t.Fatalf("search %q: %v", q, err)
		}
	}
}

func TestViewsDeflectionsLinksAndFromTicket(t *testing.T) {
	k := open(t)
	a := k.article(t, "Wifi drops", "Forget the network.", knowledge.ForRequesters)
	k.publish(t, a.ID)
	for range 3 {
		if err := k.s.Viewed(k.ctx, k.rita, a.ID); err != nil {
			t.Fatal(err)
		}
	}
	if err := k.s.Deflected(k.ctx, k.rita, a.ID); err != nil {
		t.Fatal(err)
	}
	if d, _ := k.s.Get(k.ctx, k.agent, a.ID); d.Views != 3 {
		t.Fatalf("got %d views, want 3", d.Views)
	}
	if n, err := k.s.Deflections(k.ctx, k.mgr); err != nil || n != 1 {
		t.Fatalf("got %d deflections (%v), want 1", n, err)
	}
	tk, err := k.d.Tickets.Create(k.ctx, k.agent, ticket.Draft{Type: ticket.Incident, Title: "Wifi drops in room 4",
		Description: "Laptop loses wifi.", RequesterID: k.rita.ID, Impact: 3, Urgency: 3, Source: "phone"})
	if err != nil {
		t.Fatal(err)
	}
	if err := k.s.Link(k.ctx, k.agent, tk.ID, a.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, k.s.Link(k.ctx, k.agent, tk.ID, a.ID), fault.CodeConflict)
	wantCode(t, k.s.Link(k.ctx, k.rita, tk.ID, a.ID), fault.CodeForbidden)
	if l, _ := k.s.Linked(k.ctx, k.agent, tk.ID); len(l) != 1 || l[0].ID != a.ID {
		t.Fatalf("linked: %+v", l)
	}
	_, err = k.s.FromTicket(k.ctx, k.agent, tk.ID)
	wantCode(t, err, fault.CodeInvalidTransition)
	if _, err := k.d.Tickets.Transition(k.ctx, k.agent, tk.ID, ticket.Move{To: ticket.Resolved, ResolutionCode: "solved_permanently",
		ResolutionNotes: "Updated the driver."}); err != nil {
		t.Fatal(err)
	}
	d, err := k.s.FromTicket(k.ctx, k.agent, tk.ID)
	if err != nil || d.Title != tk.Title || !strings.Contains(d.Body, "Updated the driver.") || d.SourceTicketID != tk.ID {
		t.Fatalf("got %+v %v", d, err)
	}
	if _, err := k.s.Create(k.ctx, k.agent, *d); err != nil {
		t.Fatal(err)
	}
}

func TestMoveTable(t *testing.T) {
	agent := people.Actor{ID: "a", Role: people.Agent}
	mgr := people.Actor{ID: "m", Role: people.Manager}
	req := people.Actor{ID: "r", Role: people.Requester}
	for _, tc := range []struct {
		from, to knowledge.State
		who      people.Actor
		code     string
	}{
		{knowledge.Draft, knowledge.Review, agent, ""},
		{knowledge.Draft, knowledge.Review, req, fault.CodeForbidden},
		{knowledge.Draft, knowledge.Published, mgr, fault.CodeInvalidTransition},
		{knowledge.Review, knowledge.Draft, agent, ""},
		{knowledge.Review, knowledge.Published, agent, fault.CodeForbidden},
		{knowledge.Review, knowledge.Published, mgr, ""},
		{knowledge.Published, knowledge.Retired, agent, fault.CodeForbidden},
		{knowledge.Published, knowledge.Retired, mgr, ""},
		{knowledge.Published, knowledge.Draft, agent, ""},
		{knowledge.Retired, knowledge.Draft, agent, fault.CodeForbidden},
		{knowledge.Retired, knowledge.Draft, mgr, ""},
		{knowledge.Retired, knowledge.Published, mgr, fault.CodeInvalidTransition},
	} {
		t.Run(string(tc.from)+"-"+string(tc.to)+"/"+string(tc.who.Role), func(t *testing.T) {
			wantCode(t, knowledge.CheckMove(tc.who, &knowledge.Article{State: tc.from}, tc.to), tc.code)
		})
	}
}

func TestSnippet(t *testing.T) {
	body := "## Printer\n\nOpen tray 2. The printer jammed again after the update, so remove the paper and close the tray. " +
		"Then print a test page from the settings menu and check the counter."
	for _, tc := range []struct {
		terms []string
		want  []string
	}{
		{[]string{"jams"}, []string{"\x02jammed\x03", "…"}},
		{[]string{"counter"}, []string{"\x02counter\x03", "…"}},
		{[]string{"nothing"}, []string{"Printer Open tray 2"}},
	} {
		got := knowledge.SnippetOf(body, tc.terms)
		for _, w := range tc.want {
			if !strings.Contains(got, w) {
				t.Errorf("SnippetOf(%v) = %q, want %q in it", tc.terms, got, w)
			}
		}
		if strings.ContainsAny(got, "#\n") {
			t.Errorf("SnippetOf(%v) = %q keeps markdown marks or lines", tc.terms, got)
		}
	}
}
