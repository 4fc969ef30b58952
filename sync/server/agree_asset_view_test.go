package server_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/uuid"

	"outpost/domain/asset"
	"outpost/domain/fault"
	"outpost/domain/view"
)

// The agreement table of saved views of the asset list: the saved_view kind with the subject
// "assets", judged by the same rules on the desk and on the server.

var assetViewSpec = view.Spec{Name: "Laptops in use", Subject: view.SubjectAssets,
	AssetQuery: asset.Query{Class: "hardware", Type: "laptop", Status: "in_use", Sort: "name"}, Columns: []string{"tag", "name"}}

func createAssetView(name string, q asset.Query) func(c *cfg) error {
	return func(c *cfg) error {
		spec := assetViewSpec
		spec.Name, spec.AssetQuery = name, q
		_, err := c.r.Desk.Views.Create(c.ctx, viewActor(c), spec)
		return err
	}
}

// assetViewDoc is an asset view's record for a hand-made create by role, its query as given.
func assetViewDoc(role, name, query string) func(c *cfg, id string) map[string]any {
	return func(c *cfg, id string) map[string]any {
		return map[string]any{"id": id, "ownerId": c.a.ids[role], "name": name, "position": 0, "groupId": nil,
			"subject": view.SubjectAssets, "query": query, "columns": `["tag","name"]`, "createdAt": 1}
	}
}

// anAssetViewOf: role saves an asset view on their desk and syncs it (c.id).
func anAssetViewOf(role string) func(c *cfg) {
	return func(c *cfg) {
		r := c.a.desks[role]
		r.Sync(c.t)
		act, err := r.Desk.People.ActorFor(c.ctx, r.Actor.ID)
		c.must(err)
		spec := assetViewSpec
		spec.Name = "Assets " + uuid.NewString()[:8]
		v, err := r.Desk.Views.Create(c.ctx, act, spec)
		c.must(err)
		if rep := r.Sync(c.t); rep.Rejected != 0 {
			c.t.Fatalf("setup: the server refused %s's asset view: %+v", role, rep)
		}
		c.id = v.ID
	}
}

// TestAgreeAssetView: saving, renaming and deleting views of the asset list, and the refusal
// of a query the list does not know.
func TestAgreeAssetView(t *testing.T) {
	e := view.EntityView
	lost, _ := json.Marshal(asset.Query{Status: "lost"})
	var rows []configRow
	for _, role := range []string{"requester", "agent"} {
		rows = append(rows,
			configRow{name: "save an asset view", role: role, desk: createAssetView("Assets "+role, assetViewSpec.AssetQuery)},
			configRow{name: "save an asset view with an unknown status", role: role, desk: createAssetView("Lost", asset.Query{Status: "lost"}),
				op: cfgCreate(e, assetViewDoc(role, "Lost", string(lost))), want: fault.CodeValidation},
			// A filter the list has no such field for: what the desk's writer and the server
			// read from a record (the desk's own forms cannot send one).
			configRow{name: "save an asset view with an unknown filter", role: role,
				desk: writeView(assetViewDoc(role, "Red", `{"colour":"red"}`)),
				op:   cfgCreate(e, assetViewDoc(role, "Red", `{"colour":"red"}`)), want: fault.CodeValidation},
			configRow{name: "save an asset view with a name too long", role: role, desk: createAssetView(strings.Repeat("n", view.MaxName+1), asset.Query{}),
				op: cfgCreate(e, assetViewDoc(role, strings.Repeat("n", view.MaxName+1), `{}`)), want: fault.CodeValidation},
		)
	}
	rows = append(rows,
		configRow{name: "rename their asset view", role: "agent", setup: anAssetViewOf("agent"), desk: renameView("Renamed")},
		configRow{name: "empty their asset view's name", role: "agent", setup: anAssetViewOf("agent"), desk: renameView(" "),
			op: cfgSet(e, nil, "name", " "), want: fault.CodeValidation},
		configRow{name: "set their asset view's query to an unknown sort", role: "agent", setup: anAssetViewOf("agent"),
			desk: func(c *cfg) error {
				spec := assetViewSpec
				spec.AssetQuery.Sort = "colour"
				_, err := c.r.Desk.Views.Update(c.ctx, viewActor(c), c.id, spec)
				return err
			},
			op: cfgSet(e, nil, "query", `{"sort":"colour"}`), want: fault.CodeValidation},
		configRow{name: "delete their asset view", role: "agent", setup: anAssetViewOf("agent"), desk: deleteView},
		configRow{name: "delete another's asset view", role: "admin", setup: anAssetViewOf("agent"), desk: deleteView,
			op: cfgArchive(e, nil), want: fault.CodeNotFound},
	)
	runConfigAgreement(t, rows)
}
