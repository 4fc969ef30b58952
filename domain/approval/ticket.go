package approval

import (
	"fmt"

	"gorm.io/gorm"

	"outpost/domain/fault"
	"outpost/domain/kind"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

// A service request ticket may be approved: staff ask for it (the agent's "Ask for
// approval…" on the ticket), the same rule on the desk and the server.
func init() {
	RegisterSubject(ticket.EntityTicket, Subject{
		CanRequest: func(r kind.Reader, act people.Actor, id string) error {
			if err := act.Require(people.Agent, "ask for an approval"); err != nil {
				return err
			}
			t, err := ticket.Visible(r, act, id)
			if err != nil {
				return err
			}
			if t.Type != ticket.Request {
				return fault.Field("subjectId", "only a service request is approved")
			}
			if t.State == ticket.Closed {
				return fmt.Errorf("ask for an approval of %s: it is %s: %w", t.Number, t.State, fault.ErrInvalidTransition)
			}
			return nil
		},
		Summary: ticketSummary,
	})
}

// ticketSummary is a ticket as its approver sees it: "REQ0001042 · New laptop".
func ticketSummary(tx *gorm.DB, id string) (string, error) {
	var row struct{ Number, Title string }
	if err := tx.Raw(`SELECT number, title FROM tickets WHERE id = ?`, id).Scan(&row).Error; err != nil {
		return "", err
	}
	s := row.Number + " · " + row.Title
	if r := []rune(s); len(r) > MaxSummary {
		s = string(r[:MaxSummary])
	}
	return s, nil
}
