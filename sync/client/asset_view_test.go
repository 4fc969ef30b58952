package client_test

import (
	"context"
	"testing"

	"outpost/domain/asset"
	"outpost/domain/view"
	"outpost/sync/synctest"
)

// A view of the asset list saved on one of a person's desks reaches their other desk through
// the server as a view of the asset list (its query and columns with it), not as a queue view,
// and nobody else's desk; its rename and delete follow it.
func TestAssetViewsSyncToTheirOwner(t *testing.T) {
	ctx := context.Background()
	s, clock := configSetup(t)
	miaA := synctest.NewReplica(t, s, "mia@example.test", clock)
	miaB := synctest.NewReplica(t, s, "mia@example.test", clock)
	bob := synctest.NewReplica(t, s, "bob@example.test", clock)
	all := []*synctest.Replica{miaA, miaB, bob}
	syncAll := func() {
		t.Helper()
		for round := 0; round < 2; round++ {
			for _, r := range all {
				if rep := r.Sync(t); rep.Rejected != 0 {
					t.Fatalf("a desk's ops were refused: %+v", rep)
				}
			}
		}
	}
	syncAll()
	q := asset.Query{Class: "hardware", Type: "laptop", Status: "in_repair", Sort: "warrantyEnd", Desc: true}
	saved, err := miaA.Desk.Views.Create(ctx, actor(t, miaA), view.Spec{Name: "Laptops in repair", Subject: view.SubjectAssets,
		AssetQuery: q, Columns: []string{"tag", "name", "warrantyEnd"}})
	if err != nil {
		t.Fatal(err)
	}
	syncAll()

	list, err := miaB.Desk.Views.ListOf(ctx, actor(t, miaB), view.SubjectAssets)
	if err != nil || len(list) != 1 {
		t.Fatalf("Mia's desk B lists %+v (%v)", list, err)
	}
	if v := list[0]; v.ID != saved.ID || v.Name != "Laptops in repair" || v.Subject != view.SubjectAssets || v.AssetQuery != q ||
		len(v.Columns) != 3 {
		t.Errorf("Mia's desk B reads %+v", v)
	}
	if got := viewNames(t, miaB); len(got) != 0 {
		t.Errorf("Mia's desk B shows the asset view among the queue's views: %v", got)
	}
	if n := heldViews(t, bob); n != 0 {
		t.Errorf("Bob's desk holds %d of Mia's views", n)
	}

	if _, err := miaB.Desk.Views.Rename(ctx, actor(t, miaB), saved.ID, "Repairs"); err != nil {
		t.Fatal(err)
	}
	syncAll()
	v, err := miaA.Desk.Views.Get(ctx, actor(t, miaA), saved.ID)
	if err != nil || v.Name != "Repairs" || v.AssetQuery != q {
		t.Errorf("Mia's desk A after the rename: %+v (%v)", v, err)
	}
	if err := miaA.Desk.Views.Delete(ctx, actor(t, miaA), saved.ID); err != nil {
		t.Fatal(err)
	}
	syncAll()
	if list, err := miaB.Desk.Views.ListOf(ctx, actor(t, miaB), view.SubjectAssets); err != nil || len(list) != 0 {
		t.Errorf("Mia's desk B after the delete: %+v (%v)", list, err)
	}
}
