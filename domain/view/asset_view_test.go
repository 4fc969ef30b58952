package view_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"outpost/domain/asset"
	"outpost/domain/fault"
	"outpost/domain/kind"
	"outpost/domain/view"
)

var laptopsInUse = asset.Query{Class: "hardware", Type: "laptop", Status: "in_use", Sort: "name", Desc: true}

func (e *env) createAssetView(name string, q asset.Query) *view.View {
	e.t.Helper()
	v, err := e.views.Create(e.ctx, e.agent, view.Spec{Name: name, Subject: view.SubjectAssets, AssetQuery: q,
		Columns: []string{"tag", "name", "status"}})
	if err != nil {
		e.t.Fatalf("create asset view %q: %v", name, err)
	}
	return v
}

func (e *env) changes() int64 {
	e.t.Helper()
	var n int64
	if err := e.d.DB.Raw(`SELECT COUNT(*) FROM changes`).Scan(&n).Error; err != nil {
		e.t.Fatal(err)
	}
	return n
}

// Views of the asset list are saved views of their own list: kept with the asset list's
// query, listed apart from the queue's views, renamed, reordered and deleted alike.
func TestAssetViewCRUD(t *testing.T) {
	e := newEnv(t)
	queue := e.create(e.agent, "Laptops")
	laptops := e.createAssetView("Laptops", laptopsInUse) // a name of the queue's views is free here
	servers := e.createAssetView("Servers", asset.Query{Text: "rack 4", Type: "server"})

	got, err := e.views.Get(e.ctx, e.agent, laptops.ID)
	wantCode(t, err, "")
	if got.Subject != view.SubjectAssets || got.AssetQuery != laptopsInUse || !slices.Equal(got.Columns, []string{"tag", "name", "status"}) ||
		got.Query.View != "" {
		t.Errorf("read back %+v", got)
	}
	assets, err := e.views.ListOf(e.ctx, e.agent, view.SubjectAssets)
	wantCode(t, err, "")
	if want := []string{"Laptops", "Servers"}; !slices.Equal(names(assets), want) {
		t.Errorf("asset views: got %v, want %v", names(assets), want)
	}
	tickets, err := e.views.List(e.ctx, e.agent)
	wantCode(t, err, "")
	if len(tickets) != 1 || tickets[0].ID != queue.ID || tickets[0].Subject != view.SubjectTickets {
		t.Errorf("the queue's views: got %+v", tickets)
	}
	// A ticket view is stored as before asset views: no subject.
	var subject *string
	if err := e.d.DB.Raw(`SELECT subject FROM saved_views WHERE id = ?`, queue.ID).Row().Scan(&subject); err != nil || subject != nil {
		t.Errorf("a ticket view's subject column: %v (%v)", subject, err)
	}

	_, err = e.views.Create(e.ctx, e.agent, view.Spec{Name: "laptops", Subject: view.SubjectAssets, AssetQuery: asset.Query{}})
	wantField(t, err, "name", "already have a view")

	renamed, err := e.views.Rename(e.ctx, e.agent, servers.ID, "Racked servers")
	wantCode(t, err, "")
	if renamed.Name != "Racked servers" || renamed.AssetQuery.Text != "rack 4" || renamed.Subject != view.SubjectAssets {
		t.Errorf("renamed: %+v", renamed)
	}
	// An update keeps the view on its list, whatever the spec says.
	updated, err := e.views.Update(e.ctx, e.agent, laptops.ID, view.Spec{Name: "Laptops", AssetQuery: asset.Query{Status: "in_repair"},
		Columns: []string{"name"}})
	wantCode(t, err, "")
	if updated.Subject != view.SubjectAssets || updated.AssetQuery.Status != "in_repair" || !slices.Equal(updated.Columns, []string{"name", "tag"}) {
		t.Errorf("updated: %+v", updated)
	}

	// Each list has its own order: the queue's reorder names the queue's views alone.
	wantCode(t, e.views.Reorder(e.ctx, e.agent, []string{queue.ID}), "")
	wantCode(t, e.views.Reorder(e.ctx, e.agent, []string{servers.ID, laptops.ID}), "")
	assets, _ = e.views.ListOf(e.ctx, e.agent, view.SubjectAssets)
	if want := []string{"Racked servers", "Laptops"}; !slices.Equal(names(assets), want) {
		t.Errorf("after reorder: got %v, want %v", names(assets), want)
	}
	wantField(t, e.views.Reorder(e.ctx, e.agent, []string{servers.ID, queue.ID}), "order", "not one of yours")

	// Private as any view: another person neither sees nor deletes it.
	_, err = e.views.Get(e.ctx, e.network, laptops.ID)
	wantCode(t, err, fault.CodeNotFound)
	wantCode(t, e.views.Delete(e.ctx, e.network, laptops.ID), fault.CodeNotFound)
	wantCode(t, e.views.Delete(e.ctx, e.agent, laptops.ID), "")
	assets, _ = e.views.ListOf(e.ctx, e.agent, view.SubjectAssets)
	if want := []string{"Racked servers"}; !slices.Equal(names(assets), want) {
		t.Errorf("after delete: got %v, want %v", names(assets), want)
	}
	_, err = e.views.ListOf(e.ctx, e.agent, "changes")
	wantField(t, err, "subject", "not \"changes\"")
}

// A refused asset view is a precise validation error on the field the person typed, and
// writes nothing.
func TestAssetViewRefusals(t *testing.T) {
	e := newEnv(t)
	v := e.createAssetView("Laptops", laptopsInUse)
	before := e.changes()
	for _, c := range []struct {
		name, field, msg string
		spec             view.Spec
	}{
		{"empty name", "name", "needs a name", view.Spec{Name: "  "}},
		{"name too long", "name", "at most 60 characters", view.Spec{Name: strings.Repeat("x", 61)}},
		{"unknown class", "class", `unknown asset class "gadget"`, view.Spec{Name: "A", AssetQuery: asset.Query{Class: "gadget"}}},
		{"unknown type", "type", `unknown asset type "toaster"`, view.Spec{Name: "A", AssetQuery: asset.Query{Type: "toaster"}}},
		{"unknown status", "status", `unknown asset status "lost"`, view.Spec{Name: "A", AssetQuery: asset.Query{Status: "lost"}}},
		{"unknown sort", "sort", `no column "colour"`, view.Spec{Name: "A", AssetQuery: asset.Query{Sort: "colour"}}},
		{"text too long", "text", "at most 200 characters", view.Spec{Name: "A", AssetQuery: asset.Query{Text: strings.Repeat("y", 201)}}},
		{"a ticket column", "columns", `unknown column "priority"`, view.Spec{Name: "A", Columns: []string{"priority"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			spec := c.spec
			spec.Subject = view.SubjectAssets
			_, err := e.views.Create(e.ctx, e.agent, spec)
			wantField(t, err, c.field, c.msg)
			if c.field != "name" {
				spec.Name = "Laptops"
				_, err = e.views.Update(e.ctx, e.agent, v.ID, spec)
				wantField(t, err, c.field, c.msg)
			}
		})
	}
	_, err := e.views.Rename(e.ctx, e.agent, v.ID, "")
	wantField(t, err, "name", "needs a name")
	_, err = e.views.Create(e.ctx, e.agent, view.Spec{Name: "A", Subject: "changes"})
	wantField(t, err, "subject", "ticket queue or of the asset list")
	if after := e.changes(); after != before {
		t.Errorf("refused writes logged %d changes", after-before)
	}
	got, err := e.views.Get(e.ctx, e.agent, v.ID)
	if err != nil || got.Name != "Laptops" || got.AssetQuery != laptopsInUse {
		t.Errorf("the view after refusals: %+v (%v)", got, err)
	}
}

// The kind's rules, which the server calls on a pushed op, judge an asset view's record as
// the desk's store does: the same codes for the same content.
func TestAssetViewRules(t *testing.T) {
	e := newEnv(t)
	doc := func(subject any, query string) kind.Doc {
		raw, _ := json.Marshal(map[string]any{"id": "v1", "ownerId": e.agent.ID, "name": "Laptops", "position": 0,
			"groupId": nil, "subject": subject, "query": query, "columns": `["tag"]`, "createdAt": 1})
		var d kind.Doc
		if err := json.Unmarshal(raw, &d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	ok, _ := json.Marshal(laptopsInUse)
	for _, c := range []struct {
		name  string
		doc   kind.Doc
		field string
	}{
		{"an asset view", doc("assets", string(ok)), ""},
		{"an unknown filter", doc("assets", `{"class":"hardware","colour":"red"}`), "query"},
		{"an unknown status", doc("assets", `{"status":"lost"}`), "status"},
		{"paging", doc("assets", `{"offset":50}`), "query"},
		{"an unknown list", doc("changes", `{}`), "subject"},
		// A view without a subject, as every view before asset views, is the queue's: its
		// query is a queue query, and an asset column is not one of the queue's.
		{"no subject is the queue", doc(nil, `{"view":"all_open"}`), "columns"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := view.Rules.Create(nil, e.agent, c.doc)
			if c.field == "" {
				wantCode(t, err, "")
				return
			}
			var v *fault.Validation
			if fault.Code(err) != fault.CodeValidation || !errors.As(err, &v) || v.Fields[c.field] == "" {
				t.Errorf("got %v, want a validation error on %s", err, c.field)
			}
		})
	}
	// The queue's view with the same content, subject null, holds.
	d := doc(nil, `{"view":"all_open"}`)
	d["columns"] = json.RawMessage(`"[\"title\"]"`)
	wantCode(t, view.Rules.Create(nil, e.agent, d), "")
	// Renaming an asset view to an empty name is refused by the rules too.
	wantCode(t, view.Rules.Set(nil, e.agent, doc("assets", string(ok)), "name", json.RawMessage(`""`)), fault.CodeValidation)
}
