package approval

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"outpost/domain/fault"
	"outpost/domain/people"
)

// Person is an approver or decider as the screens show them.
type Person struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Verdict is the person's counted answer ("" while they have not decided).
	Verdict Verdict `json:"verdict"`
}

// TrailEntry is one decision as the trail shows it.
type TrailEntry struct {
	Decision
	ApproverName string `json:"approverName"`
	// Counts is false for a decision that came after the approval was settled (made
	// offline) or repeated an approver's answer: kept in the trail, not counted.
	Counts bool `json:"counts"`
}

// View is an approval with its trail, as the actor sees it.
type View struct {
	Approval
	GroupName       string       `json:"groupName"`
	RequestedByName string       `json:"requestedByName"`
	People          []Person     `json:"people"`
	Trail           []TrailEntry `json:"trail"`
	Approvals       int          `json:"approvals"`
	Rejections      int          `json:"rejections"`
	Needed          int          `json:"needed"`
	// CanDecide reports whether the actor may decide it now.
	CanDecide bool `json:"canDecide"`
	// CanCancel reports whether the actor may cancel it now.
	CanCancel bool `json:"canCancel"`
}

func names(tx *gorm.DB, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []struct{ ID, Name string }
	if err := tx.Raw(`SELECT id, name FROM users WHERE id IN ?`, ids).Scan(&rows).Error; err != nil {
		return nil, err
	}
	for _, r := range rows {
		out[r.ID] = r.Name
	}
	return out, nil
}

func view(tx *gorm.DB, act people.Actor, id string) (*View, error) {
	a, err := load(tx, id)
	if err != nil {
		return nil, err
	}
	if !canSee(act, a) {
		return nil, fmt.Errorf("approval %s: %w", id, fault.ErrNotFound)
	}
	var ds []Decision
	if err := tx.Where("approval_id = ?", id).Order("created_at, id").Find(&ds).Error; err != nil {
		return nil, err
	}
	res := Outcome(a.Policy, a.Approvers, a.Cancelled, ds)
	ids := append([]string{a.RequestedBy}, a.Approvers...)
	for _, d := range ds {
		ids = append(ids, d.ApproverID)
	}
	nm, err := names(tx, ids)
	if err != nil {
		return nil, err
	}
	v := &View{Approval: *a, RequestedByName: nm[a.RequestedBy], Approvals: res.Approvals, Rejections: res.Rejections, Needed: res.Needed}
	if a.GroupID != "" {
		if err := tx.Raw(`SELECT name FROM assignment_groups WHERE id = ?`, a.GroupID).Scan(&v.GroupName).Error; err != nil {
			return nil, err
		}
	}
	verdicts := map[string]Verdict{}
	decided := false
	for _, d := range ds {
		c := res.Counts(d.ID)
		if c {
			verdicts[d.ApproverID] = d.Verdict
		}
		decided = decided || d.ApproverID == act.ID
		v.Trail = append(v.Trail, TrailEntry{Decision: d, ApproverName: nm[d.ApproverID], Counts: c})
	}
	for _, p := range a.Approvers {
		v.People = append(v.People, Person{ID: p, Name: nm[p], Verdict: verdicts[p]})
	}
	v.CanDecide = res.State == Pending && a.Approvers.Has(act.ID) && !decided
	v.CanCancel = res.State == Pending && (act.IsStaff() || a.RequestedBy == act.ID)
	return v, nil
}

// Get reads one approval with its trail.
func (s *Service) Get(ctx context.Context, act people.Actor, id string) (*View, error) {
	var out *View
	err := s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var err error
		out, err = view(tx, act, id)
		return err
	})
	return out, err
}

// ForSubject lists the approvals of a subject record the actor may see, newest first.
func (s *Service) ForSubject(ctx context.Context, act people.Actor, subjectKind, subjectID string) ([]View, error) {
	out := []View{}
	err := s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var ids []string
		if err := tx.Raw(`SELECT id FROM approvals WHERE subject_kind = ? AND subject_id = ? ORDER BY created_at DESC, id DESC`,
			subjectKind, subjectID).Scan(&ids).Error; err != nil {
			return err
		}
		for _, id := range ids {
			v, err := view(tx, act, id)
			if fault.Code(err) == fault.CodeNotFound {
				continue
			}
			if err != nil {
				return err
			}
			out = append(out, *v)
		}
		return nil
	})
	return out, err
}

// pendingFor selects the pending approvals act is an approver of and has not answered.
const pendingFor = `FROM approvals a WHERE a.state = 'pending'
	AND EXISTS (SELECT 1 FROM json_each(a.approvers) j WHERE j.value = ?)
	AND NOT EXISTS (SELECT 1 FROM approval_decisions d WHERE d.approval_id = a.id AND d.approver_id = ?)`

// Inbox lists what the actor may decide now, oldest first.
func (s *Service) Inbox(ctx context.Context, act people.Actor) ([]View, error) {
	out := []View{}
	err := s.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var ids []string
		if err := tx.Raw(`SELECT a.id `+pendingFor+` ORDER BY a.created_at, a.id LIMIT 200`, act.ID, act.ID).Scan(&ids).Error; err != nil {
			return err
		}
		for _, id := range ids {
			v, err := view(tx, act, id)
			if err != nil {
				return err
			}
			out = append(out, *v)
		}
		return nil
	})
	return out, err
}

// Count is how many approvals the actor may decide now (the sidebar's badge).
func (s *Service) Count(ctx context.Context, act people.Actor) (int, error) {
	var n int
	err := s.DB.WithContext(ctx).Raw(`SELECT COUNT(*) `+pendingFor, act.ID, act.ID).Scan(&n).Error
	return n, err
}
