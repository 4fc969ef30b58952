package store_test

import (
	"context"
	"path/filepath"
	"testing"

	"gorm.io/gorm"

	"outpost/sync/server/store"
)

// TestEpochs: a database never restored has the zero epoch; each mark of a restore starts a
// new one that names its parent and the last sequence it holds, on both backends.
func TestEpochs(t *testing.T) {
	backends(t, func(t *testing.T, s *store.Store) {
		ctx := context.Background()
		if e, err := s.Epoch(ctx); err != nil || e.ID != 0 || e.Parent != 0 || e.Start != 0 {
			t.Fatalf("fresh database: epoch %+v, %v; want zero", e, err)
		}
		if err := s.Tx(ctx, func(tx *gorm.DB) error { return store.SetSeq(tx, 42, 0) }); err != nil {
			t.Fatal(err)
		}
		first, err := s.MarkRestored(ctx)
		if err != nil || first.ID <= 0 || first.Parent != 0 || first.Start != 42 {
			t.Fatalf("first restore: %+v, %v; want a new id after 42 in epoch 0", first, err)
		}
		second, err := s.MarkRestored(ctx)
		if err != nil || second.ID <= 0 || second.ID == first.ID || second.Parent != first.ID || second.Start != 42 {
			t.Fatalf("second restore: %+v, %v; want a new id after 42 in epoch %d", second, err, first.ID)
		}
		if e, err := s.Epoch(ctx); err != nil || e != second {
			t.Errorf("epoch read back: %+v, %v; want %+v", e, err, second)
		}
	})
}

// TestBackupAndRestore: a backup taken while the database is in use restores to the state
// it copied, with a new epoch, over a database that moved on.
func TestBackupAndRestore(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	path, backup := filepath.Join(dir, "server.db"), filepath.Join(dir, "backup.db")
	s, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	setSeq := func(n int64) {
		if err := s.Tx(ctx, func(tx *gorm.DB) error { return store.SetSeq(tx, n, 0) }); err != nil {
			t.Fatal(err)
		}
	}
	setSeq(7)
	if err := s.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	setSeq(9)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	e, err := store.Restore(ctx, backup, path)
	if err != nil || e.ID == 0 || e.Parent != 0 || e.Start != 7 {
		t.Fatalf("restore: %+v, %v; want a new epoch after 7", e, err)
	}
	s, err = store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var seq int64
	s.DB.Raw(`SELECT value FROM counters WHERE name = 'seq'`).Scan(&seq)
	if seq != 7 {
		t.Errorf("restored change counter %d, want 7", seq)
	}
	if got, _ := s.Epoch(ctx); got != e {
		t.Errorf("restored epoch %+v, want %+v", got, e)
	}
}
