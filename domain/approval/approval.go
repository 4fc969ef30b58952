// Package approval is the one approval mechanism every kind that needs one uses (a service
// request now, a change later): an approval of a subject record, with a rule saying who may
// decide and how many must agree, and its decisions, an append-only trail. The outcome is
// never stored as a synced field: it is derived from the set of decisions by Outcome, a pure
// function the desk and the server both call, so two approvers deciding offline on two desks
// both count and a merge gives the same answer in any order.
package approval

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"outpost/domain/fault"
)

// The kinds' entities.
const (
	EntityApproval = "approval"
	EntityDecision = "approval_decision"
)

// By is who decides.
type By string

const (
	// ByManager: the manager of a person (the requester of the subject), resolved when the
	// approval is requested.
	ByManager By = "manager"
	// ByGroup: the active members of a group, resolved when the approval is requested.
	ByGroup By = "group"
	// ByPeople: named people.
	ByPeople By = "people"
)

// Policy is how many of the approvers must approve.
type Policy string

const (
	All      Policy = "all"
	Any      Policy = "any"
	Majority Policy = "majority"
)

// State is an approval's derived state.
type State string

const (
	Pending   State = "pending"
	Approved  State = "approved"
	Rejected  State = "rejected"
	Cancelled State = "cancelled"
)

// Verdict is one decision's answer.
type Verdict string

const (
	Approve Verdict = "approve"
	Reject  Verdict = "reject"
)

// Limits, in characters.
const (
	MaxComment   = 2000
	MaxSummary   = 300
	MaxApprovers = 50
)

// Rule is who decides an approval and how many must agree.
type Rule struct {
	By     By     `json:"by"`
	Policy Policy `json:"policy"`
	// GroupID is the deciding group (ByGroup).
	GroupID string `json:"groupId,omitempty"`
	// ForID is the person whose manager decides (ByManager).
	ForID string `json:"forId,omitempty"`
}

// Approval is an approval of a subject record, as the desk holds it.
type Approval struct {
	ID          string `gorm:"column:id;primaryKey" json:"id"`
	SubjectKind string `gorm:"column:subject_kind" json:"subjectKind"`
	SubjectID   string `gorm:"column:subject_id" json:"subjectId"`
	// Summary is the subject as the approver sees it ("REQ0001042 · New laptop"), kept with
	// the approval: an approver may not see the subject itself.
	Summary string `gorm:"column:summary" json:"summary"`
	By      By     `gorm:"column:rule_by" json:"by"`
	Policy  Policy `gorm:"column:policy" json:"policy"`
	GroupID string `gorm:"column:group_id" json:"groupId"`
	ForID   string `gorm:"column:for_id" json:"forId"`
	// ManagerID is the deciding manager (ByManager): an owner of the record, so a manager
	// who is a requester pulls it.
	ManagerID string `gorm:"column:manager_id" json:"managerId"`
	// Approvers are the people who may decide, fixed when it is requested (JSON list).
	Approvers   Approvers `gorm:"column:approvers;serializer:json" json:"approvers"`
	RequestedBy string    `gorm:"column:requested_by" json:"requestedBy"`
	Cancelled   bool      `gorm:"column:cancelled" json:"cancelled"`
	CreatedAt   int64     `gorm:"column:created_at" json:"createdAt"`
	// State and DecidedAt are derived on each desk from the decisions (Outcome).
	State     State `gorm:"column:state" json:"state"`
	DecidedAt int64 `gorm:"column:decided_at" json:"decidedAt"`
}

// TableName is the approvals table.
func (Approval) TableName() string { return "approvals" }

// Approvers is a list of user ids.
type Approvers []string

// Has reports whether id is among the approvers.
func (a Approvers) Has(id string) bool {
	for _, x := range a {
		if x == id {
			return true
		}
	}
	return false
}

// Decision is one approver's answer (append-only).
type Decision struct {
	ID         string  `gorm:"column:id;primaryKey" json:"id"`
	ApprovalID string  `gorm:"column:approval_id" json:"approvalId"`
	ApproverID string  `gorm:"column:approver_id" json:"approverId"`
	Verdict    Verdict `gorm:"column:verdict" json:"verdict"`
	Comment    string  `gorm:"column:comment" json:"comment"`
	CreatedAt  int64   `gorm:"column:created_at" json:"createdAt"`
}

// TableName is the decisions table.
func (Decision) TableName() string { return "approval_decisions" }

// Result is what a set of decisions comes to.
type Result struct {
	State State
	// DecidedAt is the time of the decision that settled it (0 while pending).
	DecidedAt int64
	// Counted are the ids of the decisions that count, in order; the others came from
	// someone not an approver, repeated an approver's earlier answer, or came after the
	// approval was settled.
	Counted []string
	// Approvals and Rejections count the counted decisions; Needed is how many approvals
	// settle it.
	Approvals, Rejections, Needed int
}

// Needed is how many approvals of n approvers settle an approval under p.
func Needed(p Policy, n int) int {
	switch p {
	case Any:
		return min(1, n)
	case Majority:
		return n/2 + 1
	}
	return n
}

// Outcome derives an approval's state from its decisions, whatever order they arrived in:
// they are taken by (time, id); a decision counts if its author is an approver, has not
// decided before, and the approval is still pending; a rejection ends the approval, enough
// approvals (Needed) approve it. A cancelled approval that nothing settled is cancelled.
func Outcome(policy Policy, approvers Approvers, cancelled bool, decisions []Decision) Result {
	ds := make([]Decision, len(decisions))
	copy(ds, decisions)
	sort.Slice(ds, func(i, j int) bool {
		if ds[i].CreatedAt != ds[j].CreatedAt {
			return ds[i].CreatedAt < ds[j].CreatedAt
		}
		return ds[i].ID < ds[j].ID
	})
	r := Result{State: Pending, Needed: Needed(policy, len(approvers))}
	seen := map[string]bool{}
	for _, d := range ds {
		if r.State != Pending || !approvers.Has(d.ApproverID) || seen[d.ApproverID] {
			continue
		}
		seen[d.ApproverID] = true
		r.Counted = append(r.Counted, d.ID)
		switch d.Verdict {
		case Reject:
			r.Rejections++
			r.State, r.DecidedAt = Rejected, d.CreatedAt
		case Approve:
			r.Approvals++
			if r.Needed > 0 && r.Approvals >= r.Needed {
				r.State, r.DecidedAt = Approved, d.CreatedAt
			}
		}
	}
	if r.State == Pending && cancelled {
		r.State = Cancelled
	}
	return r
}

// Counts reports whether the decision id counts in r.
func (r Result) Counts(id string) bool {
	for _, c := range r.Counted {
		if c == id {
			return true
		}
	}
	return false
}

// CheckRule judges a rule's shape and its resolved approvers.
func CheckRule(rule Rule, approvers Approvers) error {
	v := &fault.Validation{}
	switch rule.By {
	case ByManager:
		if rule.ForID == "" {
			v.Add("forId", "say whose manager decides")
		}
		if rule.Policy != Any {
			v.Add("policy", "a manager decides alone")
		}
	case ByGroup:
		if rule.GroupID == "" {
			v.Add("groupId", "choose the group that decides")
		}
	case ByPeople:
	default:
		v.Add("by", "approvers are a manager, a group or named people")
	}
	switch rule.Policy {
	case All, Any, Majority:
	default:
		v.Add("policy", "the rule is all, any or majority")
	}
	if len(approvers) == 0 {
		v.Add("approvers", "nobody could decide this approval")
	}
	if len(approvers) > MaxApprovers {
		v.Add("approvers", "at most %d approvers", MaxApprovers)
	}
	seen := map[string]bool{}
	for _, a := range approvers {
		if a == "" || seen[a] {
			v.Add("approvers", "each approver once")
			break
		}
		seen[a] = true
	}
	return v.Err()
}

// CheckDecision judges one approver's answer: a rejection says why.
func CheckDecision(verdict Verdict, comment string) error {
	switch verdict {
	case Approve, Reject:
	default:
		return fault.Field("verdict", "approve or reject")
	}
	if verdict == Reject && strings.TrimSpace(comment) == "" {
		return fault.Field("comment", "say why you reject it")
	}
	if utf8.RuneCountInString(comment) > MaxComment {
		return fault.Field("comment", "at most %d characters", MaxComment)
	}
	return nil
}

// CheckDecide judges whether approver may add decision d to an approval with the decisions
// it has: only an approver, once, while it is not cancelled, and only a decision that counts
// (one made after the approval was settled is refused).
func CheckDecide(a *Approval, decisions []Decision, d Decision) error {
	if !a.Approvers.Has(d.ApproverID) {
		return fmt.Errorf("decide approval %s: not an approver: %w", a.ID, fault.ErrForbidden)
	}
	for _, x := range decisions {
		if x.ApproverID == d.ApproverID && x.ID != d.ID {
			return fmt.Errorf("decide approval %s: you decided already: %w", a.ID, fault.ErrConflict)
		}
	}
	if err := CheckDecision(d.Verdict, d.Comment); err != nil {
		return err
	}
	if a.Cancelled {
		return fmt.Errorf("decide approval %s: it was cancelled: %w", a.ID, fault.ErrInvalidTransition)
	}
	r := Outcome(a.Policy, a.Approvers, false, append(decisions[:len(decisions):len(decisions)], d))
	if !r.Counts(d.ID) {
		return fmt.Errorf("decide approval %s: it is %s already: %w", a.ID, r.State, fault.ErrInvalidTransition)
	}
	return nil
}

// CheckCancel judges cancelling an approval: its requester or staff, while it is pending.
func CheckCancel(a *Approval, decisions []Decision, actorID string, staff bool) error {
	if actorID != a.RequestedBy && !staff {
		return fmt.Errorf("cancel approval %s: %w", a.ID, fault.ErrForbidden)
	}
	if a.Cancelled {
		return fmt.Errorf("cancel approval %s: cancelled already: %w", a.ID, fault.ErrInvalidTransition)
	}
	if r := Outcome(a.Policy, a.Approvers, false, decisions); r.State != Pending {
		return fmt.Errorf("cancel approval %s: it is %s: %w", a.ID, r.State, fault.ErrInvalidTransition)
	}
	return nil
}
