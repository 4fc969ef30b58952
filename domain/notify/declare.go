package notify

import (
	"encoding/json"
	"fmt"

	"outpost/domain/fault"
	"outpost/domain/kind"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

// The kinds a person owns: whom they follow and which notifications they want. Both are
// records (not desk settings) so they reach the person's other desks: the desk where a change
// lands reads them to decide whom to tell.
const (
	EntityFollow = "ticket_follow"
	EntityPrefs  = "notify_prefs"
)

// prefField maps a type to its switch in a notify_prefs record.
var prefField = map[Type]string{
	Assigned: "assigned", Group: "groupNew", Reply: "reply", Mention: "mention",
	Followed: "followed", Reopened: "reopened",
}

func init() {
	kind.Register(&kind.Type{
		Entity: EntityFollow, Table: "ticket_follows",
		Owners: []string{"userId"},
		Rules:  FollowRules,
		Fields: []kind.Field{
			{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
			{Name: "userId", Column: "user_id", Kind: kind.Fixed, Type: kind.Text, Ref: "user"},
			{Name: "ticketId", Column: "ticket_id", Kind: kind.Fixed, Type: kind.Text, Ref: ticket.EntityTicket},
			{Name: "following", Column: "following", Kind: kind.LWW, Type: kind.Bool},
			{Name: "createdAt", Column: "created_at", Kind: kind.Fixed, Type: kind.Int},
			{Name: "updatedAt", Column: "updated_at", Kind: kind.Local, Type: kind.Int},
		},
	})
	fields := []kind.Field{
		{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
		{Name: "userId", Column: "user_id", Kind: kind.Fixed, Type: kind.Text, Ref: "user"},
	}
	for _, t := range Types {
		name := prefField[t]
		col := name
		if t == Group {
			col = "group_new"
		}
		fields = append(fields, kind.Field{Name: name, Column: col, Kind: kind.LWW, Type: kind.Bool})
	}
	fields = append(fields,
		kind.Field{Name: "createdAt", Column: "created_at", Kind: kind.Fixed, Type: kind.Int},
		kind.Field{Name: "updatedAt", Column: "updated_at", Kind: kind.Local, Type: kind.Int})
	kind.Register(&kind.Type{
		Entity: EntityPrefs, Table: "notify_prefs",
		Owners: []string{"userId"},
		Rules:  PrefsRules,
		Fields: fields,
	})
}

// FollowRules: a person follows, and unfollows, for themself only, a ticket they may see.
var FollowRules = kind.Rules{
	Create: func(r kind.Reader, act people.Actor, doc kind.Doc) error {
		if err := own(act, doc, "follow a ticket"); err != nil {
			return err
		}
		id, _ := kind.JSONString(doc["ticketId"])
		t, err := r.Get(ticket.EntityTicket, id)
		if err != nil {
			return err
		}
		if t == nil || !seesTicket(act, t) {
			return fmt.Errorf("ticket %s: %w", id, fault.ErrNotFound)
		}
		return nil
	},
	Set: func(r kind.Reader, act people.Actor, before kind.Doc, field string, value json.RawMessage) error {
		return own(act, before, "change whom they follow")
	},
	Archive: func(r kind.Reader, act people.Actor, before kind.Doc) error {
		return fmt.Errorf("a follow is switched off, not archived: %w", fault.ErrForbidden)
	},
}

// PrefsRules: a person's switches are theirs alone.
var PrefsRules = kind.Rules{
	Create: func(r kind.Reader, act people.Actor, doc kind.Doc) error {
		return own(act, doc, "choose notifications")
	},
	Set: func(r kind.Reader, act people.Actor, before kind.Doc, field string, value json.RawMessage) error {
		return own(act, before, "choose notifications")
	},
	Archive: func(r kind.Reader, act people.Actor, before kind.Doc) error {
		return fmt.Errorf("notification switches are not archived: %w", fault.ErrForbidden)
	},
}

// own refuses a record that is not the actor's own.
func own(act people.Actor, doc kind.Doc, what string) error {
	u, _ := kind.JSONString(doc["userId"])
	if act.ID == "" || u != act.ID {
		return fmt.Errorf("only a person themself may %s: %w", what, fault.ErrForbidden)
	}
	return nil
}

// seesTicket reports whether act may see the ticket doc (staff, its requester or creator).
func seesTicket(act people.Actor, doc kind.Doc) bool {
	if act.IsStaff() {
		return true
	}
	req, _ := kind.JSONString(doc["requesterId"])
	by, _ := kind.JSONString(doc["createdBy"])
	return act.ID != "" && (req == act.ID || by == act.ID)
}
