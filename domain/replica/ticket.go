package replica

import (
	"encoding/json"
	"fmt"

	"gorm.io/gorm"

	"outpost/domain/store"
	"outpost/domain/ticket"
)

// The first declarations: tickets and their comments, attachments and links.
func init() {
	Register(&Type{
		Entity: ticket.EntityTicket, Table: "tickets",
		Owners: []string{"requesterId", "createdBy"},
		Number: "number", NumberKind: "type", Prefix: ticket.Prefix,
		NumberKinds: []string{string(ticket.Incident), string(ticket.Request)},
		State:       "state", Transition: ticketTransition,
		Reindex: reindexTickets,
		Rules:   ticket.Rules, Auto: ticket.AutoWork,
		Fields: []Field{
			{Name: "id", Column: "id", Kind: Fixed, Type: Text},
			{Name: "number", Column: "number", Kind: Fixed, Type: Text},
			{Name: "type", Column: "type", Kind: Fixed, Type: Text},
			{Name: "title", Column: "title", Kind: LWW, Type: Text, Max: 200 * 4},
			{Name: "description", Column: "description", Kind: LongText, Type: Text, Max: 100_000},
			{Name: "requesterId", Column: "requester_id", Kind: LWW, Type: Text, Ref: "user"},
			{Name: "category", Column: "category", Kind: LWW, Type: Text, Max: 200},
			{Name: "subcategory", Column: "subcategory", Kind: LWW, Type: Text, Max: 200},
			{Name: "service", Column: "service", Kind: LWW, Type: Text, Max: 200},
			{Name: "ci", Column: "ci", Kind: LWW, Type: Text, Max: 200},
			{Name: "impact", Column: "impact", Kind: LWW, Type: Int, Min: 1, MaxInt: 3},
			{Name: "urgency", Column: "urgency", Kind: LWW, Type: Int, Min: 1, MaxInt: 3},
			{Name: "priority", Column: "priority", Kind: LWW, Type: Int, Min: 1, MaxInt: 5, Derived: &Derived{
				From: []string{"impact", "urgency", "priority", "priorityOverrideReason"}, Value: derivePriority}},
			{Name: "priorityOverrideReason", Column: "priority_override_reason", Kind: LWW, Type: Text, Max: 1000},
			{Name: "state", Column: "state", Kind: Status, Type: Text},
			{Name: "holdReason", Column: "hold_reason", Kind: Status, Type: Text},
			{Name: "resolutionCode", Column: "resolution_code", Kind: Status, Type: Text},
			{Name: "resolutionNotes", Column: "resolution_notes", Kind: Status, Type: Text},
			{Name: "groupId", Column: "group_id", Kind: LWW, Type: NullText, Ref: "group"},
			{Name: "assigneeId", Column: "assignee_id", Kind: LWW, Type: NullText, Ref: "agent"},
			{Name: "source", Column: "source", Kind: LWW, Type: Text, Max: 40},
			{Name: "tags", Column: "tags", Kind: LWW, Type: Text, Max: 2000},
			{Name: "major", Column: "major", Kind: LWW, Type: Bool},
			{Name: "majorReason", Column: "major_reason", Kind: LWW, Type: Text, Max: 2000},
			{Name: "parentId", Column: "parent_id", Kind: LWW, Type: NullText, Ref: ticket.EntityTicket},
			{Name: "duplicateOf", Column: "duplicate_of", Kind: LWW, Type: NullText, Ref: ticket.EntityTicket},
			{Name: "createdBy", Column: "created_by", Kind: Fixed, Type: Text, Ref: "user"},
			{Name: "createdAt", Column: "created_at", Kind: Fixed, Type: Int},
			{Name: "updatedAt", Column: "updated_at", Kind: Local, Type: Int, From: "createdAt"},
			{Name: "resolvedAt", Column: "resolved_at", Kind: Local, Type: NullInt},
			{Name: "closedAt", Column: "closed_at", Kind: Local, Type: NullInt},
			{Name: "archived", Column: "archived", Kind: Archive, Type: Bool},
		},
	})
	Register(&Type{
		Entity: ticket.EntityComment, Table: "comments", Append: true, Parent: "ticketId", Author: "authorId",
		Rules: ticket.CommentRules, Auto: ticket.AutoComment,
		Internal: func(doc map[string]json.RawMessage) bool {
			kind, _ := JSONString(doc["kind"])
			return kind != ticket.KindReply
		},
		Fields: []Field{
			{Name: "id", Column: "id", Kind: Fixed, Type: Text},
			{Name: "ticketId", Column: "ticket_id", Kind: Fixed, Type: Text, Ref: ticket.EntityTicket},
			{Name: "authorId", Column: "author_id", Kind: Fixed, Type: Text, Ref: "user"},
			{Name: "kind", Column: "kind", Kind: Fixed, Type: Text},
			{Name: "body", Column: "body", Kind: Fixed, Type: Text, Max: 100_000},
			{Name: "minutes", Column: "minutes", Kind: Fixed, Type: Int, Min: 0, MaxInt: 24 * 60},
			{Name: "createdAt", Column: "created_at", Kind: Fixed, Type: Int},
		},
	})
	Register(&Type{
		Entity: ticket.EntityAttachment, Table: "attachments", Append: true, Parent: "ticketId", Author: "authorId",
		Blob: "sha256", BlobSize: "size", Rules: ticket.AttachmentRules,
		// An internal file is staff only, like a work note.
		Internal: func(doc map[string]json.RawMessage) bool { return string(doc["internal"]) == "true" },
		Fields: []Field{
			{Name: "id", Column: "id", Kind: Fixed, Type: Text},
			{Name: "ticketId", Column: "ticket_id", Kind: Fixed, Type: Text, Ref: ticket.EntityTicket},
			{Name: "sha256", Column: "sha256", Kind: Fixed, Type: Text},
			{Name: "name", Column: "name", Kind: Fixed, Type: Text, Max: 255},
			{Name: "mime", Column: "mime", Kind: Fixed, Type: Text, Max: 255},
			{Name: "size", Column: "size", Kind: Fixed, Type: Int, Min: 1, MaxInt: 25 << 20},
			{Name: "authorId", Column: "author_id", Kind: Fixed, Type: Text, Ref: "user"},
			{Name: "createdAt", Column: "created_at", Kind: Fixed, Type: Int},
			{Name: "internal", Column: "internal", Kind: Fixed, Type: Bool},
		},
	})
	Register(&Type{
		Entity: ticket.EntityLink, Table: "ticket_links", Append: true, Parent: "fromId", Author: "createdBy",
		Rules: ticket.LinkRules,
		// Links name another ticket a requester may not see.
		Internal: func(map[string]json.RawMessage) bool { return true },
		Fields: []Field{
			{Name: "id", Column: "id", Kind: Fixed, Type: Text},
			{Name: "fromId", Column: "from_id", Kind: Fixed, Type: Text, Ref: ticket.EntityTicket},
			{Name: "toId", Column: "to_id", Kind: Fixed, Type: Text, Ref: ticket.EntityTicket},
			{Name: "kind", Column: "kind", Kind: Fixed, Type: Text},
			{Name: "createdBy", Column: "created_by", Kind: Fixed, Type: Text, Ref: "user"},
			{Name: "createdAt", Column: "created_at", Kind: Fixed, Type: Int},
		},
	})
}

// derivePriority is a ticket's priority after a merge: the override while its reason stands,
// else impact × urgency by the matrix.
func derivePriority(doc map[string]json.RawMessage, s Settings) json.RawMessage {
	impact, _ := JSONInt(doc["impact"])
	urgency, _ := JSONInt(doc["urgency"])
	prio, _ := JSONInt(doc["priority"])
	reason, _ := JSONString(doc["priorityOverrideReason"])
	b, _ := json.Marshal(ticket.DerivePriority(s.Matrix, int(impact), int(urgency), int(prio), reason))
	return b
}

// TicketMove is a ticket transition op's value, as domain/ticket writes it.
type TicketMove struct {
	From            ticket.State `json:"from"`
	To              ticket.State `json:"to"`
	HoldReason      string       `json:"holdReason"`
	ResolutionCode  string       `json:"resolutionCode"`
	ResolutionNotes string       `json:"resolutionNotes"`
	Reason          string       `json:"reason"`
}

// ticketTransition is what domain/ticket's move writes (ticket.Effects), as fields.
func ticketTransition(value json.RawMessage, at int64) (map[string]any, error) {
	var m TicketMove
	if err := json.Unmarshal(value, &m); err != nil {
		return nil, fmt.Errorf("transition value: %w", err)
	}
	if !m.To.Valid() || !m.From.Valid() {
		return nil, fmt.Errorf("transition %s -> %s: unknown state", m.From, m.To)
	}
	return ticket.Effects(m.From, ticket.Move{To: m.To, HoldReason: m.HoldReason, ResolutionCode: m.ResolutionCode,
		ResolutionNotes: m.ResolutionNotes}, at), nil
}

// reindexTickets rebuilds the search rows of tickets from their current text, comments and
// old numbers (aliases), so a ticket renumbered by the server is still found by the old one.
func reindexTickets(tx *gorm.DB, ids []string) error {
	// Two kept statements (store.Exec) per MaxValues tickets: a pulled page parses them once.
	for start := 0; start < len(ids); start += store.MaxValues {
		chunk := ids[start:min(start+store.MaxValues, len(ids))]
		in, args := store.InList(chunk)
		if err := store.Exec(tx, `DELETE FROM tickets_fts WHERE rowid IN (SELECT rowid FROM tickets WHERE id IN (`+in+`))`, args...); err != nil {
			return fmt.Errorf("reindex: %w", err)
		}
		err := store.Exec(tx, `INSERT INTO tickets_fts(rowid, number, title, description, replies, notes)
			SELECT t.rowid,
			  t.number || COALESCE((SELECT ' ' || group_concat(a.number, ' ') FROM ticket_aliases a WHERE a.ticket_id = t.id), ''),
			  t.title, t.description,
			  COALESCE((SELECT group_concat(c.body, char(10)) FROM comments c WHERE c.ticket_id = t.id AND c.kind = 'reply'), ''),
			  COALESCE((SELECT group_concat(c.body, char(10)) FROM comments c WHERE c.ticket_id = t.id AND c.kind <> 'reply'), '')
			FROM tickets t WHERE t.id IN (`+in+`)`, args...)
		if err != nil {
			return fmt.Errorf("reindex: %w", err)
		}
	}
	return nil
}
