package server

import (
	"encoding/json"
	"fmt"
	"strings"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/replica"
	"outpost/domain/ticket"
	"outpost/sync/merge"
	"outpost/sync/protocol"
	"outpost/sync/server/store"
)

// rule holds the checks of one record type beyond what its declaration says: who may create
// it, set which field, make which move. A pushed op bypasses the desktop's service, so it is
// judged again here by the rules that service calls (domain/ticket's Check* functions), fed
// with what they need read from the server's records.
type rule struct {
	create     func(p *pusher, rec *store.Record) error
	set        func(p *pusher, rec *store.Record, f *replica.Field, value json.RawMessage) error
	transition func(p *pusher, rec *store.Record, m merge.Move) error
	archive    func(p *pusher, rec *store.Record) error
}

var rules = map[string]rule{
	ticket.EntityTicket:     {create: createTicket, set: setTicket, transition: moveTicket},
	ticket.EntityComment:    {create: createComment},
	ticket.EntityAttachment: {create: createAttachment},
	ticket.EntityLink:       {create: createLink},
}

func str(doc map[string]json.RawMessage, name string) string {
	s, _ := replica.JSONString(doc[name])
	return s
}

func numberPrefix(kind string) string {
	t := ticket.Type(kind)
	if !t.Valid() {
		return ""
	}
	return t.Prefix()
}

func createTicket(p *pusher, rec *store.Record) error {
	t, err := decodeTicket(rec)
	if err != nil {
		return err
	}
	if err := ticket.CheckNew(p.act, t, p.settings().Matrix); err != nil {
		return err
	}
	return checkAssignee(p, t)
}

// checkAssignee: an assignee must be a member of the ticket's group (when it has one).
func checkAssignee(p *pusher, t *ticket.Ticket) error {
	if t.AssigneeID == nil || t.GroupID == nil {
		return nil
	}
	var members []string
	if err := p.tx.Raw(`SELECT user_id FROM group_members WHERE group_id = ? AND user_id = ?`, *t.GroupID, *t.AssigneeID).Scan(&members).Error; err != nil {
		return err
	}
	return ticket.CheckAssignee(*t.GroupID, *t.AssigneeID, members)
}

// setTicket judges a set op by the desk's rules for the field, against the ticket as the op
// finds it.
func setTicket(p *pusher, rec *store.Record, f *replica.Field, value json.RawMessage) error {
	// Read only what the checks need: a full decode per edit costs more than the edit.
	t := &ticket.Ticket{State: ticket.State(str(rec.Doc, "state")), Number: str(rec.Doc, "number")}
	if err := ticket.CheckEdit(p.act, t, f.Name); err != nil {
		return err
	}
	v := map[string]json.RawMessage{"v": value}
	num := func(name string) int {
		n, _ := replica.JSONInt(rec.Doc[name])
		return int(n)
	}
	ref := func(raw json.RawMessage) *string {
		var s *string
		_ = json.Unmarshal(raw, &s)
		return s
	}
	switch f.Name {
	case "title":
		return ticket.CheckTitle(str(v, "v"))
	case "source":
		return ticket.CheckSource(str(v, "v"))
	case "priority":
		prio, _ := replica.JSONInt(value)
		return ticket.CheckPriority(p.settings().Matrix, num("impact"), num("urgency"), int(prio), str(rec.Doc, "priorityOverrideReason"))
	case "parentId", "duplicateOf":
		if str(v, "v") == rec.ID {
			return fault.Field(f.Name, "a ticket cannot refer to itself")
		}
	case "assigneeId":
		return checkAssignee(p, &ticket.Ticket{GroupID: ref(rec.Doc["groupId"]), AssigneeID: ref(value)})
	case "groupId":
		return checkAssignee(p, &ticket.Ticket{GroupID: ref(value), AssigneeID: ref(rec.Doc["assigneeId"])})
	}
	return nil
}

func moveTicket(p *pusher, rec *store.Record, m merge.Move) error {
	t, err := decodeTicket(rec)
	if err != nil {
		return err
	}
	act := p.act
	if !act.IsStaff() {
		implied, err := repliedToHold(p, rec, t, m)
		if err != nil {
			return err
		}
		if implied {
			// The caller answered: as on the desk (ticket.AddComment), the move back to work is
			// an internal step of the reply.
			act, _ = ticket.ReplyStep(act)
		}
	}
	return ticket.CheckMove(t, act, ticket.Move{To: ticket.State(m.To), HoldReason: m.HoldReason,
		ResolutionCode: m.ResolutionCode, ResolutionNotes: m.ResolutionNotes, Reason: m.Reason})
}

// repliedToHold reports whether a requester's move is the one their reply implies: the
// ticket is theirs and their reply resumes it (ticket.ResumedByReply), the move is the
// reply's step from the state it found, and the op just before it from the same device was
// their reply on this ticket, accepted, written after the ticket was put on hold (an older
// reply does not answer it).
func repliedToHold(p *pusher, rec *store.Record, t *ticket.Ticket, m merge.Move) (bool, error) {
	_, step := ticket.ReplyStep(p.act)
	if t.RequesterID != p.act.ID || !ticket.ResumedByReply(p.act, t, ticket.KindReply) ||
		m.From != string(t.State) || m.To != string(step.To) {
		return false, nil
	}
	prev, err := p.previous()
	if err != nil || prev == nil || prev.Status != protocol.Accepted || prev.Entity != ticket.EntityComment {
		return false, err
	}
	c, err := p.record(ticket.EntityComment, prev.RecordID)
	if err != nil || c == nil {
		return false, err
	}
	return c.TicketID == t.ID && str(c.Doc, "kind") == ticket.KindReply && str(c.Doc, "authorId") == p.act.ID &&
		c.Versions[""].HLC > version(rec, "state").HLC, nil
}

// visibleTicket loads the ticket a child belongs to, checking the actor may see it.
func visibleTicket(p *pusher, rec *store.Record) (*ticket.Ticket, error) {
	parent, err := p.record(ticket.EntityTicket, rec.TicketID)
	if err != nil {
		return nil, err
	}
	if parent == nil || !p.visible(parent) {
		return nil, fmt.Errorf("ticket %s: %w", rec.TicketID, fault.ErrNotFound)
	}
	return decodeTicket(parent)
}

// parentTicket is visibleTicket for a child that needs the ticket to still take additions.
func parentTicket(p *pusher, rec *store.Record) (*ticket.Ticket, error) {
	t, err := visibleTicket(p, rec)
	if err != nil {
		return nil, err
	}
	if t.State == ticket.Closed || t.State == ticket.Canceled {
		return nil, fmt.Errorf("%s is %s: %w", t.Number, t.State, fault.ErrInvalidTransition)
	}
	return t, nil
}

func createComment(p *pusher, rec *store.Record) error {
	t, err := visibleTicket(p, rec)
	if err != nil {
		return err
	}
	if str(rec.Doc, "authorId") != p.act.ID {
		return fault.Field("authorId", "a comment is written by the signed-in user")
	}
	minutes, _ := replica.JSONInt(rec.Doc["minutes"])
	return ticket.CheckComment(p.act, t, str(rec.Doc, "kind"), strings.TrimSpace(str(rec.Doc, "body")), int(minutes))
}

func createAttachment(p *pusher, rec *store.Record) error {
	if _, err := parentTicket(p, rec); err != nil {
		return err
	}
	if str(rec.Doc, "authorId") != p.act.ID {
		return fault.Field("authorId", "a file is attached by the signed-in user")
	}
	if string(rec.Doc["internal"]) == "true" && !p.act.IsStaff() {
		return fmt.Errorf("attach an internal file: %w", fault.ErrForbidden)
	}
	var size int64
	_ = json.Unmarshal(rec.Doc["size"], &size)
	have, err := store.BlobSize(p.tx, str(rec.Doc, "sha256"))
	if err != nil {
		return err
	}
	if have < 0 {
		return fault.Field("sha256", "upload the file before attaching it")
	}
	if have != size {
		return fault.Field("size", "the file has %d bytes, not %d", have, size)
	}
	return nil
}

func createLink(p *pusher, rec *store.Record) error {
	if err := p.act.Require(people.Agent, "link tickets"); err != nil {
		return err
	}
	if str(rec.Doc, "createdBy") != p.act.ID {
		return fault.Field("createdBy", "a link is made by the signed-in user")
	}
	from, to, kind := str(rec.Doc, "fromId"), str(rec.Doc, "toId"), str(rec.Doc, "kind")
	if kind != "related" && kind != "duplicate" {
		return fault.Field("kind", "kind must be related or duplicate")
	}
	if from == to {
		return fault.Field("toId", "a ticket cannot be linked to itself")
	}
	if _, err := parentTicket(p, rec); err != nil && fault.Code(err) == fault.CodeNotFound {
		return err
	}
	// Links are a union keyed by (from, to, kind): the same link made twice is refused once.
	var ids []string
	if err := p.tx.Raw(`SELECT id FROM records WHERE entity = ? AND ticket_id = ?`, ticket.EntityLink, from).Scan(&ids).Error; err != nil {
		return err
	}
	for _, r := range p.records { // links staged earlier in this batch
		if r != nil && r.Entity == ticket.EntityLink && r.TicketID == from && !contains(ids, r.ID) {
			ids = append(ids, r.ID)
		}
	}
	for _, id := range ids {
		r, err := p.record(ticket.EntityLink, id)
		if err != nil {
			return err
		}
		if r != nil && str(r.Doc, "toId") == to && str(r.Doc, "kind") == kind {
			return fmt.Errorf("already linked: %w", fault.ErrConflict)
		}
	}
	return nil
}
