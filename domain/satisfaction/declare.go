package satisfaction

import (
	"encoding/json"

	"outpost/domain/fault"
	"outpost/domain/kind"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

// The rating kind: an append-only child of its ticket, authored by the requester (the server
// checks the pusher is userId), seen by the ticket's requester and staff (not Internal).
func init() {
	kind.Register(&kind.Type{
		Entity: EntityRating, Table: "ratings", Append: true, Parent: "ticketId", Author: "userId",
		Rules: Rules,
		Fields: []kind.Field{
			{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
			{Name: "ticketId", Column: "ticket_id", Kind: kind.Fixed, Type: kind.Text, Ref: ticket.EntityTicket},
			{Name: "userId", Column: "user_id", Kind: kind.Fixed, Type: kind.Text, Ref: "user"},
			{Name: "score", Column: "score", Kind: kind.Fixed, Type: kind.Int, Min: MinScore, MaxInt: MaxScore},
			{Name: "comment", Column: "comment", Kind: kind.Fixed, Type: kind.Text, Max: MaxComment * 4},
			{Name: "createdAt", Column: "created_at", Kind: kind.Fixed, Type: kind.Int},
		},
	})
}

// Rules are the rating kind's rules: the desk's service judges a rating with them before it
// writes it, and the sync server re-checks a pushed rating with them.
var Rules = kind.Rules{Create: rateRule}

// fromDoc reads a rating record.
func fromDoc(doc kind.Doc) (*Rating, error) {
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	var r Rating
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fault.Field("score", "not a rating: %v", err)
	}
	return &r, nil
}

func rateRule(rd kind.Reader, act people.Actor, doc kind.Doc) error {
	r, err := fromDoc(doc)
	if err != nil {
		return err
	}
	t, err := ticket.VisibleTicket(rd, act, r.TicketID)
	if err != nil {
		return err
	}
	given, err := rd.Children(EntityRating, t.ID)
	if err != nil {
		return err
	}
	rated := false
	for _, g := range given {
		u, _ := kind.JSONString(g["userId"])
		rated = rated || u == act.ID
	}
	return CheckRate(act, t, r, rated)
}
