package approval

import (
	"encoding/json"

	"gorm.io/gorm"

	"outpost/domain/kind"
	"outpost/domain/people"
)

// The declarations of approvals and their decisions: what syncs and how.
//
// Everything that says who decides is Fixed: an approval's rule and approvers are set once,
// when it is requested. The only change an approval takes is its cancelling; its state is a
// Local column each desk derives from the decisions (Reindex runs after a pulled page, the
// service after its own writes), and the server derives it the same way when it judges.
func init() {
	kind.Register(&kind.Type{
		Entity: EntityApproval, Table: "approvals",
		// The requester and a deciding manager pull it even when they are requesters.
		Owners:  []string{"requestedBy", "managerId"},
		Rules:   ApprovalRules,
		Reindex: Reindex,
		Fields: []kind.Field{
			{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
			{Name: "subjectKind", Column: "subject_kind", Kind: kind.Fixed, Type: kind.Text, Max: 40},
			{Name: "subjectId", Column: "subject_id", Kind: kind.Fixed, Type: kind.Text, Max: 64},
			{Name: "summary", Column: "summary", Kind: kind.Fixed, Type: kind.Text, Max: MaxSummary * 4},
			{Name: "by", Column: "rule_by", Kind: kind.Fixed, Type: kind.Text, Max: 20},
			{Name: "policy", Column: "policy", Kind: kind.Fixed, Type: kind.Text, Max: 20},
			{Name: "groupId", Column: "group_id", Kind: kind.Fixed, Type: kind.Text, Max: 64},
			{Name: "forId", Column: "for_id", Kind: kind.Fixed, Type: kind.Text, Max: 64},
			{Name: "managerId", Column: "manager_id", Kind: kind.Fixed, Type: kind.Text, Max: 64},
			// A JSON list of user ids, as text.
			{Name: "approvers", Column: "approvers", Kind: kind.Fixed, Type: kind.Text, Max: MaxApprovers * 40},
			{Name: "requestedBy", Column: "requested_by", Kind: kind.Fixed, Type: kind.Text, Ref: "user"},
			{Name: "cancelled", Column: "cancelled", Kind: kind.LWW, Type: kind.Bool},
			{Name: "createdAt", Column: "created_at", Kind: kind.Fixed, Type: kind.Int},
			{Name: "state", Column: "state", Kind: kind.Local, Type: kind.Text},
			{Name: "decidedAt", Column: "decided_at", Kind: kind.Local, Type: kind.Int},
		},
	})
	kind.Register(&kind.Type{
		Entity: EntityDecision, Table: "approval_decisions", Append: true, Parent: "approvalId", Author: "approverId",
		Rules: DecisionRules,
		Fields: []kind.Field{
			{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
			{Name: "approvalId", Column: "approval_id", Kind: kind.Fixed, Type: kind.Text, Ref: EntityApproval},
			{Name: "approverId", Column: "approver_id", Kind: kind.Fixed, Type: kind.Text, Ref: "user"},
			{Name: "verdict", Column: "verdict", Kind: kind.Fixed, Type: kind.Text, Max: 20},
			{Name: "comment", Column: "comment", Kind: kind.Fixed, Type: kind.Text, Max: MaxComment * 4},
			{Name: "createdAt", Column: "created_at", Kind: kind.Fixed, Type: kind.Int},
		},
	})
}

func raw(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

func str(doc kind.Doc, name string) string {
	s, _ := kind.JSONString(doc[name])
	return s
}

// docOf is a as its record's synced fields.
func docOf(a *Approval) kind.Doc {
	list, _ := json.Marshal([]string(a.Approvers))
	return kind.Doc{"id": raw(a.ID), "subjectKind": raw(a.SubjectKind), "subjectId": raw(a.SubjectID),
		"summary": raw(a.Summary), "by": raw(a.By), "policy": raw(a.Policy), "groupId": raw(a.GroupID),
		"forId": raw(a.ForID), "managerId": raw(a.ManagerID), "approvers": raw(string(list)),
		"requestedBy": raw(a.RequestedBy), "cancelled": raw(a.Cancelled), "createdAt": raw(a.CreatedAt)}
}

// FromDoc reads an approval from its record.
func FromDoc(doc kind.Doc) *Approval {
	a := &Approval{ID: str(doc, "id"), SubjectKind: str(doc, "subjectKind"), SubjectID: str(doc, "subjectId"),
		Summary: str(doc, "summary"), By: By(str(doc, "by")), Policy: Policy(str(doc, "policy")),
		GroupID: str(doc, "groupId"), ForID: str(doc, "forId"), ManagerID: str(doc, "managerId"),
		RequestedBy: str(doc, "requestedBy"), State: Pending}
	a.Cancelled = string(doc["cancelled"]) == "true"
	a.CreatedAt, _ = kind.JSONInt(doc["createdAt"])
	_ = json.Unmarshal([]byte(str(doc, "approvers")), &a.Approvers)
	return a
}

func decisionDoc(d *Decision) kind.Doc {
	return kind.Doc{"id": raw(d.ID), "approvalId": raw(d.ApprovalID), "approverId": raw(d.ApproverID),
		"verdict": raw(d.Verdict), "comment": raw(d.Comment), "createdAt": raw(d.CreatedAt)}
}

func decisionOf(doc kind.Doc) Decision {
	d := Decision{ID: str(doc, "id"), ApprovalID: str(doc, "approvalId"), ApproverID: str(doc, "approverId"),
		Verdict: Verdict(str(doc, "verdict")), Comment: str(doc, "comment")}
	d.CreatedAt, _ = kind.JSONInt(doc["createdAt"])
	return d
}

// Subject is a kind whose records may be approved (registered by the kind's owner).
type Subject struct {
	// CanRequest judges whether act may ask for an approval of the subject record doc (nil
	// when it does not exist): the same on the desk and the server.
	CanRequest func(r kind.Reader, act people.Actor, id string) error
	// Summary is the subject as an approver sees it in the inbox (the desk asks it when the
	// approval is requested; it is kept with the approval).
	Summary func(tx *gorm.DB, id string) (string, error)
}

var subjects = map[string]Subject{}

// RegisterSubject declares a kind whose records may be approved. Call it from an init of the
// kind's package, which the desk and the server both link.
func RegisterSubject(entity string, s Subject) {
	if _, dup := subjects[entity]; dup {
		panic("approval: subject " + entity + " registered twice")
	}
	subjects[entity] = s
}
