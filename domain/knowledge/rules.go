package knowledge

import (
	"encoding/json"
	"fmt"
	"strings"

	"outpost/domain/fault"
	"outpost/domain/kind"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

// The rules of the knowledge kinds as record-kind rules: the sync server re-checks every
// pushed op with them; the desk's service calls the same Check* functions (and these rules,
// with a desk reader), so both refuse one change with one code.
var (
	ArticleRules = kind.Rules{Create: createRule, Set: setRule, Move: moveRule,
		Archive: func(kind.Reader, people.Actor, kind.Doc) error {
			return fmt.Errorf("articles are retired, not archived: %w", fault.ErrForbidden)
		}}
	VersionRules = kind.Rules{Create: versionRule}
	VoteRules    = kind.Rules{Create: voteRule}
	LinkRules    = kind.Rules{Create: linkRule}
)

func str(doc kind.Doc, name string) string {
	s, _ := kind.JSONString(doc[name])
	return s
}

// FromDoc reads an article from its record.
func FromDoc(doc kind.Doc) (*Article, error) {
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	var a Article
	if err := json.Unmarshal(b, &a); err != nil {
		return nil, fault.Field("article", "not an article: %v", err)
	}
	return &a, nil
}

// docOf is a as its record's synced fields.
func docOf(a *Article) kind.Doc {
	raw := func(v any) json.RawMessage {
		b, _ := json.Marshal(v)
		return b
	}
	return kind.Doc{"id": raw(a.ID), "number": raw(a.Number), "type": raw(a.Type), "title": raw(a.Title),
		"body": raw(a.Body), "category": raw(a.Category), "audience": raw(a.Audience), "ownerId": raw(a.OwnerID),
		"reviewAt": raw(a.ReviewAt), "state": raw(a.State), "sourceTicketId": raw(a.SourceTicketID),
		"createdBy": raw(a.CreatedBy), "createdAt": raw(a.CreatedAt)}
}

func createRule(r kind.Reader, act people.Actor, doc kind.Doc) error {
	a, err := FromDoc(doc)
	if err != nil {
		return err
	}
	if err := CheckNew(act, a); err != nil {
		return err
	}
	if a.CreatedBy != act.ID {
		return fault.Field("createdBy", "an article is created by its writer")
	}
	if a.SourceTicketID != nil && *a.SourceTicketID != "" {
		return checkTicket(r, *a.SourceTicketID)
	}
	return nil
}

// checkTicket: a ticket an article names exists (staff see every ticket).
func checkTicket(r kind.Reader, id string) error {
	doc, err := r.Get(ticket.EntityTicket, id)
	if err != nil {
		return err
	}
	if doc == nil {
		return fmt.Errorf("ticket %s: %w", id, fault.ErrNotFound)
	}
	return nil
}

// visible reads the article id names as actor may see it (else it is not found).
func visible(r kind.Reader, act people.Actor, id string) (*Article, error) {
	doc, err := r.Get(EntityArticle, id)
	if err != nil {
		return nil, err
	}
	if doc == nil {
		return nil, fmt.Errorf("article %s: %w", id, fault.ErrNotFound)
	}
	return seen(act, doc)
}

// seen reads an article record, refusing it as not found when actor may not see it.
func seen(act people.Actor, doc kind.Doc) (*Article, error) {
	a, err := FromDoc(doc)
	if err != nil {
		return nil, err
	}
	if !CanSee(act, a) {
		return nil, fmt.Errorf("article %s: %w", a.ID, fault.ErrNotFound)
	}
	return a, nil
}

func setRule(r kind.Reader, act people.Actor, before kind.Doc, field string, value json.RawMessage) error {
	a, err := seen(act, before)
	if err != nil {
		return err
	}
	if err := CheckEdit(act, a, field); err != nil {
		return err
	}
	after, err := FromDoc(kind.With(before, field, value))
	if err != nil {
		return err
	}
	return CheckText(after)
}

func moveRule(r kind.Reader, act people.Actor, before kind.Doc, m kind.Move) error {
	a, err := seen(act, before)
	if err != nil {
		return err
	}
	return CheckMove(act, a, State(m.To))
}

func versionRule(r kind.Reader, act people.Actor, doc kind.Doc) error {
	a, err := visible(r, act, str(doc, "articleId"))
	if err != nil {
		return err
	}
	if err := CheckEdit(act, a, "body"); err != nil {
		return err
	}
	v := &Article{Title: str(doc, "title"), Body: str(doc, "body"), Audience: a.Audience}
	return CheckText(v)
}

func voteRule(r kind.Reader, act people.Actor, doc kind.Doc) error {
	a, err := visible(r, act, str(doc, "articleId"))
	if err != nil {
		return err
	}
	votes, err := r.Children(EntityVote, a.ID)
	if err != nil {
		return err
	}
	voted := false
	for _, v := range votes {
		voted = voted || str(v, "userId") == str(doc, "userId")
	}
	return CheckVote(act, a, voted)
}

func linkRule(r kind.Reader, act people.Actor, doc kind.Doc) error {
	if err := act.Require(people.Agent, "link an article to a ticket"); err != nil {
		return err
	}
	tid, aid := str(doc, "ticketId"), str(doc, "articleId")
	if err := checkTicket(r, tid); err != nil {
		return err
	}
	a, err := visible(r, act, aid)
	if err != nil {
		return err
	}
	links, err := r.Children(EntityLink, tid)
	if err != nil {
		return err
	}
	linked := false
	for _, l := range links {
		linked = linked || strings.EqualFold(str(l, "articleId"), aid)
	}
	return CheckLink(act, a, linked)
}
