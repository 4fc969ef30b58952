// Package draft keeps what a person has typed but not yet sent in a ticket's comment box, per
// ticket, per kind (reply, work note, worklog) and per person, in the profile: a draft survives
// opening another ticket and a restart, and goes when the comment is sent or discarded.
// Drafts are the person's own and local: they are not audited and never sync.
package draft

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"outpost/domain/fault"
	"outpost/domain/ticket"
)

// MaxBody is the longest draft kept, in bytes: the longest comment.
const MaxBody = 100_000

// Store reads and writes drafts.
type Store struct {
	DB  *gorm.DB
	Now func() time.Time
}

func checkKind(kind string) error {
	switch kind {
	case ticket.KindReply, ticket.KindNote, ticket.KindWorklog:
		return nil
	}
	return fault.Field("kind", "kind must be reply, note or worklog")
}

// Save keeps body as the user's draft of kind on the ticket, exactly as typed; an empty body
// clears it.
func (s *Store) Save(ctx context.Context, userID, ticketID, kind, body string) error {
	if err := checkKind(kind); err != nil {
		return err
	}
	if body == "" {
		return s.Clear(ctx, userID, ticketID, kind)
	}
	if len(body) > MaxBody {
		return fault.Field("body", "a draft has at most %d characters: shorten it or it is not kept after a restart", MaxBody)
	}
	err := s.DB.WithContext(ctx).Exec(`INSERT INTO drafts(user_id, ticket_id, kind, body, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT(user_id, ticket_id, kind) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
		userID, ticketID, kind, body, s.Now().UnixMilli()).Error
	if err != nil {
		return fmt.Errorf("save draft: %w", err)
	}
	return nil
}

// Get returns the user's drafts on a ticket by kind (empty when there are none).
func (s *Store) Get(ctx context.Context, userID, ticketID string) (map[string]string, error) {
	var rows []struct{ Kind, Body string }
	if err := s.DB.WithContext(ctx).Raw(`SELECT kind, body FROM drafts WHERE user_id = ? AND ticket_id = ?`, userID, ticketID).
		Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("read drafts: %w", err)
	}
	out := make(map[string]string, len(rows))
	for _, r := range rows {
		out[r.Kind] = r.Body
	}
	return out, nil
}

// Clear drops the user's draft of kind on the ticket.
func (s *Store) Clear(ctx context.Context, userID, ticketID, kind string) error {
	if err := checkKind(kind); err != nil {
		return err
	}
	if err := s.DB.WithContext(ctx).Exec(`DELETE FROM drafts WHERE user_id = ? AND ticket_id = ? AND kind = ?`,
		userID, ticketID, kind).Error; err != nil {
		return fmt.Errorf("clear draft: %w", err)
	}
	return nil
}
