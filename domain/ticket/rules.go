package ticket

import (
	"fmt"
	"slices"
	"strings"

	"outpost/domain/fault"
	"outpost/domain/people"
)

// The rules of one ticket field or move, as pure functions of what they need. The desk's
// service calls them on a local write and the sync server on a pushed op, so both refuse the
// same change with the same error.

// CheckTitle refuses an empty or over-long title.
func CheckTitle(title string) error {
	title = strings.TrimSpace(title)
	v := &fault.Validation{}
	if title == "" {
		v.Add("title", "a title is required")
	}
	checkText(v, "title", title)
	return v.Err()
}

// CheckSource refuses a source outside Sources.
func CheckSource(source string) error {
	if !contains(Sources, source) {
		return fault.Field("source", "source must be one of %s", strings.Join(Sources, ", "))
	}
	return nil
}

// CheckPriority refuses a priority outside P1–P5, or one that differs from what the matrix
// gives for impact and urgency without a reason.
func CheckPriority(m Matrix, impact, urgency, priority int, reason string) error {
	if priority < 1 || priority > 5 {
		return fault.Field("priority", "priority must be between 1 and 5")
	}
	if priority != m.Priority(impact, urgency) && strings.TrimSpace(reason) == "" {
		return fault.Field("priorityReason", "overriding the computed priority P%d needs a reason", m.Priority(impact, urgency))
	}
	return nil
}

// DerivePriority is the priority a ticket has after its impact, urgency or override reason
// changed: the override stands while it has a reason, else the matrix decides.
func DerivePriority(m Matrix, impact, urgency, priority int, reason string) int {
	if strings.TrimSpace(reason) != "" {
		return priority
	}
	if p := m.Priority(impact, urgency); p != 0 {
		return p
	}
	return priority
}

// CheckAssignee refuses an assignee who is not among the members of the ticket's group
// (either may be empty: no group, or nobody assigned).
func CheckAssignee(groupID, assigneeID string, members []string) error {
	if groupID == "" || assigneeID == "" || slices.Contains(members, assigneeID) {
		return nil
	}
	return fault.Field("assigneeId", "the assignee is not a member of the assignment group")
}

// CheckEdit refuses an edit of field on t by actor: a closed or canceled ticket is no longer
// edited, and a requester only retitles or redescribes their ticket while it is new.
func CheckEdit(actor people.Actor, t *Ticket, field string) error {
	if !t.State.Open() && t.State != Resolved {
		return fmt.Errorf("%s is %s and can no longer be edited: %w", t.Number, t.State, fault.ErrInvalidTransition)
	}
	if !actor.IsStaff() && (t.State != New || (field != "title" && field != "description")) {
		return fmt.Errorf("edit %s of %s: %w", field, t.Number, fault.ErrForbidden)
	}
	return nil
}

// CheckComment refuses a comment of kind on t by actor: a requester only replies, nothing is
// added to a closed or canceled ticket, a worklog logs 1–1440 minutes and anything else says
// something, within its limit (limits.go). body is as it will be stored (trimmed).
func CheckComment(actor people.Actor, t *Ticket, kind, body string, minutes int) error {
	if kind != KindReply && !actor.IsStaff() {
		return fmt.Errorf("add a %s: %w", kind, fault.ErrForbidden)
	}
	if t.State == Closed || t.State == Canceled {
		return fmt.Errorf("%s is %s: %w", t.Number, t.State, fault.ErrInvalidTransition)
	}
	return checkCommentText(kind, body, minutes)
}

// checkCommentText is CheckComment's part on what a comment says.
func checkCommentText(kind, body string, minutes int) error {
	v := &fault.Validation{}
	switch kind {
	case KindReply, KindNote:
	case KindWorklog:
		if minutes <= 0 || minutes > 24*60 {
			v.Add("minutes", "log between 1 and 1440 minutes")
		}
	default:
		v.Add("kind", "kind must be reply, note or worklog")
	}
	if body == "" && kind != KindWorklog {
		v.Add("body", "write something first")
	}
	checkText(v, "body", body)
	return v.Err()
}

// ResumedByReply reports whether a comment of kind by actor takes t back to work: the
// requester answered while it was on hold awaiting them. The move is an internal step of
// the reply, made as ReplyStep gives it.
func ResumedByReply(actor people.Actor, t *Ticket, kind string) bool {
	return kind == KindReply && !actor.IsStaff() && t.State == OnHold && t.HoldReason == "awaiting_caller"
}

// ReplyStep is the move a resuming reply makes, and the actor it is checked as: a requester
// cannot move a ticket themself, so the step runs with an agent's rights.
func ReplyStep(actor people.Actor) (people.Actor, Move) {
	actor.Role = people.Agent
	return actor, Move{To: InProgress}
}

// CheckNew refuses a new ticket t logged by actor: a known type, a title, a known source, a
// priority the matrix gives (or an override with its reason), the state new with no hold or
// resolution, created by actor; a requester logs for themself, unrouted. References (users,
// groups, the assignee's membership) are checked where they can be read.
func CheckNew(actor people.Actor, t *Ticket, m Matrix) error {
	if err := actor.Require(people.Requester, "log a ticket"); err != nil {
		return err
	}
	v := &fault.Validation{}
	if !t.Type.Valid() {
		v.Add("type", "type must be incident or request")
	}
	addFields(v, CheckTitle(t.Title))
	addFields(v, CheckSource(t.Source))
	addFields(v, CheckPriority(m, t.Impact, t.Urgency, t.Priority, t.PriorityOverrideReason))
	if t.State != New {
		v.Add("state", "a ticket starts as new")
	}
	if t.CreatedBy != actor.ID {
		v.Add("createdBy", "a ticket is created by the signed-in user")
	}
	if t.ResolutionCode != "" || t.HoldReason != "" || t.ResolutionNotes != "" {
		v.Add("state", "a new ticket has no hold reason or resolution")
	}
	if !actor.IsStaff() {
		if t.RequesterID != actor.ID || t.GroupID != nil || t.AssigneeID != nil || t.Major || t.ParentID != nil || t.DuplicateOf != nil {
			return fmt.Errorf("a requester logs tickets for themself, unrouted: %w", fault.ErrForbidden)
		}
	}
	return v.Err()
}

// CheckSelfRef refuses a ticket field (parentId, duplicateOf) that names the ticket itself.
func CheckSelfRef(field, id, ref string) error {
	if id != ref {
		return nil
	}
	if field == "duplicateOf" {
		return fault.Field(field, "a ticket cannot duplicate itself")
	}
	return fault.Field(field, "a ticket cannot be its own parent")
}

// CheckParent refuses making child an incident under parent: both are incidents, the parent
// is a major incident and not itself a child.
func CheckParent(child, parent *Ticket) error {
	switch {
	case child.Type != Incident || parent.Type != Incident:
		return fault.Field("parentId", "only incidents can be children of an incident")
	case !parent.Major:
		return fault.Field("parentId", "%s is not a major incident", parent.Number)
	case parent.ParentID != nil:
		return fault.Field("parentId", "%s is itself a child incident", parent.Number)
	}
	return nil
}

// CheckDuplicate refuses marking a ticket a duplicate of orig when orig is itself one.
func CheckDuplicate(orig *Ticket) error {
	if orig.DuplicateOf != nil {
		return fault.Field("duplicateOf", "%s is itself a duplicate", orig.Number)
	}
	return nil
}

// CheckMajor refuses flagging (or unflagging) t as a major incident: agents only, incidents
// only, while open.
func CheckMajor(actor people.Actor, t *Ticket) error {
	if err := actor.Require(people.Agent, "declare a major incident"); err != nil {
		return err
	}
	if t.Type != Incident {
		return fault.Field("major", "only incidents can be major incidents")
	}
	if !t.State.Open() {
		return fmt.Errorf("%s is %s: %w", t.Number, t.State, fault.ErrInvalidTransition)
	}
	return nil
}

// CheckAttachInternal refuses an internal (staff-only) file from anyone but staff.
func CheckAttachInternal(actor people.Actor, internal bool) error {
	if internal && !actor.IsStaff() {
		return fmt.Errorf("attach an internal file: %w", fault.ErrForbidden)
	}
	return nil
}

// CheckAttach refuses attaching a file to t: an internal one from anyone but staff, any to a
// closed or canceled ticket.
func CheckAttach(actor people.Actor, t *Ticket, internal bool) error {
	if err := CheckAttachInternal(actor, internal); err != nil {
		return err
	}
	if t.State == Closed || t.State == Canceled {
		return fmt.Errorf("%s is %s: %w", t.Number, t.State, fault.ErrInvalidTransition)
	}
	return nil
}

// Link kinds.
const (
	LinkRelated   = "related"
	LinkDuplicate = "duplicate"
)

// CheckLink refuses a link of kind from one ticket to another by actor: agents link, a link
// is related or duplicate, and joins two tickets.
func CheckLink(actor people.Actor, fromID, toID, kind string) error {
	if err := actor.Require(people.Agent, "link tickets"); err != nil {
		return err
	}
	if kind != LinkRelated && kind != LinkDuplicate {
		return fault.Field("kind", "kind must be related or duplicate")
	}
	if fromID == toID {
		return fault.Field("toId", "a ticket cannot be linked to itself")
	}
	return nil
}
