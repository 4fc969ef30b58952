package canned

import (
	"encoding/json"

	"outpost/domain/fault"
	"outpost/domain/kind"
	"outpost/domain/people"
)

// The declarations of canned replies and ticket templates. The scope (ownerId, groupId) is
// Fixed: chosen when the template is made, so no merge moves a template to another person or
// group. Deleting is archiving, so a delete reaches every desk.
func init() {
	kind.Register(&kind.Type{
		Entity: EntityReply, Table: "reply_templates",
		Rules: ReplyRules,
		Fields: []kind.Field{
			{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
			{Name: "ownerId", Column: "owner_id", Kind: kind.Fixed, Type: kind.NullText, Ref: "user"},
			{Name: "groupId", Column: "group_id", Kind: kind.Fixed, Type: kind.NullText, Ref: "group"},
			{Name: "name", Column: "name", Kind: kind.LWW, Type: kind.Text, Max: MaxName * 4},
			{Name: "body", Column: "body", Kind: kind.LongText, Type: kind.Text, Max: MaxBody * 4},
			{Name: "archived", Column: "archived", Kind: kind.Archive, Type: kind.Bool},
			{Name: "createdAt", Column: "created_at", Kind: kind.Fixed, Type: kind.Int},
			{Name: "updatedAt", Column: "updated_at", Kind: kind.Local, Type: kind.Int, From: "createdAt"},
		},
	})
	kind.Register(&kind.Type{
		Entity: EntityTicket, Table: "ticket_templates",
		Rules: TicketRules,
		Fields: []kind.Field{
			{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
			{Name: "ownerId", Column: "owner_id", Kind: kind.Fixed, Type: kind.NullText, Ref: "user"},
			{Name: "groupId", Column: "group_id", Kind: kind.Fixed, Type: kind.NullText, Ref: "group"},
			{Name: "name", Column: "name", Kind: kind.LWW, Type: kind.Text, Max: MaxName * 4},
			{Name: "type", Column: "type", Kind: kind.LWW, Type: kind.Text, Max: 20},
			{Name: "title", Column: "title", Kind: kind.LWW, Type: kind.Text, Max: 200 * 4},
			{Name: "description", Column: "description", Kind: kind.LongText, Type: kind.Text, Max: 100_000},
			{Name: "category", Column: "category", Kind: kind.LWW, Type: kind.Text, Max: 200},
			{Name: "subcategory", Column: "subcategory", Kind: kind.LWW, Type: kind.Text, Max: 200},
			{Name: "service", Column: "service", Kind: kind.LWW, Type: kind.Text, Max: 200 * 4},
			{Name: "impact", Column: "impact", Kind: kind.LWW, Type: kind.Int, Min: 1, MaxInt: 3},
			{Name: "urgency", Column: "urgency", Kind: kind.LWW, Type: kind.Int, Min: 1, MaxInt: 3},
			{Name: "assignmentGroupId", Column: "assignment_group_id", Kind: kind.LWW, Type: kind.NullText, Ref: "group"},
			{Name: "archived", Column: "archived", Kind: kind.Archive, Type: kind.Bool},
			{Name: "createdAt", Column: "created_at", Kind: kind.Fixed, Type: kind.Int},
			{Name: "updatedAt", Column: "updated_at", Kind: kind.Local, Type: kind.Int, From: "createdAt"},
		},
	})
}

// ReplyRules judge canned replies on the desk and on the server: the scope's writer
// (CheckScope), and a reply valid as a whole after the change (CheckReply).
var ReplyRules = kind.Rules{
	Create: func(_ kind.Reader, act people.Actor, doc kind.Doc) error {
		r, err := replyOf(doc)
		if err != nil {
			return err
		}
		if err := CheckScope(act, r.Scope); err != nil {
			return err
		}
		return CheckReply(r)
	},
	Set: func(_ kind.Reader, act people.Actor, before kind.Doc, field string, value json.RawMessage) error {
		r, err := replyOf(kind.With(before, field, value))
		if err != nil {
			return err
		}
		if err := CheckScope(act, r.Scope); err != nil {
			return err
		}
		return CheckReply(r)
	},
	Archive: archive,
}

// TicketRules judge ticket templates as ReplyRules judge replies.
var TicketRules = kind.Rules{
	Create: func(_ kind.Reader, act people.Actor, doc kind.Doc) error {
		t, err := ticketOf(doc)
		if err != nil {
			return err
		}
		if err := CheckScope(act, t.Scope); err != nil {
			return err
		}
		return CheckTicket(t)
	},
	Set: func(_ kind.Reader, act people.Actor, before kind.Doc, field string, value json.RawMessage) error {
		t, err := ticketOf(kind.With(before, field, value))
		if err != nil {
			return err
		}
		if err := CheckScope(act, t.Scope); err != nil {
			return err
		}
		return CheckTicket(t)
	},
	Archive: archive,
}

// archive: whoever writes a template's scope deletes it.
func archive(_ kind.Reader, act people.Actor, before kind.Doc) error {
	return CheckScope(act, scopeOf(before))
}

func scopeOf(doc kind.Doc) Scope {
	owner, _ := kind.JSONString(doc["ownerId"])
	group, _ := kind.JSONString(doc["groupId"])
	return Scope{OwnerID: owner, GroupID: group}
}

// decode reads a template's document into its struct (null references as "").
func decode[T any](doc kind.Doc, what string) (*T, error) {
	clean := make(kind.Doc, len(doc))
	for k, v := range doc {
		if string(v) != "null" {
			clean[k] = v
		}
	}
	var out T
	b, err := json.Marshal(clean)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fault.Field(what, "not a %s: %v", what, err)
	}
	return &out, nil
}

func replyOf(doc kind.Doc) (*Reply, error) { return decode[Reply](doc, "template") }

func ticketOf(doc kind.Doc) (*Ticket, error) { return decode[Ticket](doc, "template") }

// docOf is a template's synced fields: v marshalled, with "" references as null and the
// local updatedAt dropped (the writer sets archived on a create).
func docOf(v any, refs ...string) kind.Doc {
	b, _ := json.Marshal(v)
	var doc kind.Doc
	_ = json.Unmarshal(b, &doc)
	delete(doc, "updatedAt")
	for _, r := range refs {
		if string(doc[r]) == `""` {
			doc[r] = json.RawMessage("null")
		}
	}
	return doc
}
