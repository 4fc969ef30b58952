package server_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"outpost/domain/fault"
	"outpost/domain/knowledge"
	"outpost/domain/ticket"
	"outpost/sync/protocol"
	"outpost/sync/server/store/pgtest"
)

// The agreement table of the knowledge kinds: who may write, edit, move, vote on and link
// articles, on the desk and through the server, with the four roles of the configuration
// tables. Setups run on the admin's desk.

// anArticle: the admin writes an article for aud and takes it to state.
func anArticle(aud knowledge.Audience, state knowledge.State) func(c *cfg) {
	return func(c *cfg) {
		s := c.r.Desk.Knowledge
		a, err := s.Create(c.ctx, c.r.Actor, knowledge.NewArticle{Title: "Reset the VPN", Body: "Click reset.", Audience: aud})
		c.must(err)
		c.id = a.ID
		path := map[knowledge.State][]knowledge.State{
			knowledge.Draft:     nil,
			knowledge.Review:    {knowledge.Review},
			knowledge.Published: {knowledge.Review, knowledge.Published},
			knowledge.Retired:   {knowledge.Review, knowledge.Published, knowledge.Retired},
		}[state]
		for _, to := range path {
			_, err := s.Move(c.ctx, c.r.Actor, a.ID, to)
			c.must(err)
		}
	}
}

// withTicket: the setup's article, and a ticket the admin logs.
func withTicket(setup func(c *cfg)) func(c *cfg) {
	return func(c *cfg) {
		setup(c)
		tk, err := c.r.Desk.Tickets.Create(c.ctx, c.r.Actor, ticket.Draft{Type: ticket.Incident, Title: "VPN down",
			RequesterID: c.r.Actor.ID, Impact: 3, Urgency: 3, Source: "phone"})
		c.must(err)
		c.ticket = tk.ID
	}
}

func writeArticle(title string, aud knowledge.Audience) func(c *cfg) error {
	return func(c *cfg) error {
		_, err := c.r.Desk.Knowledge.Create(c.ctx, c.r.Actor, knowledge.NewArticle{Title: title, Body: "Body", Audience: aud})
		return err
	}
}

func articleDoc(title string, aud knowledge.Audience) func(c *cfg, id string) map[string]any {
	return func(c *cfg, id string) map[string]any {
		// The pusher's own user, as a desk writes it.
		var me string
		for role, email := range configRoles {
			if c.a.devs[role] != nil && c.r == c.a.desks[role] {
				me = c.a.s.Users[email].ID
			}
		}
		return map[string]any{"id": id, "number": "KB-x-1", "type": "article", "title": title, "body": "Body",
			"category": "", "audience": aud, "ownerId": c.a.ids["agent"], "reviewAt": nil, "state": "draft",
			"sourceTicketId": nil, "createdBy": me, "createdAt": 1}
	}
}

func editBody(body string) func(c *cfg) error {
	return func(c *cfg) error {
		_, err := c.r.Desk.Knowledge.Update(c.ctx, c.r.Actor, c.id, knowledge.Patch{Body: &body})
		return err
	}
}

func moveArticle(to knowledge.State) func(c *cfg) error {
	return func(c *cfg) error {
		_, err := c.r.Desk.Knowledge.Move(c.ctx, c.r.Actor, c.id, to)
		return err
	}
}

func articleMoveOp(from, to knowledge.State) func(d *device, c *cfg) protocol.Op {
	return func(d *device, c *cfg) protocol.Op {
		return d.op(knowledge.EntityArticle, c.id, protocol.OpTransition, "state", knowledge.MoveValue{From: from, To: to})
	}
}

func articleVote(c *cfg) error { return c.r.Desk.Knowledge.Vote(c.ctx, c.r.Actor, c.id, true) }

// articleVoteTwice: the second vote of one person is refused (the first is synced before it).
func articleVoteTwice(c *cfg) error {
	if err := articleVote(c); err != nil {
		c.t.Fatalf("the first vote: %v", err)
	}
	if rep := c.r.Sync(c.t); rep.Rejected != 0 {
		c.t.Fatalf("the first vote was refused: %+v", rep)
	}
	return c.r.Desk.Knowledge.Vote(c.ctx, c.r.Actor, c.id, false)
}

func articleVoteOp(d *device, c *cfg) protocol.Op {
	id := uuid.Must(uuid.NewV7()).String()
	return d.op(knowledge.EntityVote, id, protocol.OpAppend, "",
		map[string]any{"id": id, "articleId": c.id, "userId": d.user, "helpful": false, "createdAt": 2})
}

func articleLink(c *cfg) error { return c.r.Desk.Knowledge.Link(c.ctx, c.r.Actor, c.ticket, c.id) }

func articleLinkOp(d *device, c *cfg) protocol.Op {
	id := uuid.Must(uuid.NewV7()).String()
	return d.op(knowledge.EntityLink, id, protocol.OpAppend, "",
		map[string]any{"id": id, "ticketId": c.ticket, "articleId": c.id, "createdBy": d.user, "createdAt": 2})
}

func TestAgreeArticle(t *testing.T) {
	forReq, staff := knowledge.ForRequesters, knowledge.StaffOnly
	draft := anArticle(forReq, knowledge.Draft)
	review := anArticle(forReq, knowledge.Review)
	published := anArticle(forReq, knowledge.Published)
	staffPublished := anArticle(staff, knowledge.Published)
	retired := anArticle(forReq, knowledge.Retired)
	rows := []configRow{
		// Writing.
		{name: "write an article", role: "requester", desk: writeArticle("Mine", forReq),
			op: cfgCreate(knowledge.EntityArticle, articleDoc("Mine", forReq)), want: fault.CodeForbidden},
		{name: "write an article", role: "agent", desk: writeArticle("VPN", forReq)},
		{name: "write a staff-only article", role: "agent", desk: writeArticle("VPN", staff)},
		{name: "write an article with no title", role: "agent", desk: writeArticle(" ", staff),
			op: cfgCreate(knowledge.EntityArticle, articleDoc("", staff)), want: fault.CodeValidation},
		{name: "write an article with a title over its limit", role: "manager", desk: writeArticle(long(201), staff),
			op: cfgCreate(knowledge.EntityArticle, articleDoc(long(201), staff)), want: fault.CodeValidation},
		// Editing.
		{name: "edit a draft", role: "agent", setup: draft, desk: editBody("New")},
		{name: "edit a draft", role: "requester", setup: draft, desk: editBody("New"),
			op: cfgSet(knowledge.EntityArticle, nil, "body", "New"), want: fault.CodeNotFound},
		{name: "edit a published article", role: "requester", setup: published, desk: editBody("New"),
			op: cfgSet(knowledge.EntityArticle, nil, "body", "New"), want: fault.CodeForbidden},
		{name: "edit a published article", role: "agent", setup: published, desk: editBody("New"),
			op: cfgSet(knowledge.EntityArticle, nil, "body", "New"), want: fault.CodeForbidden},
		{name: "edit a published article", role: "manager", setup: published, desk: editBody("New")},
		{name: "edit a staff-only article", role: "requester", setup: staffPublished, desk: editBody("New"),
			op: cfgSet(knowledge.EntityArticle, nil, "body", "New"), want: fault.CodeNotFound},
		{name: "edit a retired article", role: "admin", setup: retired, desk: editBody("New"),
			op: cfgSet(knowledge.EntityArticle, nil, "body", "New"), want: fault.CodeInvalidTransition},
		// Moving.
		{name: "submit a draft for review", role: "agent", setup: draft, desk: moveArticle(knowledge.Review)},
		{name: "publish a draft", role: "manager", setup: draft, desk: moveArticle(knowledge.Published),
			op: articleMoveOp(knowledge.Draft, knowledge.Published), want: fault.CodeInvalidTransition},
		{name: "publish a review", role: "agent", setup: review, desk: moveArticle(knowledge.Published),
			op: articleMoveOp(knowledge.Review, knowledge.Published), want: fault.CodeForbidden},
		{name: "publish a review", role: "requester", setup: review, desk: moveArticle(knowledge.Published),
			op: articleMoveOp(knowledge.Review, knowledge.Published), want: fault.CodeNotFound},
		{name: "publish a review", role: "manager", setup: review, desk: moveArticle(knowledge.Published)},
		{name: "retire a published article", role: "agent", setup: published, desk: moveArticle(knowledge.Retired),
			op: articleMoveOp(knowledge.Published, knowledge.Retired), want: fault.CodeForbidden},
		{name: "retire a published article", role: "requester", setup: published, desk: moveArticle(knowledge.Retired),
			op: articleMoveOp(knowledge.Published, knowledge.Retired), want: fault.CodeForbidden},
		{name: "retire a published article", role: "admin", setup: published, desk: moveArticle(knowledge.Retired)},
		{name: "revive a retired article", role: "agent", setup: retired, desk: moveArticle(knowledge.Draft),
			op: articleMoveOp(knowledge.Retired, knowledge.Draft), want: fault.CodeForbidden},
		{name: "revive a retired article", role: "manager", setup: retired, desk: moveArticle(knowledge.Draft)},
		// Votes.
		{name: "vote on a published article", role: "requester", setup: published, desk: articleVote},
		{name: "vote on a published article twice", role: "requester", setup: published, desk: articleVoteTwice,
			op: articleVoteOp, want: fault.CodeConflict},
		{name: "vote on a staff-only article", role: "requester", setup: staffPublished, desk: articleVote,
			op: articleVoteOp, want: fault.CodeNotFound},
		{name: "vote on a staff-only article", role: "agent", setup: staffPublished, desk: articleVote},
		{name: "vote on a draft", role: "agent", setup: draft, desk: articleVote,
			op: articleVoteOp, want: fault.CodeInvalidTransition},
		// Links to tickets.
		{name: "link an article to a ticket", role: "agent", setup: withTicket(published), desk: articleLink},
		{name: "link a retired article to a ticket", role: "agent", setup: withTicket(retired), desk: articleLink,
			op: articleLinkOp, want: fault.CodeInvalidTransition},
	}
	runConfigAgreement(t, rows)
}

// TestArticlesReachRequesters: a requester's desk holds the articles written for requesters
// once they sync, and never a staff-only article nor any of its changes.
func TestArticlesReachRequesters(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { articlesReachRequesters(t, "") })
	t.Run("postgres", func(t *testing.T) { articlesReachRequesters(t, pgtest.DB(t)) })
}

func articlesReachRequesters(t *testing.T, dsn string) {
	a := newConfigAgreement(t, dsn)
	admin := &cfg{t: t, ctx: t.Context(), a: a, r: a.desks["admin"]}
	anArticle(knowledge.ForRequesters, knowledge.Published)(admin)
	pub := admin.id
	anArticle(knowledge.StaffOnly, knowledge.Published)(admin)
	staff := admin.id
	body := "Edited for staff."
	_, err := admin.r.Desk.Knowledge.Update(admin.ctx, admin.r.Actor, staff, knowledge.Patch{Body: &body})
	admin.must(err)
	if rep := admin.r.Sync(t); rep.Rejected != 0 {
		t.Fatalf("%+v", rep)
	}
	rita := a.desks["requester"]
	rita.Sync(t)
	var ids []string
	if err := rita.Desk.DB.Raw(`SELECT id FROM articles`).Scan(&ids).Error; err != nil {
		t.Fatal(err)
	}
	if len(ids) != 1 || ids[0] != pub {
		t.Fatalf("the requester's desk holds %v, want only %s", ids, pub)
	}
	d, err := rita.Desk.Knowledge.Get(t.Context(), rita.Actor, pub)
	if err != nil || d.State != knowledge.Published {
		t.Fatalf("got %+v %v", d, err)
	}
	// Nor does any change of the staff-only article reach a requester's pull.
	dev := a.devs["requester"]
	_, body2 := raw(t, a.s.URL, dev.token, "GET", "/pull?after=0&limit=1000", nil)
	if strings.Contains(string(body2), staff) {
		t.Fatalf("a requester's pull names the staff-only article")
	}
	if !strings.Contains(string(body2), pub) {
		t.Fatalf("a requester's pull misses the article for requesters")
	}
	// Staff get both.
	ann := a.desks["agent"]
	ann.Sync(t)
	var n int64
	_ = ann.Desk.DB.Raw(`SELECT COUNT(*) FROM articles`).Scan(&n)
	if n != 2 {
		t.Fatalf("an agent's desk holds %d articles, want 2", n)
	}
}
