package client

import (
	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/audit"
	"outpost/domain/changelog"
	"outpost/domain/fault"
	"outpost/domain/replica"
	"outpost/domain/ticket"
)

// Every joined desk holding a ticket runs the same SLA sweep and auto-close, so the same
// automatic work is done on each of them, under the same cause key (pushed as the op's
// autoKey). The server keeps the first desk's and refuses the others' as duplicates; the
// refused desk then takes the server's values through the usual corrections.

// redundant reports whether a refused op was this desk's repeat of automatic work another
// desk did first.
func (w principals) redundant(op replica.OutOp, code string) bool {
	return code == fault.CodeDuplicate && w.automatic(op.Change)
}

// dropRedundant settles a redundant refusal: marked seen (Rejections leaves such refusals
// out), and the audit line the refused write left on this desk withdrawn, since the other
// desk's change, pulled next, brings its own. The line is the newest of this ticket, field
// and system user that this desk wrote (derived lines of pulled ops have ids with a dot).
// The trail is append-only and hash-chained, so the line is not deleted: a "withdrawn" entry
// names it, and the trail as the desk shows it (the audit_trail view, the SLA history) leaves
// both out while the chain still verifies.
func (w principals) dropRedundant(tx *gorm.DB, op replica.OutOp, now int64) error {
	if err := tx.Exec(`UPDATE sync_rejected SET seen = 1 WHERE op_id = ?`, op.OpID).Error; err != nil {
		return err
	}
	ch := op.Change
	field := ch.Field
	switch {
	case ch.Entity != ticket.EntityTicket:
		return nil // a work note has no audit line: the correction removes the note itself
	case ch.Op == changelog.OpTransition:
		field = "state"
	case ch.Op != changelog.OpSet:
		return nil
	}
	var line string
	if err := tx.Raw(`SELECT id FROM audit_trail WHERE ticket_id = ? AND actor_id = ? AND field = ? AND instr(id, '.') = 0
		ORDER BY at DESC, id DESC LIMIT 1`, ch.RecordID, w.system, field).Scan(&line).Error; err != nil || line == "" {
		return err
	}
	return ticket.WriteAudit(tx, []ticket.AuditEntry{{ID: uuid.Must(uuid.NewV7()).String(), TicketID: ch.RecordID,
		ActorID: w.system, At: now, Field: audit.FieldWithdrawn, OldValue: line, NewValue: "another desk did this automatic work first"}})
}

// afterCorrect runs the desk's ticket write hooks on tickets a correction changed, as a
// local write does: a priority put back (a raise another desk made first, or any refused
// edit) must recompute the ticket's SLA targets and schedule from the restored value.
func (c *Client) afterCorrect(tx *gorm.DB, ids map[string]bool) error {
	if len(ids) == 0 || len(c.Desk.Tickets.AfterWrite) == 0 {
		return nil
	}
	list := make([]string, 0, len(ids))
	for id := range ids {
		if exists, err := ticketExists(tx, id); err != nil {
			return err
		} else if exists {
			list = append(list, id)
		}
	}
	if len(list) == 0 {
		return nil
	}
	now := c.Desk.Now().UTC()
	for _, h := range c.Desk.Tickets.AfterWrite {
		if err := h(tx, list, now); err != nil {
			return err
		}
	}
	return nil
}

func ticketExists(tx *gorm.DB, id string) (bool, error) {
	var n int64
	err := tx.Raw(`SELECT COUNT(*) FROM tickets WHERE id = ?`, id).Scan(&n).Error
	return n > 0, err
}
