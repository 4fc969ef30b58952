package view

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"outpost/domain/asset"
	"outpost/domain/fault"
	"outpost/domain/kind"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

// Rules are who may do what to a view, called by the desk's store (through the generic
// writer) and by the server when it re-checks a pushed op: one answer on both sides.
var Rules = kind.Rules{Create: ruleCreate, Set: ruleSet, Archive: ruleArchive}

func ruleCreate(_ kind.Reader, act people.Actor, doc kind.Doc) error {
	v, err := FromDoc(doc)
	if err != nil {
		return err
	}
	if err := CanCreate(act, v); err != nil {
		return err
	}
	return CheckContent(act, v)
}

func ruleSet(_ kind.Reader, act people.Actor, before kind.Doc, field string, value json.RawMessage) error {
	v, err := FromDoc(before)
	if err != nil {
		return err
	}
	if !CanSee(act, v) {
		return fmt.Errorf("view %s: %w", v.ID, fault.ErrNotFound)
	}
	switch field {
	case "position":
		return CanMove(act, v)
	case "groupId":
		g, _ := kind.JSONString(value)
		return CanShare(act, v, g)
	}
	if err := CanEdit(act, v); err != nil {
		return err
	}
	after, err := FromDoc(kind.With(before, field, value))
	if err != nil {
		return err
	}
	return CheckContent(act, after)
}

func ruleArchive(_ kind.Reader, act people.Actor, before kind.Doc) error {
	v, err := FromDoc(before)
	if err != nil {
		return err
	}
	if !CanSee(act, v) {
		return fmt.Errorf("view %s: %w", v.ID, fault.ErrNotFound)
	}
	return CanEdit(act, v)
}

// CheckContent checks a view as it is stored (what Spec.normalize leaves): a trimmed name
// of at most MaxName characters, known columns of its list once each with the title (the
// tag) among them, and a query its list accepts for actor, without paging.
func CheckContent(actor people.Actor, v *View) error {
	spec := Spec{Name: v.Name, Subject: v.Subject, Query: v.Query, AssetQuery: v.AssetQuery,
		Columns: append([]string(nil), v.Columns...)}
	if err := spec.normalize(actor, func(q ticket.Query) error {
		// Only the query's shape is judged: a date range relative to now is valid at any time.
		_, _, err := q.QueueSQL(actor, time.Unix(0, 0).UTC())
		return err
	}); err != nil {
		return err
	}
	switch {
	case spec.Name != v.Name:
		return fault.Field("name", "a view's name has no spaces around it")
	case !slices.Equal(spec.Columns, v.Columns):
		return fault.Field("columns", "each column once, the title among them")
	case v.Query.Offset != 0 || v.Query.Limit != 0, v.AssetQuery.Offset != 0 || v.AssetQuery.Limit != 0:
		return fault.Field("query", "a view starts at the top of its queue: no paging")
	}
	return nil
}

// FromDoc reads a view from its record (its synced fields by JSON name).
func FromDoc(doc kind.Doc) (*View, error) {
	v := &View{Columns: []string{}}
	v.ID, _ = kind.JSONString(doc["id"])
	v.OwnerID, _ = kind.JSONString(doc["ownerId"])
	v.Name, _ = kind.JSONString(doc["name"])
	v.GroupID, _ = kind.JSONString(doc["groupId"])
	pos, _ := kind.JSONInt(doc["position"])
	v.Position = int(pos)
	v.CreatedAt, _ = kind.JSONInt(doc["createdAt"])
	subject, _ := kind.JSONString(doc["subject"])
	var ok bool
	if v.Subject, ok = subjectOf(subject); !ok {
		return nil, fault.Field("subject", "a view is of the ticket queue or of the asset list, not %q", subject)
	}
	q, _ := kind.JSONString(doc["query"])
	if v.Subject == SubjectAssets {
		var err error
		if v.AssetQuery, err = parseAssetQuery(q); err != nil {
			return nil, err
		}
	} else if err := json.Unmarshal([]byte(q), &v.Query); err != nil {
		return nil, fault.Field("query", "a view's query is a queue query as JSON: %v", err)
	}
	cols, _ := kind.JSONString(doc["columns"])
	if err := json.Unmarshal([]byte(cols), &v.Columns); err != nil {
		return nil, fault.Field("columns", "a view's columns are a JSON list of column ids: %v", err)
	}
	if v.Columns == nil {
		v.Columns = []string{}
	}
	return v, nil
}

// parseAssetQuery reads an asset view's query: the asset list's filters and sort by their
// JSON names, and nothing else (a filter the list does not know is refused, not dropped).
func parseAssetQuery(s string) (asset.Query, error) {
	var q asset.Query
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&q); err != nil {
		return q, fault.Field("query", "an asset view's query is the asset list's filters and sort as JSON: %v", err)
	}
	return q, nil
}

// toDoc is v as its record: every synced field (archived is the writer's). A ticket view's
// subject is null, as in the views saved before the asset list had views.
func toDoc(v *View) (kind.Doc, error) {
	var q []byte
	var err error
	if v.Subject == SubjectAssets {
		q, err = json.Marshal(v.AssetQuery)
	} else {
		q, err = json.Marshal(v.Query)
	}
	if err != nil {
		return nil, err
	}
	c, err := json.Marshal(v.Columns)
	if err != nil {
		return nil, err
	}
	doc := kind.Doc{}
	put := func(name string, x any) {
		doc[name], _ = json.Marshal(x)
	}
	put("id", v.ID)
	put("ownerId", v.OwnerID)
	put("name", v.Name)
	put("position", v.Position)
	put("query", string(q))
	put("columns", string(c))
	put("createdAt", v.CreatedAt)
	if v.Subject == SubjectAssets {
		put("subject", v.Subject)
	} else {
		doc["subject"] = json.RawMessage("null")
	}
	if v.GroupID == "" {
		doc["groupId"] = json.RawMessage("null")
	} else {
		put("groupId", v.GroupID)
	}
	return doc, nil
}
