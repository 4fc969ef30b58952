package store_test

import (
	"context"
	"reflect"
	"testing"

	"gorm.io/gorm"

	"outpost/sync/server/store"
)

// TestAutoKeys: a key of automatic work keeps the first device that stored it.
func TestAutoKeys(t *testing.T) {
	backends(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		put := func(keys ...store.AutoKey) {
			t.Helper()
			if err := s.Tx(ctx, func(tx *gorm.DB) error { return store.PutAutoKeys(tx, keys) }); err != nil {
				t.Fatal(err)
			}
		}
		put(store.AutoKey{Key: "autoclose:t1", DeviceID: "d1", Seq: 1}, store.AutoKey{Key: "sla:t1:response:4h:100:0", DeviceID: "d1", Seq: 2})
		put(store.AutoKey{Key: "autoclose:t1", DeviceID: "d2", Seq: 3}, store.AutoKey{Key: "sla:t2:resolution:1d:75:1", DeviceID: "d2", Seq: 4})
		put()
		got, err := store.AutoKeys(s.DB.WithContext(ctx), []string{"autoclose:t1", "sla:t1:response:4h:100:0", "sla:t2:resolution:1d:75:1", "autoclose:t9"})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"autoclose:t1": "d1", "sla:t1:response:4h:100:0": "d1", "sla:t2:resolution:1d:75:1": "d2"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
}
