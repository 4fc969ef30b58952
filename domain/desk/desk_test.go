package desk_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

var epoch = time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC)

func now() time.Time { return epoch }

func TestOpenSeedsOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.outpost")
	d, err := desk.Open(ctx, path, now)
	if err != nil {
		t.Fatal(err)
	}
	owner, err := d.Owner(ctx)
	if err != nil || owner.Role != people.Admin {
		t.Fatalf("owner: %+v %v", owner, err)
	}
	system, err := d.System(ctx)
	if err != nil || system.ID == "" || system.ID == owner.ID {
		t.Fatalf("system: %+v %v", system, err)
	}
	device := d.DeviceID
	cats, err := d.Categories(ctx)
	if err != nil || len(cats) != len(desk.DefaultCategories) {
		t.Fatalf("got %d categories (%v), want %d", len(cats), err, len(desk.DefaultCategories))
	}
	for _, c := range cats {
		if len(c.Subcategories) != len(desk.DefaultCategories[c.Name]) {
			t.Errorf("%s: %v", c.Name, c.Subcategories)
		}
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}

	d, err = desk.Open(ctx, path, now)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	again, _ := d.Owner(ctx)
	if d.DeviceID != device || again.ID != owner.ID {
		t.Errorf("reopening changed device %s->%s or owner %s->%s", device, d.DeviceID, owner.ID, again.ID)
	}
	var users, groups int64
	d.DB.Raw(`SELECT COUNT(*) FROM users`).Scan(&users)
	d.DB.Raw(`SELECT COUNT(*) FROM assignment_groups`).Scan(&groups)
	if users != 2 || groups != int64(len(desk.DefaultGroups)) {
		t.Errorf("after reopening: %d users, %d groups", users, groups)
	}
}

func TestSettings(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "p.outpost")
	d, err := desk.Open(ctx, path, now)
	if err != nil {
		t.Fatal(err)
	}
	if got := d.AutoCloseDays(ctx); got != 7 {
		t.Errorf("default auto-close: %d", got)
	}
	if v, err := d.Setting(ctx, "missing"); v != "" || err != nil {
		t.Errorf("missing setting: %q %v", v, err)
	}
	owner, _ := d.Owner(ctx)
	m := ticket.Matrix{{1, 1, 2}, {2, 2, 3}, {3, 4, 5}}
	tests := []struct {
		name  string
		actor people.Actor
		s     desk.Settings
		code  string
	}{
		{"agent", people.Actor{ID: "x", Role: people.Agent}, desk.Settings{AutoCloseDays: 3, Matrix: m}, fault.CodeForbidden},
		{"bad days", owner, desk.Settings{AutoCloseDays: -1, Matrix: m}, fault.CodeValidation},
		{"bad matrix", owner, desk.Settings{AutoCloseDays: 3, Matrix: ticket.Matrix{{0}}}, fault.CodeValidation},
		{"ok", owner, desk.Settings{AutoCloseDays: 3, Matrix: m}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := fault.Code(d.SaveSettings(ctx, tt.actor, tt.s)); got != tt.code {
				t.Errorf("got %q, want %q", got, tt.code)
			}
		})
	}
	d.Close()
	// The saved matrix and days are what the reopened desk uses.
	d, err = desk.Open(ctx, path, now)
	if err != nil {
		t.Fatal(err)
	}
	if s := d.Settings(ctx); s.AutoCloseDays != 3 || s.Matrix != m || d.Tickets.Matrix != m {
		t.Errorf("after reopening: %+v", s)
	}
	// A profile whose stored matrix is broken does not open silently with a wrong one.
	if err := d.DB.Exec(`UPDATE desk_settings SET priority_matrix = '[[1,2,3],[2,3,4],[3,4,9]]'`).Error; err != nil {
		t.Fatal(err)
	}
	d.Close()
	if d, err := desk.Open(ctx, path, now); err == nil {
		d.Close()
		t.Errorf("opened a profile with an invalid priority matrix")
	}
}
