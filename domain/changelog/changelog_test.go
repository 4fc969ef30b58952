package changelog_test

import (
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"outpost/domain/changelog"
	"outpost/domain/fault"
	"outpost/domain/hlc"
	"outpost/domain/store"
)

func TestAppend(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.outpost")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	wall := time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC)
	clock := func() time.Time { return wall }
	log, err := changelog.Open(ctx, db, "device-a", clock)
	if err != nil {
		t.Fatal(err)
	}
	entries := []changelog.Entry{
		{Entity: "ticket", RecordID: "r1", Op: changelog.OpCreate, Value: map[string]any{"title": "x"}},
		{Entity: "ticket", RecordID: "r1", Op: changelog.OpSet, Field: "title", Value: "y"},
		{Entity: "ticket", RecordID: "r2", Op: changelog.OpSet, Field: "impact", Value: 2},
		{Entity: "ticket", RecordID: "r1", Op: changelog.OpSet, Field: "assigneeId", Value: nil},
	}
	if err := store.Tx(ctx, db, func(tx *gorm.DB) error { return log.Append(tx, "author", entries...) }); err != nil {
		t.Fatal(err)
	}
	got, err := changelog.ForRecord(ctx, db, "ticket", "r1")
	if err != nil || len(got) != 3 {
		t.Fatalf("got %d changes (%v), want 3", len(got), err)
	}
	wantValues := []string{`{"title":"x"}`, `"y"`, `null`}
	for i, c := range got {
		if c.Value != wantValues[i] || c.DeviceID != "device-a" || c.AuthorID != "author" || c.Pushed || c.ID == "" {
			t.Errorf("change %d: %+v", i, c)
		}
		if c.HLC.Millis() != wall.UnixMilli() {
			t.Errorf("change %d: hlc %v, want the wall time", i, c.HLC)
		}
		if i > 0 && (c.HLC <= got[i-1].HLC || c.Seq <= got[i-1].Seq) {
			t.Errorf("change %d is not after %d", i, i-1)
		}
	}

	// A rolled-back write leaves no change behind.
	boom := errors.New("boom")
	err = store.Tx(ctx, db, func(tx *gorm.DB) error {
		if err := log.Append(tx, "author", changelog.Entry{Entity: "ticket", RecordID: "r3", Op: changelog.OpCreate}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if got, _ := changelog.ForRecord(ctx, db, "ticket", "r3"); len(got) != 0 {
		t.Errorf("rolled back change kept: %v", got)
	}
	if err := log.Append(db, "author"); err != nil {
		t.Errorf("appending nothing: %v", err)
	}
	if err := log.Append(db, "a", changelog.Entry{Entity: "x", Value: make(chan int)}); err == nil {
		t.Errorf("an unencodable value was accepted")
	}
	// (The rolled-back append used a timestamp too; only written ones must stay unique.)
	var last hlc.Timestamp
	db.Raw(`SELECT MAX(hlc) FROM changes`).Scan(&last)
	store.Close(db)

	// After a restart with the wall clock set back, new timestamps still come after the log.
	db, err = store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close(db)
	wall = wall.Add(-time.Hour)
	log2, err := changelog.Open(ctx, db, "device-a", clock)
	if err != nil {
		t.Fatal(err)
	}
	if next := log2.Clock.Now(); next <= last {
		t.Errorf("after restart issued %v, not after %v", next, last)
	}
}

// A change whose encoded value is over MaxValue is refused on the field holding the text (the
// longest field of a whole record) and nothing is logged; one at the limit is kept.
func TestAppendRefusesValuesOverTheLimit(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "p.outpost"))
	if err != nil {
		t.Fatal(err)
	}
	log, err := changelog.Open(ctx, db, "device-a", time.Now)
	if err != nil {
		t.Fatal(err)
	}
	atLimit := strings.Repeat("<", (changelog.MaxValue-2)/6) // each takes six bytes: \u003c
	over := atLimit + "<"
	for _, tc := range []struct {
		name  string
		entry changelog.Entry
		field string
	}{
		{"set", changelog.Entry{Entity: "ticket", RecordID: "r1", Op: changelog.OpSet, Field: "description", Value: over}, "description"},
		{"create", changelog.Entry{Entity: "comment", RecordID: "c1", Op: changelog.OpAppend, Value: map[string]any{"kind": "note", "body": over}}, "body"},
	} {
		err := store.Tx(ctx, db, func(tx *gorm.DB) error { return log.Append(tx, "author", tc.entry) })
		if fault.Code(err) != fault.CodeValidation || fault.Fields(err)[tc.field] == "" {
			t.Errorf("%s: got %v, want a validation error on %s", tc.name, err, tc.field)
		}
	}
	var n int64
	if err := db.Raw(`SELECT COUNT(*) FROM changes`).Scan(&n).Error; err != nil || n != 0 {
		t.Errorf("refused changes: %d logged (%v), want none", n, err)
	}
	ok := changelog.Entry{Entity: "ticket", RecordID: "r1", Op: changelog.OpSet, Field: "description", Value: atLimit}
	if err := store.Tx(ctx, db, func(tx *gorm.DB) error { return log.Append(tx, "author", ok) }); err != nil {
		t.Errorf("a value of %d bytes at the limit: %v", len(atLimit)*6+2, err)
	}
}
