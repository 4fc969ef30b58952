package satisfaction

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/changelog"
	"outpost/domain/kind"
	"outpost/domain/people"
	"outpost/domain/replica"
	"outpost/domain/store"
	"outpost/domain/ticket"
)

// Service writes ratings and reads them back: the rating is judged by the kind's rules (the
// ones the server re-checks with), then written with its change-log row and a line on the
// ticket's trail, in one transaction.
type Service struct {
	DB  *gorm.DB
	Log *changelog.Log
	Now func() time.Time
}

// NewRating is a rating as the form sends it.
type NewRating struct {
	Score   int    `json:"score"`
	Comment string `json:"comment"`
}

func raw(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

// Rate records the actor's rating of the ticket id.
func (s *Service) Rate(ctx context.Context, actor people.Actor, id string, n NewRating) (*Rating, error) {
	typ, _ := kind.Lookup(EntityRating)
	r := &Rating{ID: uuid.Must(uuid.NewV7()).String(), TicketID: id, UserID: actor.ID, Score: n.Score,
		Comment: clean(n.Comment), CreatedAt: s.Now().UnixMilli()}
	doc := kind.Doc{"id": raw(r.ID), "ticketId": raw(id), "userId": raw(actor.ID), "score": raw(r.Score),
		"comment": raw(r.Comment), "createdAt": raw(r.CreatedAt)}
	err := store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		if err := Rules.Create(replica.TxReader{Tx: tx}, actor, doc); err != nil {
			return err
		}
		if _, err := replica.Insert(tx, typ, doc, nil); err != nil {
			return err
		}
		trail := []ticket.AuditEntry{{ID: uuid.Must(uuid.NewV7()).String(), TicketID: id, ActorID: actor.ID,
			At: r.CreatedAt, Field: "rating", NewValue: strconv.Itoa(r.Score) + "/5"}}
		if err := ticket.WriteAudit(tx, trail); err != nil {
			return fmt.Errorf("write audit: %w", err)
		}
		return s.Log.Append(tx, actor.ID, changelog.Entry{Entity: EntityRating, RecordID: r.ID, Op: changelog.OpAppend, Value: doc})
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Given is what the ticket's page shows of its rating: the rating, if there is one, and
// whether the signed-in person may rate it now (the same rule the write checks).
type Given struct {
	Rating  *Rating `json:"rating"`
	CanRate bool    `json:"canRate"`
}

// ForTicket reads the rating of the ticket id as actor may see it.
func (s *Service) ForTicket(ctx context.Context, actor people.Actor, id string) (*Given, error) {
	out := &Given{}
	err := store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		rd := replica.TxReader{Tx: tx}
		t, err := ticket.VisibleTicket(rd, actor, id)
		if err != nil {
			return err
		}
		var r Rating
		err = tx.Where("ticket_id = ?", id).Order("created_at, id").Take(&r).Error
		switch {
		case errors.Is(err, gorm.ErrRecordNotFound):
		case err != nil:
			return fmt.Errorf("read rating of %s: %w", id, err)
		default:
			out.Rating = &r
		}
		probe := &Rating{TicketID: id, UserID: actor.ID, Score: MinScore}
		out.CanRate = CheckRate(actor, t, probe, out.Rating != nil && out.Rating.UserID == actor.ID) == nil
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
