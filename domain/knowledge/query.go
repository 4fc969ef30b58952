package knowledge

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/replica"
	"outpost/domain/ticket"
)

// Detail is an article as its page shows it: the record, what the reader may do to it, and
// its counts.
type Detail struct {
	Article
	Allowed    Allowed `json:"allowed"`
	Helpful    int64   `json:"helpful"`
	NotHelpful int64   `json:"notHelpful"`
	Views      int64   `json:"views"`
	// MyVote is the reader's own vote (nil: none yet).
	MyVote *bool `json:"myVote"`
}

// get reads one article as actor may see it.
func (s *Service) get(ctx context.Context, actor people.Actor, id string) (*Article, error) {
	var a Article
	err := s.DB.WithContext(ctx).Where("id = ?", id).Take(&a).Error
	if errors.Is(err, gorm.ErrRecordNotFound) || (err == nil && !CanSee(actor, &a)) {
		return nil, fmt.Errorf("article %s: %w", id, fault.ErrNotFound)
	}
	return &a, err
}

// Get reads one article with what actor may do to it and its counts.
func (s *Service) Get(ctx context.Context, actor people.Actor, id string) (*Detail, error) {
	a, err := s.get(ctx, actor, id)
	if err != nil {
		return nil, err
	}
	d := &Detail{Article: *a}
	db := s.DB.WithContext(ctx)
	var c struct{ Helpful, NotHelpful, Views int64 }
	if err := db.Raw(`SELECT
		(SELECT COUNT(DISTINCT user_id) FROM article_votes WHERE article_id = ? AND helpful = 1) AS helpful,
		(SELECT COUNT(DISTINCT user_id) FROM article_votes WHERE article_id = ? AND helpful = 0) AS not_helpful,
		COALESCE((SELECT views FROM article_views WHERE article_id = ?), 0) AS views`, id, id, id).Scan(&c).Error; err != nil {
		return nil, err
	}
	d.Helpful, d.NotHelpful, d.Views = c.Helpful, c.NotHelpful, c.Views
	var mine []bool
	if err := db.Raw(`SELECT helpful FROM article_votes WHERE article_id = ? AND user_id = ? ORDER BY created_at DESC LIMIT 1`, id, actor.ID).Scan(&mine).Error; err != nil {
		return nil, err
	}
	if len(mine) > 0 {
		d.MyVote = &mine[0]
	}
	d.Allowed = AllowedFor(actor, a, d.MyVote != nil)
	return d, nil
}

// Version is one kept text of an article.
type Version struct {
	ID        string `json:"id"`
	N         int    `json:"n"`
	Title     string `json:"title"`
	AuthorID  string `json:"authorId"`
	CreatedAt int64  `json:"createdAt"`
}

// Versions lists an article's versions, oldest first (staff only: the history of drafts).
func (s *Service) Versions(ctx context.Context, actor people.Actor, id string) ([]Version, error) {
	if err := actor.Require(people.Agent, "read an article's history"); err != nil {
		return nil, err
	}
	if _, err := s.get(ctx, actor, id); err != nil {
		return nil, err
	}
	out := []Version{}
	err := s.DB.WithContext(ctx).Raw(`SELECT id, title, author_id, created_at FROM article_versions
		WHERE article_id = ? ORDER BY created_at, id`, id).Scan(&out).Error
	for i := range out {
		out[i].N = i + 1
	}
	return out, err
}

// Diff is what changed between two versions of an article.
type Diff struct {
	FromTitle string `json:"fromTitle"`
	ToTitle   string `json:"toTitle"`
	Lines     []Line `json:"lines"`
}

// Diff compares two versions of the article id, line by line.
func (s *Service) Diff(ctx context.Context, actor people.Actor, id, fromID, toID string) (*Diff, error) {
	if err := actor.Require(people.Agent, "read an article's history"); err != nil {
		return nil, err
	}
	if _, err := s.get(ctx, actor, id); err != nil {
		return nil, err
	}
	var vs []struct{ ID, Title, Body string }
	if err := s.DB.WithContext(ctx).Raw(`SELECT id, title, body FROM article_versions WHERE article_id = ? AND id IN (?, ?)`,
		id, fromID, toID).Scan(&vs).Error; err != nil {
		return nil, err
	}
	find := func(vid string) (string, string, error) {
		for _, v := range vs {
			if v.ID == vid {
				return v.Title, v.Body, nil
			}
		}
		return "", "", fmt.Errorf("version %s of article %s: %w", vid, id, fault.ErrNotFound)
	}
	ft, fb, err := find(fromID)
	if err != nil {
		return nil, err
	}
	tt, tb, err := find(toID)
	if err != nil {
		return nil, err
	}
	return &Diff{FromTitle: ft, ToTitle: tt, Lines: DiffLines(fb, tb)}, nil
}

// Linked lists the articles linked to a ticket (staff only, like the links).
func (s *Service) Linked(ctx context.Context, actor people.Actor, ticketID string) ([]Hit, error) {
	if !actor.IsStaff() {
		return []Hit{}, nil
	}
	out := []Hit{}
	err := s.DB.WithContext(ctx).Raw(`SELECT `+hitColumns+`, substr(a.body, 1, 200) AS snippet FROM article_links l
		JOIN articles a ON a.id = l.article_id WHERE l.ticket_id = ? GROUP BY a.id ORDER BY MIN(l.created_at)`, ticketID).Scan(&out).Error
	return plainOpenings(out), err
}

// Deflections counts the tickets given up after an article was opened, on this desk
// (managers' figure; the count is the desk's own).
func (s *Service) Deflections(ctx context.Context, actor people.Actor) (int64, error) {
	if err := actor.Require(people.Agent, "read knowledge figures"); err != nil {
		return 0, err
	}
	var n int64
	err := s.DB.WithContext(ctx).Raw(`SELECT COUNT(*) FROM kb_deflections`).Scan(&n).Error
	return n, err
}

// FromTicket prefills a new article from a resolved (or closed) ticket: its title, its
// description as the problem, its resolution notes as the answer.
func (s *Service) FromTicket(ctx context.Context, actor people.Actor, ticketID string) (*NewArticle, error) {
	if err := actor.Require(people.Agent, "write an article"); err != nil {
		return nil, err
	}
	typ, _ := replica.Lookup(ticket.EntityTicket)
	doc, err := replica.ReadDoc(s.DB.WithContext(ctx), typ, ticketID)
	if err != nil {
		return nil, err
	}
	if doc == nil {
		return nil, fmt.Errorf("ticket %s: %w", ticketID, fault.ErrNotFound)
	}
	t, err := ticket.FromDoc(doc)
	if err != nil {
		return nil, err
	}
	if t.State != ticket.Resolved && t.State != ticket.Closed {
		return nil, fmt.Errorf("%s is %s; an article is written from a resolved ticket: %w", t.Number, t.State, fault.ErrInvalidTransition)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "## Problem\n\n%s\n\n## Solution\n\n%s\n", strings.TrimSpace(t.Description), strings.TrimSpace(t.ResolutionNotes))
	return &NewArticle{Title: t.Title, Body: b.String(), Category: t.Category, Audience: ForRequesters, OwnerID: actor.ID,
		SourceTicketID: t.ID}, nil
}
