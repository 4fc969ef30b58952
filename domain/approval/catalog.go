package approval

import (
	"fmt"

	"gorm.io/gorm"

	"outpost/domain/catalog"
	"outpost/domain/fault"
	"outpost/domain/kind"
	"outpost/domain/people"
)

// A catalog request is approved when its item says so: the one who submitted it asks, in the
// submitting transaction (a requester may, unlike the agent's "Ask for approval…" on a
// ticket), while it waits for approval. The same rule on the desk and the server, which link
// this package alike.
func init() {
	RegisterSubject(catalog.EntityRequest, Subject{
		CanRequest: func(r kind.Reader, act people.Actor, id string) error {
			doc, err := r.Get(catalog.EntityRequest, id)
			if err != nil {
				return err
			}
			if doc == nil {
				return fmt.Errorf("catalog request %s: %w", id, fault.ErrNotFound)
			}
			req := catalog.RequestFromDoc(doc)
			if !act.IsStaff() && req.CreatedBy != act.ID {
				return fmt.Errorf("ask for an approval of another's request: %w", fault.ErrForbidden)
			}
			if req.Stage != catalog.AwaitingApproval {
				return fmt.Errorf("ask for an approval of a request in stage %s: %w", req.Stage, fault.ErrInvalidTransition)
			}
			return nil
		},
		// The request has its ticket's id: the ticket's number and title.
		Summary: ticketSummary,
	})
}

// CatalogRule is the approval rule of a catalog item's request: the requester's manager, or
// the item's group with its mode.
func CatalogRule(a catalog.Approval, requesterID string) Rule {
	if a.Rule == catalog.ManagerApproval {
		return Rule{By: ByManager, Policy: Any, ForID: requesterID}
	}
	p := Policy(a.Mode)
	if p == "" {
		p = All
	}
	return Rule{By: ByGroup, Policy: p, GroupID: a.GroupID}
}

// OnCatalogOutcome is the hook that moves a catalog request on when its approval settles
// (register it with OnOutcome(catalog.EntityRequest, …) where the desk is wired). apply is
// the desk's catalog.Service.OnApprovalOutcome.
//
// The desk whose own decision (or cancelling) settled the approval acts at once: it makes the
// tasks, or closes the request, and pushes them; every other desk pulls them. A desk that
// learns the outcome from a pull (Pulled) changes nothing here, nor does a desk that does not
// hold the request (a manager who is a requester pulls the approvals they decide, not the
// requests): catalog.Service.SweepApprovals, run by a staff desk after its pull, moves such a
// request on, under the key the server keeps once.
func OnCatalogOutcome(apply func(tx *gorm.DB, requestID string, approved bool) error) Hook {
	return func(tx *gorm.DB, ev Event) error {
		if ev.Pulled || (ev.To != Approved && ev.To != Rejected) {
			return nil
		}
		var n int64
		if err := tx.Raw(`SELECT COUNT(*) FROM catalog_requests WHERE id = ?`, ev.Approval.SubjectID).Scan(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		return apply(tx, ev.Approval.SubjectID, ev.To == Approved)
	}
}
