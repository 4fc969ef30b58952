package client

import (
	"context"
	"path/filepath"
	"testing"

	"gorm.io/gorm"

	"outpost/domain/store"
)

// TestPullConnectionSettings: while a pull runs, its connection has automatic checkpoints
// off and the pull's smaller page cache; afterwards it has the profile's settings back.
func TestPullConnectionSettings(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "profile.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = store.Close(db) })
	pragmas := func(conn *gorm.DB) (cache, auto int64) {
		t.Helper()
		if err := conn.Raw(`PRAGMA cache_size`).Scan(&cache).Error; err != nil {
			t.Fatal(err)
		}
		if err := conn.Raw(`PRAGMA wal_autocheckpoint`).Scan(&auto).Error; err != nil {
			t.Fatal(err)
		}
		return cache, auto
	}
	err = store.Pin(ctx, db, func(conn *gorm.DB) error {
		wantCache, wantAuto := pragmas(conn)
		if wantCache == pullCacheSize {
			t.Fatalf("the profile's cache_size is already the pull's (%d): the test shows nothing", wantCache)
		}
		k, err := startCheckpoints(ctx, conn, db)
		if err != nil {
			return err
		}
		if cache, auto := pragmas(conn); cache != pullCacheSize || auto != 0 {
			t.Errorf("during the pull: cache_size %d, wal_autocheckpoint %d, want %d and 0", cache, auto, pullCacheSize)
		}
		if err := k.stop(); err != nil {
			return err
		}
		if cache, auto := pragmas(conn); cache != wantCache || auto != wantAuto {
			t.Errorf("after the pull: cache_size %d, wal_autocheckpoint %d, want %d and %d again", cache, auto, wantCache, wantAuto)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
