package client_test

import (
	"context"
	"testing"

	"outpost/domain/asset"
	"outpost/sync/synctest"
)

// A record of a kind other than a ticket, made and changed on one desk, has a trail on the
// desk that pulls it: the lines replica.Writer writes where the change was made (created,
// each field's old and new value, a move of its state), under its kind, by its author; a
// second sync adds none.
func TestPulledRecordsHaveATrail(t *testing.T) {
	ctx := context.Background()
	s, clock := configSetup(t)
	bob := synctest.NewReplica(t, s, "bob@example.test", clock)
	mia := synctest.NewReplica(t, s, "mia@example.test", clock)
	a, err := bob.Desk.Assets.Create(ctx, bob.Actor, asset.Hardware, asset.InUse, asset.Edit{Type: "laptop", Name: "lt-bob"})
	if err != nil {
		t.Fatal(err)
	}
	sync := func() {
		t.Helper()
		for range 2 {
			if rep := bob.Sync(t); rep.Rejected != 0 {
				t.Fatalf("Bob's asset was refused: %+v", rep)
			}
			mia.Sync(t)
		}
	}
	sync()
	name := "lt-bob-2"
	if _, err := bob.Desk.Assets.Update(ctx, bob.Actor, a.ID, asset.Edit{Type: "laptop", Name: name}); err != nil {
		t.Fatal(err)
	}
	if _, err := bob.Desk.Assets.Move(ctx, bob.Actor, a.ID, asset.InRepair); err != nil {
		t.Fatal(err)
	}
	sync()
	// The tag the server gave it, which Mia's desk was sent with the record.
	if err := bob.Desk.DB.Raw(`SELECT tag FROM assets WHERE id = ?`, a.ID).Scan(&a.Tag).Error; err != nil {
		t.Fatal(err)
	}
	type line struct{ Entity, ActorID, Field, OldValue, NewValue string }
	var got []line
	if err := mia.Desk.DB.Raw(`SELECT entity, actor_id, field, old_value, new_value FROM audit_entries
		WHERE ticket_id = ? ORDER BY seq`, a.ID).Scan(&got).Error; err != nil {
		t.Fatal(err)
	}
	want := []line{
		{asset.EntityAsset, bob.Actor.ID, "created", "", a.Tag},
		{asset.EntityAsset, bob.Actor.ID, "name", "lt-bob", name},
		{asset.EntityAsset, bob.Actor.ID, "status", string(asset.InUse), string(asset.InRepair)},
	}
	if len(got) != len(want) {
		t.Fatalf("Mia's desk holds the trail %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("line %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
}
