package ticket

import (
	"encoding/json"
	"fmt"
	"strings"

	"outpost/domain/changelog"
	"outpost/domain/fault"
	"outpost/domain/kind"
	"outpost/domain/people"
)

// The rules of the ticket kinds (tickets, comments, attachments, links) as record-kind rules:
// pure functions of (what they may read, actor, record before, change). The sync server
// re-checks every pushed op with them; they are built from the same Check* functions the
// desk's service calls on a local write (rules.go), so both refuse one change with one code.
var (
	Rules           = kind.Rules{Create: createRule, Set: setRule, Move: moveRule}
	CommentRules    = kind.Rules{Create: commentRule}
	AttachmentRules = kind.Rules{Create: attachmentRule}
	LinkRules       = kind.Rules{Create: linkRule}
)

func str(doc kind.Doc, name string) string {
	s, _ := kind.JSONString(doc[name])
	return s
}

func createRule(r kind.Reader, act people.Actor, doc kind.Doc) error {
	t, err := FromDoc(doc)
	if err != nil {
		return err
	}
	if err := CheckNew(act, t, r.Settings().Matrix); err != nil {
		return err
	}
	return checkRouting(r, deref(t.GroupID), deref(t.AssigneeID))
}

// checkRouting: an assignee must be a member of the ticket's group (when it has one).
func checkRouting(r kind.Reader, group, assignee string) error {
	if group == "" || assignee == "" {
		return nil
	}
	members, err := r.Members(group)
	if err != nil {
		return err
	}
	return CheckAssignee(group, assignee, members)
}

// setRule judges a set op by the desk's rules for the field, against the ticket as the op
// finds it.
func setRule(r kind.Reader, act people.Actor, before kind.Doc, field string, value json.RawMessage) error {
	// Read only what the checks need: a full decode per edit costs more than the edit.
	t := &Ticket{ID: str(before, "id"), State: State(str(before, "state")), Number: str(before, "number"), Type: Type(str(before, "type"))}
	if err := CheckEdit(act, t, field); err != nil {
		return err
	}
	v := kind.Doc{"v": value}
	num := func(name string) int {
		n, _ := kind.JSONInt(before[name])
		return int(n)
	}
	switch field {
	case "title":
		return CheckTitle(str(v, "v"))
	case "source":
		return CheckSource(str(v, "v"))
	case "priority":
		prio, _ := kind.JSONInt(value)
		return CheckPriority(r.Settings().Matrix, num("impact"), num("urgency"), int(prio), str(before, "priorityOverrideReason"))
	case "major":
		return CheckMajor(act, t)
	case "parentId", "duplicateOf":
		ref := str(v, "v")
		if ref == "" {
			return nil
		}
		if err := CheckSelfRef(field, t.ID, ref); err != nil {
			return err
		}
		doc, err := r.Get(EntityTicket, ref)
		if err != nil || doc == nil {
			return err // a missing ticket is the reference check's (by declaration)
		}
		other, err := FromDoc(doc)
		if err != nil {
			return err
		}
		if field == "duplicateOf" {
			return CheckDuplicate(other)
		}
		child, err := FromDoc(before)
		if err != nil {
			return err
		}
		return CheckParent(child, other)
	case "assigneeId":
		return checkRouting(r, str(before, "groupId"), str(v, "v"))
	case "groupId":
		return checkRouting(r, str(v, "v"), str(before, "assigneeId"))
	}
	return nil
}

func moveRule(r kind.Reader, act people.Actor, before kind.Doc, m kind.Move) error {
	t, err := FromDoc(before)
	if err != nil {
		return err
	}
	if !act.IsStaff() {
		implied, err := repliedToHold(r, act, t, m)
		if err != nil {
			return err
		}
		if implied {
			// The caller answered: as on the desk (AddComment), the move back to work is an
			// internal step of the reply.
			act, _ = ReplyStep(act)
		}
	}
	return CheckMove(t, act, Move{To: State(m.To), HoldReason: str(m.Value, "holdReason"),
		ResolutionCode: str(m.Value, "resolutionCode"), ResolutionNotes: str(m.Value, "resolutionNotes"), Reason: str(m.Value, "reason")})
}

// repliedToHold reports whether a requester's move is the one their reply implies: the
// ticket is theirs and their reply resumes it (ResumedByReply), the move is the reply's step
// from the state it found, and the change just before it from the same device was their
// reply on this ticket, written after the ticket last moved (an older reply does not answer
// it).
func repliedToHold(r kind.Reader, act people.Actor, t *Ticket, m kind.Move) (bool, error) {
	_, step := ReplyStep(act)
	if t.RequesterID != act.ID || !ResumedByReply(act, t, KindReply) || m.From != string(t.State) || m.To != string(step.To) {
		return false, nil
	}
	prior, err := r.Prior()
	if err != nil || prior == nil || prior.Entity != EntityComment || !prior.Newer {
		return false, err
	}
	c := prior.Doc
	return str(c, "ticketId") == t.ID && str(c, "kind") == KindReply && str(c, "authorId") == act.ID, nil
}

// visibleTicket reads the ticket id names, as the actor may see it (else it is not found).
// VisibleTicket reads the ticket id through r as act may see it (else it is not found): the
// rules of kinds that hang off a ticket in other packages (ratings) read it so.
func VisibleTicket(r kind.Reader, act people.Actor, id string) (*Ticket, error) {
	return visibleTicket(r, act, id)
}

func visibleTicket(r kind.Reader, act people.Actor, id string) (*Ticket, error) {
	doc, err := r.Get(EntityTicket, id)
	if err != nil {
		return nil, err
	}
	if doc == nil {
		return nil, fmt.Errorf("ticket %s: %w", id, fault.ErrNotFound)
	}
	t, err := FromDoc(doc)
	if err != nil {
		return nil, err
	}
	if !canSee(act, t) {
		return nil, fmt.Errorf("ticket %s: %w", id, fault.ErrNotFound)
	}
	return t, nil
}

func commentRule(r kind.Reader, act people.Actor, doc kind.Doc) error {
	t, err := visibleTicket(r, act, str(doc, "ticketId"))
	if err != nil {
		return err
	}
	minutes, _ := kind.JSONInt(doc["minutes"])
	return CheckComment(act, t, str(doc, "kind"), strings.TrimSpace(str(doc, "body")), int(minutes))
}

func attachmentRule(r kind.Reader, act people.Actor, doc kind.Doc) error {
	internal := string(doc["internal"]) == "true"
	if err := CheckAttachInternal(act, internal); err != nil {
		return err
	}
	t, err := visibleTicket(r, act, str(doc, "ticketId"))
	if err != nil {
		return err
	}
	return CheckAttach(act, t, internal)
}

func linkRule(r kind.Reader, act people.Actor, doc kind.Doc) error {
	from, to, lk := str(doc, "fromId"), str(doc, "toId"), str(doc, "kind")
	if err := CheckLink(act, from, to, lk); err != nil {
		return err
	}
	if _, err := visibleTicket(r, act, from); err != nil {
		return err
	}
	// Links are a union keyed by (from, to, kind): the same link made twice is refused once.
	links, err := r.Children(EntityLink, from)
	if err != nil {
		return err
	}
	for _, l := range links {
		if str(l, "toId") == to && str(l, "kind") == lk {
			return fmt.Errorf("already linked: %w", fault.ErrConflict)
		}
	}
	return nil
}

// AutoWork reports whether an op marked automatic is one of the kinds of work a desk does by
// itself on tickets: closing a resolved ticket, resolving a catalog request by its tasks' roll-up, and SLA escalations (reassign, raise the
// priority). The signed-in user's role is checked for it as for any op.
func AutoWork(op, field string, value json.RawMessage) bool {
	switch op {
	case changelog.OpTransition:
		var m struct {
			From, To       State
			ResolutionCode string
		}
		if json.Unmarshal(value, &m) != nil {
			return false
		}
		// A catalog request resolves by itself when its tasks are done or its approval is
		// refused (domain/catalog's roll-up): fulfilled, incomplete or rejected.
		rolled := m.To == Resolved && (m.ResolutionCode == "fulfilled" || m.ResolutionCode == "incomplete" || m.ResolutionCode == "rejected")
		return (m.From == Resolved && m.To == Closed) || rolled
	case changelog.OpSet:
		return field == "groupId" || field == "assigneeId" || field == "priority" || field == "priorityOverrideReason"
	}
	return false
}

// AutoComment reports whether an automatic comment is one a desk adds by itself: an
// escalation's work note.
func AutoComment(op, _ string, value json.RawMessage) bool {
	var c struct {
		Kind string `json:"kind"`
	}
	return op == changelog.OpAppend && json.Unmarshal(value, &c) == nil && c.Kind == KindNote
}

// Prefix is the number prefix of a ticket type ("" for an unknown one).
func Prefix(typ string) string {
	t := Type(typ)
	if !t.Valid() {
		return ""
	}
	return t.Prefix()
}

// Visible reads the ticket id names as act may see it (else it is not found): for the rules
// of kinds that hang off a ticket without being its children (an approval of it).
func Visible(r kind.Reader, act people.Actor, id string) (*Ticket, error) {
	return visibleTicket(r, act, id)
}
