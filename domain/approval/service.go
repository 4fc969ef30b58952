package approval

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/changelog"
	"outpost/domain/fault"
	"outpost/domain/kind"
	"outpost/domain/notify"
	"outpost/domain/people"
	"outpost/domain/replica"
	"outpost/domain/store"
	"outpost/domain/ticket"
)

// Service runs every write on approvals: it judges the change with the kinds' rules (the ones
// the server re-checks with), writes the record, its change-log rows and its audit trail, and
// derives the outcome again, in one transaction.
type Service struct {
	DB  *gorm.DB
	Log *changelog.Log
	Now func() time.Time
}

// Event tells a subject's owner that an approval's derived state changed.
type Event struct {
	Approval *Approval
	From, To State
	// Pulled reports whether a pulled page changed it (decisions made on other desks);
	// false when this desk's own write did.
	Pulled bool
}

// Hook reacts to an approval's outcome, in the transaction that changed it. An error undoes
// that transaction (the local write, or the pulled page).
type Hook func(tx *gorm.DB, ev Event) error

var hooks = map[string][]Hook{}

// OnOutcome registers fn for the approvals of subjectKind: it runs whenever such an
// approval's derived state changes on this desk (by a local decision or cancelling, or by a
// pulled page). Register from an init or at wiring, before any write.
func OnOutcome(subjectKind string, fn Hook) {
	hooks[subjectKind] = append(hooks[subjectKind], fn)
}

func typeOf(entity string) *kind.Type {
	t, _ := kind.Lookup(entity)
	return t
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// Request asks for an approval of the subject record (subjectKind, subjectID) inside the
// caller's transaction tx, as actor: the rule says who decides (the manager of rule.ForID,
// the group rule.GroupID, or the named approvers) and how many must agree. For a group,
// approvers may name some of its members; empty, all its active members decide. The
// approvers are fixed now. The summary comes from the subject's registration.
func (s *Service) Request(tx *gorm.DB, actor people.Actor, subjectKind, subjectID string, rule Rule, approvers []string) (*Approval, error) {
	subj, ok := subjects[subjectKind]
	if !ok {
		return nil, fault.Field("subjectKind", "a %s cannot be approved", subjectKind)
	}
	r := replica.TxReader{Tx: tx}
	a := &Approval{ID: newID(), SubjectKind: subjectKind, SubjectID: subjectID, By: rule.By, Policy: rule.Policy,
		GroupID: rule.GroupID, ForID: rule.ForID, RequestedBy: actor.ID, CreatedAt: s.Now().UnixMilli(), State: Pending}
	if rule.By == ByManager && a.Policy == "" {
		a.Policy = Any
	}
	switch rule.By {
	case ByManager:
		if rule.ForID == "" {
			return nil, fault.Field("forId", "say whose manager decides")
		}
		m, err := ManagerOf(r, rule.ForID)
		if err != nil {
			return nil, err
		}
		a.ManagerID, a.Approvers = m, Approvers{m}
	case ByGroup:
		a.Approvers = Approvers(approvers)
		if len(approvers) == 0 && rule.GroupID != "" {
			ms, err := r.Members(rule.GroupID)
			if err != nil {
				return nil, err
			}
			a.Approvers = Approvers(ms)
		}
	default:
		a.Approvers = Approvers(approvers)
	}
	if subj.CanRequest != nil {
		if err := subj.CanRequest(r, actor, subjectID); err != nil {
			return nil, err
		}
	}
	if subj.Summary != nil {
		sum, err := subj.Summary(tx, subjectID)
		if err != nil {
			return nil, err
		}
		a.Summary = sum
	}
	if err := CheckRule(Rule{By: a.By, Policy: a.Policy, GroupID: a.GroupID, ForID: a.ForID}, a.Approvers); err != nil {
		return nil, err
	}
	doc := docOf(a)
	t := typeOf(EntityApproval)
	if err := t.Rules.Create(r, actor, doc); err != nil {
		return nil, err
	}
	if _, err := replica.Insert(tx, t, doc, map[string]any{"state": string(Pending), "decidedAt": int64(0)}); err != nil {
		return nil, err
	}
	if err := ticket.WriteAudit(tx, []ticket.AuditEntry{{ID: newID(), Entity: EntityApproval, TicketID: a.ID,
		ActorID: actor.ID, At: a.CreatedAt, Field: "requested", NewValue: a.Summary}}); err != nil {
		return nil, err
	}
	if err := s.Log.Append(tx, actor.ID, changelog.Entry{Entity: EntityApproval, RecordID: a.ID, Op: changelog.OpCreate, Value: doc}); err != nil {
		return nil, err
	}
	if err := tell(tx, a); err != nil {
		return nil, err
	}
	return a, nil
}

// tell notifies the approvers who use this desk that an approval waits for them ("approval
// requested"), once per approval: when it is asked here, or first pulled here still pending.
func tell(tx *gorm.DB, a *Approval) error {
	var by []string
	if err := tx.Raw(`SELECT name FROM users WHERE id = ?`, a.RequestedBy).Scan(&by).Error; err != nil {
		return err
	}
	msg := "Approval requested: " + a.Summary
	if len(by) > 0 {
		msg += " (asked by " + by[0] + ")"
	}
	// The subject's ticket, when this desk holds it (a manager who is a requester may not).
	tid := ""
	if a.SubjectKind == ticket.EntityTicket {
		var n int64
		if err := tx.Raw(`SELECT COUNT(*) FROM tickets WHERE id = ?`, a.SubjectID).Scan(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			tid = a.SubjectID
		}
	}
	_, err := notify.Tell(tx, a.Approvers, tid, notify.Approval, msg, a.ID, a.RequestedBy, time.UnixMilli(a.CreatedAt))
	return err
}

// Decide records the actor's answer to an approval (a rejection says why) and derives its
// outcome again.
func (s *Service) Decide(ctx context.Context, actor people.Actor, approvalID string, verdict Verdict, comment string) (*View, error) {
	var out *View
	err := store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		a, err := load(tx, approvalID)
		if err != nil {
			return err
		}
		if !canSee(actor, a) {
			return fmt.Errorf("approval %s: %w", approvalID, fault.ErrNotFound)
		}
		d := &Decision{ID: newID(), ApprovalID: a.ID, ApproverID: actor.ID, Verdict: verdict,
			Comment: strings.TrimSpace(comment), CreatedAt: s.Now().UnixMilli()}
		doc := decisionDoc(d)
		t := typeOf(EntityDecision)
		if err := t.Rules.Create(replica.TxReader{Tx: tx}, actor, doc); err != nil {
			return err
		}
		if _, err := replica.Insert(tx, t, doc, nil); err != nil {
			return err
		}
		if err := ticket.WriteAudit(tx, []ticket.AuditEntry{{ID: newID(), Entity: EntityApproval, TicketID: a.ID,
			ActorID: actor.ID, At: d.CreatedAt, Field: "decision", NewValue: string(verdict)}}); err != nil {
			return err
		}
		if err := s.Log.Append(tx, actor.ID, changelog.Entry{Entity: EntityDecision, RecordID: d.ID, Op: changelog.OpAppend, Value: doc}); err != nil {
			return err
		}
		if err := derive(tx, []string{a.ID}, false); err != nil {
			return err
		}
		out, err = view(tx, actor, a.ID)
		return err
	})
	return out, err
}

// Cancel withdraws a pending approval (its requester, or staff): the subject no longer needs it.
func (s *Service) Cancel(ctx context.Context, actor people.Actor, approvalID string) (*View, error) {
	var out *View
	err := store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		out = nil
		if err := s.CancelTx(tx, actor, approvalID); err != nil {
			return err
		}
		var err error
		out, err = view(tx, actor, approvalID)
		return err
	})
	return out, err
}

// CancelTx is Cancel inside the caller's transaction (a subject's owner withdrawing it).
func (s *Service) CancelTx(tx *gorm.DB, actor people.Actor, approvalID string) error {
	t := typeOf(EntityApproval)
	doc, err := replica.ReadDoc(tx, t, approvalID)
	if err != nil {
		return err
	}
	if doc == nil || !canSee(actor, FromDoc(doc)) {
		return fmt.Errorf("approval %s: %w", approvalID, fault.ErrNotFound)
	}
	if err := t.Rules.Set(replica.TxReader{Tx: tx}, actor, doc, "cancelled", raw(true)); err != nil {
		return err
	}
	if err := replica.SetFields(tx, t, approvalID, map[string]any{"cancelled": raw(true)}); err != nil {
		return err
	}
	now := s.Now().UnixMilli()
	if err := ticket.WriteAudit(tx, []ticket.AuditEntry{{ID: newID(), Entity: EntityApproval, TicketID: approvalID,
		ActorID: actor.ID, At: now, Field: "cancelled", OldValue: "false", NewValue: "true"}}); err != nil {
		return err
	}
	if err := s.Log.Append(tx, actor.ID, changelog.Entry{Entity: EntityApproval, RecordID: approvalID, Op: changelog.OpSet,
		Field: "cancelled", Value: true}); err != nil {
		return err
	}
	return derive(tx, []string{approvalID}, false)
}

// Reindex derives the outcome of the approvals a pulled page reached again (decisions made
// on other desks), and tells their subjects' owners of a change. The sync client runs it in
// the page's transaction, as every kind's declared Reindex.
func Reindex(tx *gorm.DB, ids []string) error { return derive(tx, ids, true) }

// derive computes the state of each approval from its decisions, stores it when it changed
// and runs the subject kind's hooks.
func derive(tx *gorm.DB, ids []string, pulled bool) error {
	sorted := append([]string(nil), ids...)
	sort.Strings(sorted)
	for _, id := range sorted {
		a, err := load(tx, id)
		if err != nil {
			if fault.Code(err) == fault.CodeNotFound {
				continue
			}
			return err
		}
		var ds []Decision
		if err := tx.Where("approval_id = ?", id).Find(&ds).Error; err != nil {
			return fmt.Errorf("decisions of %s: %w", id, err)
		}
		res := Outcome(a.Policy, a.Approvers, a.Cancelled, ds)
		if res.State == a.State && res.DecidedAt == a.DecidedAt {
			continue
		}
		from := a.State
		if from == "" { // a pulled record is inserted without its derived columns
			from = Pending
			if res.State == Pending {
				if err := tell(tx, a); err != nil {
					return err
				}
			}
		}
		if err := tx.Exec(`UPDATE approvals SET state = ?, decided_at = ? WHERE id = ?`, string(res.State), res.DecidedAt, id).Error; err != nil {
			return fmt.Errorf("derive approval %s: %w", id, err)
		}
		a.State, a.DecidedAt = res.State, res.DecidedAt
		if from == res.State {
			continue
		}
		for _, h := range hooks[a.SubjectKind] {
			if err := h(tx, Event{Approval: a, From: from, To: res.State, Pulled: pulled}); err != nil {
				return fmt.Errorf("approval %s outcome hook: %w", id, err)
			}
		}
	}
	return nil
}

func load(tx *gorm.DB, id string) (*Approval, error) {
	var a Approval
	err := tx.Where("id = ?", id).Take(&a).Error
	if err == gorm.ErrRecordNotFound {
		return nil, fmt.Errorf("approval %s: %w", id, fault.ErrNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("approval %s: %w", id, err)
	}
	return &a, nil
}

// canSee: staff see every approval; others those they requested or may decide.
func canSee(act people.Actor, a *Approval) bool {
	return act.IsStaff() || a.RequestedBy == act.ID || a.Approvers.Has(act.ID)
}
