package approval

import (
	"encoding/json"
	"fmt"
	"unicode/utf8"

	"outpost/domain/fault"
	"outpost/domain/kind"
	"outpost/domain/people"
)

// The kinds' rules: the server re-checks every pushed op with them and the desk's service
// calls them (with a desk reader) before it writes, so both refuse one change with one code.
var (
	ApprovalRules = kind.Rules{Create: createRule, Set: setRule,
		Archive: func(kind.Reader, people.Actor, kind.Doc) error {
			return fmt.Errorf("approvals are cancelled, not archived: %w", fault.ErrForbidden)
		}}
	DecisionRules = kind.Rules{Create: decideRule}
)

func createRule(r kind.Reader, act people.Actor, doc kind.Doc) error {
	a := FromDoc(doc)
	if a.RequestedBy != act.ID {
		return fault.Field("requestedBy", "an approval is requested by the signed-in person")
	}
	if a.Cancelled {
		return fault.Field("cancelled", "a new approval is pending")
	}
	if a.Summary == "" || utf8.RuneCountInString(a.Summary) > MaxSummary {
		return fault.Field("summary", "say what is to be approved, in at most %d characters", MaxSummary)
	}
	subj, ok := subjects[a.SubjectKind]
	if !ok {
		return fault.Field("subjectKind", "a %s cannot be approved", a.SubjectKind)
	}
	if err := subj.CanRequest(r, act, a.SubjectID); err != nil {
		return err
	}
	rule := Rule{By: a.By, Policy: a.Policy, GroupID: a.GroupID, ForID: a.ForID}
	if err := CheckRule(rule, a.Approvers); err != nil {
		return err
	}
	return checkApprovers(r, rule, a.ManagerID, a.Approvers)
}

// checkApprovers: the approvers are what the rule resolves to: the person's manager, members
// of the group, or active people.
func checkApprovers(r kind.Reader, rule Rule, managerID string, approvers Approvers) error {
	if rule.By != ByManager && managerID != "" {
		return fault.Field("managerId", "only a manager's approval names a manager")
	}
	switch rule.By {
	case ByManager:
		m, err := ManagerOf(r, rule.ForID)
		if err != nil {
			return err
		}
		if len(approvers) != 1 || approvers[0] != m || managerID != m {
			return fault.Field("approvers", "the person's manager decides")
		}
		return activePerson(r, m)
	case ByGroup:
		members, err := r.Members(rule.GroupID)
		if err != nil {
			return err
		}
		in := Approvers(members)
		for _, a := range approvers {
			if !in.Has(a) {
				return fault.Field("approvers", "the approvers are members of the group")
			}
		}
	}
	for _, a := range approvers {
		if err := activePerson(r, a); err != nil {
			return err
		}
	}
	return nil
}

func activePerson(r kind.Reader, id string) error {
	doc, err := r.Get(people.EntityPerson, id)
	if err != nil {
		return err
	}
	if doc == nil || string(doc["active"]) != "true" {
		return fault.Field("approvers", "no such active person")
	}
	return nil
}

// ManagerOf returns the manager of the person id, as the directory records it.
func ManagerOf(r kind.Reader, id string) (string, error) {
	doc, err := r.Get(people.EntityPerson, id)
	if err != nil {
		return "", err
	}
	if doc == nil {
		return "", fault.Field("forId", "no such person")
	}
	m := str(doc, "managerId")
	if m == "" {
		return "", fault.Field("forId", "%s has no manager", str(doc, "name"))
	}
	return m, nil
}

func decisionsOf(r kind.Reader, approvalID string) ([]Decision, error) {
	docs, err := r.Children(EntityDecision, approvalID)
	if err != nil {
		return nil, err
	}
	out := make([]Decision, 0, len(docs))
	for _, d := range docs {
		out = append(out, decisionOf(d))
	}
	return out, nil
}

func setRule(r kind.Reader, act people.Actor, before kind.Doc, field string, value json.RawMessage) error {
	a := FromDoc(before)
	if field != "cancelled" {
		return fault.Field(field, "an approval's %s is fixed when it is requested", field)
	}
	if string(value) != "true" {
		return fault.Field("cancelled", "a cancelled approval stays cancelled")
	}
	ds, err := decisionsOf(r, a.ID)
	if err != nil {
		return err
	}
	return CheckCancel(a, ds, act.ID, act.IsStaff())
}

func decideRule(r kind.Reader, act people.Actor, doc kind.Doc) error {
	d := decisionOf(doc)
	if d.ApproverID != act.ID {
		return fault.Field("approverId", "a decision is made by the signed-in person")
	}
	adoc, err := r.Get(EntityApproval, d.ApprovalID)
	if err != nil {
		return err
	}
	if adoc == nil {
		return fmt.Errorf("approval %s: %w", d.ApprovalID, fault.ErrNotFound)
	}
	a := FromDoc(adoc)
	ds, err := decisionsOf(r, a.ID)
	if err != nil {
		return err
	}
	return CheckDecide(a, ds, d)
}
