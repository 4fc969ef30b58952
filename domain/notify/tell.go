package notify

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/replica"
)

// Approval is the kind of an "approval requested" notification: it has no switch (as the
// SLA's kinds), an approver must hear of what waits for them.
const Approval = "approval"

// Tell writes a notification of kind for each of users who uses this desk (its joined
// person; on an unjoined profile every active person), but the actor, in the caller's
// transaction. key makes it once per person (a change id, or a record's). ticketID may be ""
// (a subject that is not a ticket). It returns the people told.
func Tell(tx *gorm.DB, users []string, ticketID, kind, message, key, actorID string, now time.Time) ([]string, error) {
	joined, err := replica.State(tx, replica.KeyUserID)
	if err != nil {
		return nil, err
	}
	var told []string
	for _, u := range users {
		if u == actorID || (joined != "" && u != joined) {
			continue
		}
		var active []bool
		if err := tx.Raw(`SELECT active FROM users WHERE id = ?`, u).Scan(&active).Error; err != nil {
			return nil, err
		}
		if len(active) == 0 || !active[0] {
			continue
		}
		var tid any
		if ticketID != "" {
			tid = ticketID
		}
		res := tx.Exec(`INSERT INTO notifications(id, user_id, ticket_id, kind, message, created_at, change_id, actor_id)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(user_id, change_id, kind) WHERE change_id IS NOT NULL DO NOTHING`,
			uuid.Must(uuid.NewV7()).String(), u, tid, kind, message, now.UnixMilli(), key, actorID)
		if res.Error != nil {
			return nil, fmt.Errorf("write notification: %w", res.Error)
		}
		if res.RowsAffected > 0 {
			told = append(told, u)
		}
	}
	return told, nil
}
