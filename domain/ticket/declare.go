package ticket

import (
	"encoding/json"
	"fmt"

	"gorm.io/gorm"

	"outpost/domain/kind"
	"outpost/domain/people"
	"outpost/domain/store"
)

// The declarations of tickets and their comments, attachments and links: what syncs, and
// how (domain/replica applies by them, the server re-checks by them).
func init() {
	kind.Register(&kind.Type{
		Entity: EntityTicket, Table: "tickets",
		Owners: []string{"requesterId", "createdBy"},
		Number: "number", NumberKind: "type", Prefix: Prefix,
		NumberKinds: []string{string(Incident), string(Request)},
		State:       "state", Transition: ticketTransition,
		Reindex: reindexTickets, IndexNew: indexNewTickets,
		Rules: Rules, Auto: AutoWork,
		Fields: []kind.Field{
			{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
			{Name: "number", Column: "number", Kind: kind.Fixed, Type: kind.Text},
			{Name: "type", Column: "type", Kind: kind.Fixed, Type: kind.Text},
			{Name: "title", Column: "title", Kind: kind.LWW, Type: kind.Text, Max: 200 * 4},
			{Name: "description", Column: "description", Kind: kind.LongText, Type: kind.Text, Max: 100_000},
			{Name: "requesterId", Column: "requester_id", Kind: kind.LWW, Type: kind.Text, Ref: "user"},
			{Name: "category", Column: "category", Kind: kind.LWW, Type: kind.Text, Max: 200},
			{Name: "subcategory", Column: "subcategory", Kind: kind.LWW, Type: kind.Text, Max: 200},
			{Name: "service", Column: "service", Kind: kind.LWW, Type: kind.Text, Max: 200},
			{Name: "ci", Column: "ci", Kind: kind.LWW, Type: kind.Text, Max: 200},
			// References: the server checks them generically (the record exists and the pusher
			// sees it: a requester only their own assets), as the desk does (write.checkRefs).
			{Name: "serviceId", Column: "service_id", Kind: kind.LWW, Type: kind.NullText, Ref: people.EntityService},
			{Name: "ciId", Column: "ci_id", Kind: kind.LWW, Type: kind.NullText, Ref: EntityCI},
			{Name: "impact", Column: "impact", Kind: kind.LWW, Type: kind.Int, Min: 1, MaxInt: 3},
			{Name: "urgency", Column: "urgency", Kind: kind.LWW, Type: kind.Int, Min: 1, MaxInt: 3},
			{Name: "priority", Column: "priority", Kind: kind.LWW, Type: kind.Int, Min: 1, MaxInt: 5, Derived: &kind.Derived{
				From: []string{"impact", "urgency", "priority", "priorityOverrideReason"}, Value: derivePriority}},
			{Name: "priorityOverrideReason", Column: "priority_override_reason", Kind: kind.LWW, Type: kind.Text, Max: 1000},
			{Name: "state", Column: "state", Kind: kind.Status, Type: kind.Text},
			{Name: "holdReason", Column: "hold_reason", Kind: kind.Status, Type: kind.Text},
			{Name: "resolutionCode", Column: "resolution_code", Kind: kind.Status, Type: kind.Text},
			{Name: "resolutionNotes", Column: "resolution_notes", Kind: kind.Status, Type: kind.Text},
			{Name: "groupId", Column: "group_id", Kind: kind.LWW, Type: kind.NullText, Ref: "group"},
			{Name: "assigneeId", Column: "assignee_id", Kind: kind.LWW, Type: kind.NullText, Ref: "agent"},
			{Name: "source", Column: "source", Kind: kind.LWW, Type: kind.Text, Max: 40},
			{Name: "tags", Column: "tags", Kind: kind.LWW, Type: kind.Text, Max: 2000},
			{Name: "major", Column: "major", Kind: kind.LWW, Type: kind.Bool},
			{Name: "majorReason", Column: "major_reason", Kind: kind.LWW, Type: kind.Text, Max: 2000},
			{Name: "parentId", Column: "parent_id", Kind: kind.LWW, Type: kind.NullText, Ref: EntityTicket},
			{Name: "duplicateOf", Column: "duplicate_of", Kind: kind.LWW, Type: kind.NullText, Ref: EntityTicket},
			{Name: "createdBy", Column: "created_by", Kind: kind.Fixed, Type: kind.Text, Ref: "user"},
			{Name: "createdAt", Column: "created_at", Kind: kind.Fixed, Type: kind.Int},
			{Name: "updatedAt", Column: "updated_at", Kind: kind.Local, Type: kind.Int, From: "createdAt"},
			{Name: "resolvedAt", Column: "resolved_at", Kind: kind.Local, Type: kind.NullInt},
			{Name: "closedAt", Column: "closed_at", Kind: kind.Local, Type: kind.NullInt},
			{Name: "archived", Column: "archived", Kind: kind.Archive, Type: kind.Bool},
		},
	})
	kind.Register(&kind.Type{
		Entity: EntityComment, Table: "comments", Append: true, Parent: "ticketId", Author: "authorId",
		Rules: CommentRules, Auto: AutoComment,
		Internal: func(doc map[string]json.RawMessage) bool {
			k, _ := kind.JSONString(doc["kind"])
			return k != KindReply
		},
		Fields: []kind.Field{
			{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
			{Name: "ticketId", Column: "ticket_id", Kind: kind.Fixed, Type: kind.Text, Ref: EntityTicket},
			{Name: "authorId", Column: "author_id", Kind: kind.Fixed, Type: kind.Text, Ref: "user"},
			{Name: "kind", Column: "kind", Kind: kind.Fixed, Type: kind.Text},
			{Name: "body", Column: "body", Kind: kind.Fixed, Type: kind.Text, Max: 100_000},
			{Name: "minutes", Column: "minutes", Kind: kind.Fixed, Type: kind.Int, Min: 0, MaxInt: 24 * 60},
			{Name: "createdAt", Column: "created_at", Kind: kind.Fixed, Type: kind.Int},
		},
	})
	kind.Register(&kind.Type{
		Entity: EntityAttachment, Table: "attachments", Append: true, Parent: "ticketId", Author: "authorId",
		Blob: "sha256", BlobSize: "size", Rules: AttachmentRules,
		// An internal file is staff only, like a work note.
		Internal: func(doc map[string]json.RawMessage) bool { return string(doc["internal"]) == "true" },
		Fields: []kind.Field{
			{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
			{Name: "ticketId", Column: "ticket_id", Kind: kind.Fixed, Type: kind.Text, Ref: EntityTicket},
			{Name: "sha256", Column: "sha256", Kind: kind.Fixed, Type: kind.Text},
			{Name: "name", Column: "name", Kind: kind.Fixed, Type: kind.Text, Max: 255},
			{Name: "mime", Column: "mime", Kind: kind.Fixed, Type: kind.Text, Max: 255},
			{Name: "size", Column: "size", Kind: kind.Fixed, Type: kind.Int, Min: 1, MaxInt: 25 << 20},
			{Name: "authorId", Column: "author_id", Kind: kind.Fixed, Type: kind.Text, Ref: "user"},
			{Name: "createdAt", Column: "created_at", Kind: kind.Fixed, Type: kind.Int},
			{Name: "internal", Column: "internal", Kind: kind.Fixed, Type: kind.Bool},
		},
	})
	kind.Register(&kind.Type{
		Entity: EntityLink, Table: "ticket_links", Append: true, Parent: "fromId", Author: "createdBy",
		Rules: LinkRules,
		// Links name another ticket a requester may not see.
		Internal: func(map[string]json.RawMessage) bool { return true },
		Fields: []kind.Field{
			{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
			{Name: "fromId", Column: "from_id", Kind: kind.Fixed, Type: kind.Text, Ref: EntityTicket},
			{Name: "toId", Column: "to_id", Kind: kind.Fixed, Type: kind.Text, Ref: EntityTicket},
			{Name: "kind", Column: "kind", Kind: kind.Fixed, Type: kind.Text},
			{Name: "createdBy", Column: "created_by", Kind: kind.Fixed, Type: kind.Text, Ref: "user"},
			{Name: "createdAt", Column: "created_at", Kind: kind.Fixed, Type: kind.Int},
		},
	})
}

// derivePriority is a ticket's priority after a merge: the override while its reason stands,
// else impact × urgency by the matrix.
func derivePriority(doc map[string]json.RawMessage, s kind.Settings) json.RawMessage {
	impact, _ := kind.JSONInt(doc["impact"])
	urgency, _ := kind.JSONInt(doc["urgency"])
	prio, _ := kind.JSONInt(doc["priority"])
	reason, _ := kind.JSONString(doc["priorityOverrideReason"])
	b, _ := json.Marshal(DerivePriority(s.Matrix, int(impact), int(urgency), int(prio), reason))
	return b
}

// TransitionValue is a ticket transition op's value, as the move writes it.
type TransitionValue struct {
	From            State  `json:"from"`
	To              State  `json:"to"`
	HoldReason      string `json:"holdReason"`
	ResolutionCode  string `json:"resolutionCode"`
	ResolutionNotes string `json:"resolutionNotes"`
	Reason          string `json:"reason"`
}

// ticketTransition is what a move writes (Effects), as fields: a merged transition op
// applies the same effect as the desk's move.
func ticketTransition(value json.RawMessage, at int64) (map[string]any, error) {
	var m TransitionValue
	if err := json.Unmarshal(value, &m); err != nil {
		return nil, fmt.Errorf("transition value: %w", err)
	}
	if !m.To.Valid() || !m.From.Valid() {
		return nil, fmt.Errorf("transition %s -> %s: unknown state", m.From, m.To)
	}
	return Effects(m.From, Move{To: m.To, HoldReason: m.HoldReason, ResolutionCode: m.ResolutionCode,
		ResolutionNotes: m.ResolutionNotes}, at), nil
}

// indexNewTickets writes the search rows of tickets inserted in the transaction with no
// comments and no old numbers, as a desk's own create does (Service.Create): a ticket's
// search row shares its rowid and goes with it (replica.Remove), so a ticket just inserted has
// none to delete, and its replies, notes and aliases are empty (their rows reference the
// ticket, foreign keys on). A pulled page's new tickets are most of its tickets: the delete
// and the three lookups a ticket of reindexTickets were ~3 % of the applying goroutine's CPU.
// Should a search row with the rowid exist after all, the insert fails, it does not add a
// second.
func indexNewTickets(tx *gorm.DB, ids []string) error {
	for start := 0; start < len(ids); start += store.MaxValues {
		in, args := store.InList(ids[start:min(start+store.MaxValues, len(ids))])
		if err := store.Exec(tx, `INSERT INTO tickets_fts(rowid, number, title, description, replies, notes)
			SELECT rowid, number, title, description, '', '' FROM tickets WHERE id IN (`+in+`)`, args...); err != nil {
			return fmt.Errorf("index new tickets: %w", err)
		}
	}
	return nil
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
