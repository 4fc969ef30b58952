package view_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/ticket"
	"outpost/domain/view"
)

// Every write of a view goes into the change log (so it syncs) and the audit trail, as the
// person who made it.
func TestViewWritesAreLoggedAndAudited(t *testing.T) {
	e := newEnv(t)
	v := e.create(e.manager, "Team queue", ticket.Filter{Field: "assignee", Values: []string{ticket.Nobody}})
	w := e.create(e.manager, "Second")
	if _, err := e.views.Rename(e.ctx, e.manager, v.ID, "Unassigned"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.views.Share(e.ctx, e.manager, v.ID, e.groups["Service Desk"]); err != nil {
		t.Fatal(err)
	}
	if err := e.views.Reorder(e.ctx, e.manager, []string{w.ID, v.ID}); err != nil {
		t.Fatal(err)
	}
	if err := e.views.Delete(e.ctx, e.manager, w.ID); err != nil {
		t.Fatal(err)
	}
	type change struct{ Op, Field, AuthorID string }
	var got []change
	if err := e.d.DB.Raw(`SELECT op, field, author_id FROM changes WHERE entity = ? AND record_id IN (?, ?) ORDER BY seq`,
		view.EntityView, v.ID, w.ID).Scan(&got).Error; err != nil {
		t.Fatal(err)
	}
	want := []change{{"create", "", e.manager.ID}, {"create", "", e.manager.ID}, {"set", "name", e.manager.ID},
		{"set", "groupId", e.manager.ID}, {"set", "position", e.manager.ID}, {"set", "position", e.manager.ID},
		{"archive", "", e.manager.ID}}
	if !slices.Equal(got, want) {
		t.Errorf("change log: got %v, want %v", got, want)
	}
	var trail []string
	if err := e.d.DB.Raw(`SELECT field || ':' || old_value || '>' || new_value FROM audit_entries
		WHERE entity = ? AND ticket_id = ? AND actor_id = ? ORDER BY at, rowid`, view.EntityView, v.ID, e.manager.ID).Scan(&trail).Error; err != nil {
		t.Fatal(err)
	}
	if want := []string{"created:>Team queue", "name:Team queue>Unassigned", "groupId:>" + e.groups["Service Desk"], "position:0>1"}; !slices.Equal(trail, want) {
		t.Errorf("audit trail: got %v, want %v", trail, want)
	}
	// A refused write leaves nothing: no row change, no log entry.
	var before int64
	e.d.DB.Raw(`SELECT COUNT(*) FROM changes`).Scan(&before)
	_, err := e.views.Rename(e.ctx, e.agent, v.ID, "Mine now")
	wantCode(t, err, fault.CodeForbidden)
	var after int64
	e.d.DB.Raw(`SELECT COUNT(*) FROM changes`).Scan(&after)
	if after != before {
		t.Errorf("a refused rename logged %d changes", after-before)
	}
}

// The views a profile kept before views synced survive the migration as their owners'
// views, and are logged once as created by their owners, so they upload on the next sync.
func TestViewsSurviveTheMigration(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)
	path := filepath.Join(t.TempDir(), "p.outpost")
	d, err := desk.Open(ctx, path, func() time.Time { return now })
	if err != nil {
		t.Fatal(err)
	}
	owner, err := d.Owner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var group string
	if err := d.DB.Raw(`SELECT id FROM assignment_groups ORDER BY name LIMIT 1`).Scan(&group).Error; err != nil {
		t.Fatal(err)
	}
	// The profile as it was before 0026: the 0021 table, two views, nothing logged.
	for _, q := range []string{
		`DROP TABLE saved_views`,
		`CREATE TABLE saved_views (
		  id TEXT PRIMARY KEY, owner_id TEXT NOT NULL REFERENCES users(id), name TEXT NOT NULL,
		  position INTEGER NOT NULL DEFAULT 0, group_id TEXT REFERENCES assignment_groups(id),
		  query TEXT NOT NULL, columns TEXT NOT NULL DEFAULT '[]', created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL)`,
		`INSERT INTO saved_views VALUES ('0190a000-0000-7000-8000-000000000001', '` + owner.ID + `', 'Hardware', 1, NULL,
		  '{"view":"all_open","filters":[{"field":"category","values":["Hardware"]}]}', '["number","title"]', 1000, 2000)`,
		`INSERT INTO saved_views VALUES ('0190a000-0000-7000-8000-000000000002', '` + owner.ID + `', 'Team', 0, '` + group + `',
		  '{"view":"all_open","sort":"created","desc":true}', '["title"]', 1000, 3000)`,
		`DELETE FROM schema_migrations WHERE version = 26`,
		`DELETE FROM schema_migrations WHERE version = 41`, // 0041 adds a column to the table 0026 makes
		`DELETE FROM settings WHERE key = 'views_adopted'`,
	} {
		if err := d.DB.Exec(q).Error; err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	for round := 0; round < 2; round++ { // adopted once, not again at the next open
		d, err = desk.Open(ctx, path, func() time.Time { return now })
		if err != nil {
			t.Fatal(err)
		}
		list, err := d.Views.List(ctx, owner)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"Team", "Hardware"}; !slices.Equal(names(list), want) {
			t.Errorf("round %d: got %v, want %v", round, names(list), want)
		}
		if len(list) == 2 && (list[0].GroupID != group || list[1].Query.Filters[0].Values[0] != "Hardware" ||
			!slices.Equal(list[1].Columns, []string{"number", "title"}) || list[1].CreatedAt != 1000) {
			t.Errorf("round %d: read back %+v", round, list)
		}
		var logged []struct{ RecordID, AuthorID, Value string }
		if err := d.DB.Raw(`SELECT record_id, author_id, value FROM changes WHERE entity = ? AND op = 'create' ORDER BY record_id`,
			view.EntityView).Scan(&logged).Error; err != nil {
			t.Fatal(err)
		}
		if len(logged) != 2 || logged[0].AuthorID != owner.ID || logged[1].AuthorID != owner.ID {
			t.Fatalf("round %d: logged %+v", round, logged)
		}
		var doc map[string]any
		if err := json.Unmarshal([]byte(logged[1].Value), &doc); err != nil || doc["name"] != "Team" || doc["groupId"] != group || doc["ownerId"] != owner.ID {
			t.Errorf("round %d: logged create %s (%v)", round, logged[1].Value, err)
		}
		// They are ordinary views now: renamed through the kind, logged.
		if round == 1 {
			if _, err := d.Views.Rename(ctx, owner, list[1].ID, "Hardware (old)"); err != nil {
				t.Fatal(err)
			}
		}
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
	}
}
