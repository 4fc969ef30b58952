package asset

import (
	"encoding/json"
	"fmt"

	"outpost/domain/fault"
	"outpost/domain/kind"
	"outpost/domain/people"
)

// The declarations of assets and their relationships: what syncs and how; the desk's service
// and the server's re-check both judge by Rules and RelationRules.
func init() {
	kind.Register(&kind.Type{
		Entity: EntityAsset, Table: "assets",
		// A requester sees (and pulls) the assets they own; staff see all.
		Owners: []string{"ownerId"},
		Number: "tag", NumberKind: "class", Prefix: Prefix,
		NumberKinds: []string{string(Hardware), string(Software), string(License), string(BusinessService)},
		State:       "status", Transition: transition,
		Rules: Rules,
		Fields: []kind.Field{
			{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
			{Name: "tag", Column: "tag", Kind: kind.Fixed, Type: kind.Text, Max: 40},
			{Name: "class", Column: "class", Kind: kind.Fixed, Type: kind.Text, Max: 20},
			{Name: "type", Column: "type", Kind: kind.LWW, Type: kind.Text, Max: 40},
			{Name: "name", Column: "name", Kind: kind.LWW, Type: kind.Text, Max: maxName * 4},
			{Name: "serial", Column: "serial", Kind: kind.LWW, Type: kind.Text, Max: maxShort * 4},
			{Name: "model", Column: "model", Kind: kind.LWW, Type: kind.Text, Max: maxShort * 4},
			{Name: "manufacturer", Column: "manufacturer", Kind: kind.LWW, Type: kind.Text, Max: maxShort * 4},
			{Name: "ownerId", Column: "owner_id", Kind: kind.LWW, Type: kind.NullText, Ref: "user"},
			{Name: "location", Column: "location", Kind: kind.LWW, Type: kind.Text, Max: maxShort * 4},
			{Name: "status", Column: "status", Kind: kind.Status, Type: kind.Text},
			{Name: "purchaseDate", Column: "purchase_date", Kind: kind.LWW, Type: kind.Text, Max: 10},
			{Name: "cost", Column: "cost", Kind: kind.LWW, Type: kind.NullInt, Min: 0, MaxInt: maxCost},
			{Name: "warrantyEnd", Column: "warranty_end", Kind: kind.LWW, Type: kind.Text, Max: 10},
			{Name: "attributes", Column: "attributes", Kind: kind.LWW, Type: kind.Text, Max: maxAttrsDoc},
			{Name: "lastSeenAt", Column: "last_seen_at", Kind: kind.LWW, Type: kind.NullInt},
			{Name: "createdBy", Column: "created_by", Kind: kind.Fixed, Type: kind.Text, Ref: "user"},
			{Name: "createdAt", Column: "created_at", Kind: kind.Fixed, Type: kind.Int},
			{Name: "updatedAt", Column: "updated_at", Kind: kind.Local, Type: kind.Int, From: "createdAt"},
			{Name: "archived", Column: "archived", Kind: kind.Archive, Type: kind.Bool},
		},
	})
	kind.Register(&kind.Type{
		Entity: EntityRelation, Table: "asset_relations",
		Rules: RelationRules,
		Fields: []kind.Field{
			{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
			{Name: "fromId", Column: "from_id", Kind: kind.Fixed, Type: kind.Text, Ref: EntityAsset},
			{Name: "toId", Column: "to_id", Kind: kind.Fixed, Type: kind.NullText, Ref: EntityAsset},
			{Name: "userId", Column: "user_id", Kind: kind.Fixed, Type: kind.NullText, Ref: "user"},
			{Name: "type", Column: "type", Kind: kind.Fixed, Type: kind.Text, Max: 20},
			{Name: "active", Column: "active", Kind: kind.LWW, Type: kind.Bool},
			{Name: "createdBy", Column: "created_by", Kind: kind.Fixed, Type: kind.Text, Ref: "user"},
			{Name: "createdAt", Column: "created_at", Kind: kind.Fixed, Type: kind.Int},
		},
	})
}

// Rules are who may do what to an asset, read from a record's document into the Check*
// functions the desk's service calls.
var Rules = kind.Rules{
	Create: func(_ kind.Reader, act people.Actor, doc kind.Doc) error {
		a, err := assetOf(doc)
		if err != nil {
			return err
		}
		return CheckNew(act, a)
	},
	Set: func(_ kind.Reader, act people.Actor, before kind.Doc, field string, value json.RawMessage) error {
		b, err := assetOf(before)
		if err != nil {
			return err
		}
		a, err := assetOf(kind.With(before, field, value))
		if err != nil {
			return err
		}
		return CheckEdit(act, b, a)
	},
	Move: func(_ kind.Reader, act people.Actor, before kind.Doc, m kind.Move) error {
		a, err := assetOf(before)
		if err != nil {
			return err
		}
		return CheckMove(act, a, Status(m.To))
	},
	Archive: func(_ kind.Reader, act people.Actor, before kind.Doc) error {
		a, err := assetOf(before)
		if err != nil {
			return err
		}
		if !CanSee(act, a) {
			return fmt.Errorf("asset %s: %w", a.ID, fault.ErrNotFound)
		}
		return act.Require(people.Manager, "archive an asset")
	},
}

// RelationRules are who may relate CIs.
var RelationRules = kind.Rules{
	Create: func(_ kind.Reader, act people.Actor, doc kind.Doc) error {
		r, err := relationOf(doc)
		if err != nil {
			return err
		}
		return CheckRelation(act, r)
	},
	Set: func(_ kind.Reader, act people.Actor, _ kind.Doc, field string, _ json.RawMessage) error {
		if field != "active" {
			return fault.Field(field, "a relationship is removed and made again, not edited")
		}
		return CheckRelationActive(act)
	},
	Archive: func(_ kind.Reader, _ people.Actor, before kind.Doc) error {
		id, _ := kind.JSONString(before["id"])
		return fmt.Errorf("archive relationship %s: remove it instead: %w", id, fault.ErrInvalidTransition)
	},
}

// TransitionValue is an asset move's op value.
type TransitionValue struct {
	From Status `json:"from"`
	To   Status `json:"to"`
}

// transition is what a move writes: the status (a merged move applies the same).
func transition(value json.RawMessage, _ int64) (map[string]any, error) {
	var m TransitionValue
	if err := json.Unmarshal(value, &m); err != nil {
		return nil, fmt.Errorf("transition value: %w", err)
	}
	if !m.To.Valid() || !m.From.Valid() {
		return nil, fmt.Errorf("transition %s -> %s: unknown status", m.From, m.To)
	}
	return map[string]any{"status": string(m.To)}, nil
}

func decode[T any](doc kind.Doc, what string) (*T, error) {
	var out T
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fault.Field(what, "not a %s: %v", what, err)
	}
	return &out, nil
}

func assetOf(doc kind.Doc) (*Asset, error)       { return decode[Asset](doc, "asset") }
func relationOf(doc kind.Doc) (*Relation, error) { return decode[Relation](doc, "relationship") }

// docOf is a record's synced fields as a document (Local fields left out).
func docOf(v any, t *kind.Type) kind.Doc {
	b, _ := json.Marshal(v)
	var all map[string]json.RawMessage
	_ = json.Unmarshal(b, &all)
	out := kind.Doc{}
	for _, f := range t.Synced() {
		if raw, ok := all[f.Name]; ok {
			out[f.Name] = raw
		}
	}
	return out
}
