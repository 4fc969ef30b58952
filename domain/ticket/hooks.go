package ticket

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"outpost/domain/changelog"
	"outpost/domain/people"
)

// Numberer issues the human number of a new ticket inside its write transaction. Sync sets
// one that draws from number blocks leased from the server (or issues provisional numbers
// offline); without one, or when it returns "", the profile's own counter is used.
type Numberer func(tx *gorm.DB, t Type) (string, error)

func (s *Service) number(tx *gorm.DB, t Type) (string, error) {
	if s.Numbers != nil {
		num, err := s.Numbers(tx, t)
		if err != nil || num != "" {
			return num, err
		}
	}
	n, err := nextNumber(tx, t)
	if err != nil {
		return "", err
	}
	return FormatNumber(t, n), nil
}

// Archive hides a ticket from queues for good: business records are archived, never deleted.
// Only managers may archive.
func (s *Service) Archive(ctx context.Context, actor people.Actor, id string) (*Ticket, error) {
	if err := actor.Require(people.Manager, "archive a ticket"); err != nil {
		return nil, err
	}
	var out *Ticket
	err := s.run(ctx, actor, id, func(w *write) error {
		t, err := w.load(id)
		if err != nil {
			return err
		}
		if t.Archived {
			out = t
			return nil
		}
		if err := w.tx.Model(&Ticket{}).Where("id = ?", id).Updates(map[string]any{"archived": true, "updated_at": w.now.UnixMilli()}).Error; err != nil {
			return fmt.Errorf("archive %s: %w", t.Number, err)
		}
		t.Archived = true
		w.record(t.ID, "archived", false, true)
		w.log = append(w.log, changelog.Entry{Entity: EntityTicket, RecordID: t.ID, Op: changelog.OpArchive, Field: "archived", Value: true})
		out = t
		return nil
	})
	return out, err
}
