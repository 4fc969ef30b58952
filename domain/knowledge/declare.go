package knowledge

import (
	"encoding/json"
	"fmt"

	"gorm.io/gorm"

	"outpost/domain/kind"
	"outpost/domain/store"
	"outpost/domain/ticket"
)

// The declarations of articles and their versions, votes and ticket links: what syncs and
// how (domain/replica applies by them, the server re-checks by them).
//
// The audience is Fixed: the server scopes what it sends a requester by it (Public), and a
// record that became public later would reach a requester without the changes made before.
func init() {
	kind.Register(&kind.Type{
		Entity: EntityArticle, Table: "articles",
		Number: "number", NumberKind: "type", Prefix: Prefix, NumberKinds: []string{NumberKind},
		State: "state", Transition: transition,
		Reindex: Reindex,
		Rules:   ArticleRules,
		// Requesters pull the articles written for them (the desk shows them only once
		// published); staff-only articles never leave the server for a requester.
		Public: func(doc kind.Doc) bool { return str(doc, "audience") == string(ForRequesters) },
		Fields: []kind.Field{
			{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
			{Name: "number", Column: "number", Kind: kind.Fixed, Type: kind.Text},
			{Name: "type", Column: "type", Kind: kind.Fixed, Type: kind.Text, Max: 20},
			{Name: "title", Column: "title", Kind: kind.LWW, Type: kind.Text, Max: limits["title"] * 4},
			{Name: "body", Column: "body", Kind: kind.LongText, Type: kind.Text, Max: limits["body"] * 4},
			{Name: "category", Column: "category", Kind: kind.LWW, Type: kind.Text, Max: limits["category"] * 4},
			{Name: "audience", Column: "audience", Kind: kind.Fixed, Type: kind.Text, Max: 20},
			{Name: "ownerId", Column: "owner_id", Kind: kind.LWW, Type: kind.Text, Ref: "agent"},
			{Name: "reviewAt", Column: "review_at", Kind: kind.LWW, Type: kind.NullInt},
			{Name: "state", Column: "state", Kind: kind.Status, Type: kind.Text},
			{Name: "sourceTicketId", Column: "source_ticket_id", Kind: kind.Fixed, Type: kind.NullText, Ref: ticket.EntityTicket},
			{Name: "createdBy", Column: "created_by", Kind: kind.Fixed, Type: kind.Text, Ref: "user"},
			{Name: "createdAt", Column: "created_at", Kind: kind.Fixed, Type: kind.Int},
			{Name: "updatedAt", Column: "updated_at", Kind: kind.Local, Type: kind.Int, From: "createdAt"},
		},
	})
	kind.Register(&kind.Type{
		Entity: EntityVersion, Table: "article_versions", Append: true, Parent: "articleId", Author: "authorId",
		Rules: VersionRules,
		// The history of drafts is the authors' business.
		Internal: func(kind.Doc) bool { return true },
		Fields: []kind.Field{
			{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
			{Name: "articleId", Column: "article_id", Kind: kind.Fixed, Type: kind.Text, Ref: EntityArticle},
			{Name: "title", Column: "title", Kind: kind.Fixed, Type: kind.Text, Max: limits["title"] * 4},
			{Name: "body", Column: "body", Kind: kind.Fixed, Type: kind.Text, Max: limits["body"] * 4},
			{Name: "authorId", Column: "author_id", Kind: kind.Fixed, Type: kind.Text, Ref: "user"},
			{Name: "createdAt", Column: "created_at", Kind: kind.Fixed, Type: kind.Int},
		},
	})
	kind.Register(&kind.Type{
		Entity: EntityVote, Table: "article_votes", Append: true, Parent: "articleId", Author: "userId",
		Rules: VoteRules,
		Fields: []kind.Field{
			{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
			{Name: "articleId", Column: "article_id", Kind: kind.Fixed, Type: kind.Text, Ref: EntityArticle},
			{Name: "userId", Column: "user_id", Kind: kind.Fixed, Type: kind.Text, Ref: "user"},
			{Name: "helpful", Column: "helpful", Kind: kind.Fixed, Type: kind.Bool},
			{Name: "createdAt", Column: "created_at", Kind: kind.Fixed, Type: kind.Int},
		},
	})
	kind.Register(&kind.Type{
		Entity: EntityLink, Table: "article_links", Append: true, Parent: "ticketId", Author: "createdBy",
		Rules: LinkRules,
		// A ticket's related articles are staff work, like its links to other tickets.
		Internal: func(kind.Doc) bool { return true },
		Fields: []kind.Field{
			{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
			{Name: "ticketId", Column: "ticket_id", Kind: kind.Fixed, Type: kind.Text, Ref: ticket.EntityTicket},
			{Name: "articleId", Column: "article_id", Kind: kind.Fixed, Type: kind.Text, Ref: EntityArticle},
			{Name: "createdBy", Column: "created_by", Kind: kind.Fixed, Type: kind.Text, Ref: "user"},
			{Name: "createdAt", Column: "created_at", Kind: kind.Fixed, Type: kind.Int},
		},
	})
}

// MoveValue is an article transition op's value.
type MoveValue struct {
	From State `json:"from"`
	To   State `json:"to"`
}

// transition is what a move writes: the state, on the desk and for a merged op alike.
func transition(value json.RawMessage, _ int64) (map[string]any, error) {
	var m MoveValue
	if err := json.Unmarshal(value, &m); err != nil {
		return nil, fmt.Errorf("transition value: %w", err)
	}
	if !m.From.Valid() || !m.To.Valid() {
		return nil, fmt.Errorf("transition %s -> %s: unknown state", m.From, m.To)
	}
	return map[string]any{"state": string(m.To)}, nil
}

// Reindex rebuilds the search rows of articles from their current title and body.
func Reindex(tx *gorm.DB, ids []string) error {
	for start := 0; start < len(ids); start += store.MaxValues {
		in, args := store.InList(ids[start:min(start+store.MaxValues, len(ids))])
		if err := store.Exec(tx, `DELETE FROM articles_fts WHERE rowid IN (SELECT rowid FROM articles WHERE id IN (`+in+`))`, args...); err != nil {
			return fmt.Errorf("reindex articles: %w", err)
		}
		if err := store.Exec(tx, `INSERT INTO articles_fts(rowid, title, body, category)
			SELECT rowid, title, body, category FROM articles WHERE id IN (`+in+`)`, args...); err != nil {
			return fmt.Errorf("reindex articles: %w", err)
		}
	}
	return nil
}
