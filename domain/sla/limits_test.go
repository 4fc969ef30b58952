package sla_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/sla"
)

// TestTextLimits: the texts of a policy or a calendar over their limits are refused with a
// field error naming the limit in characters, and nothing is saved.
func TestTextLimits(t *testing.T) {
	ctx := context.Background()
	d, err := desk.Open(ctx, filepath.Join(t.TempDir(), "p.outpost"), func() time.Time { return time.Date(2025, 3, 14, 9, 30, 0, 0, time.UTC) })
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	admin, err := d.Owner(ctx)
	if err != nil {
		t.Fatal(err)
	}
	long := func(n int) string { return strings.Repeat("ж", n) }
	cal := d.SLA.Calendars()[0]
	policy := func(mod func(*sla.Policy)) func() error {
		return func() error {
			p := sla.Policy{Name: "Gold", Active: true, CalendarID: cal.ID, WarnPercent: 75, Targets: sla.DefaultTargets}
			mod(&p)
			_, err := d.SLA.SavePolicy(ctx, admin, p)
			return err
		}
	}
	calendar := func(mod func(*sla.Calendar)) func() error {
		return func() error {
			c := sla.OfficeHours("UTC")
			c.Name = "Plant"
			mod(&c)
			_, err := d.SLA.SaveCalendar(ctx, admin, c)
			return err
		}
	}
	tests := []struct {
		name, field string
		limit       int
		save        func() error
	}{
		{"policy name", "name", 100, policy(func(p *sla.Policy) { p.Name = long(101) })},
		{"matched service", "match.services", 200, policy(func(p *sla.Policy) { p.Match.Services = []string{long(201)} })},
		{"matched category", "match.categories", 100, policy(func(p *sla.Policy) { p.Match.Categories = []string{long(101)} })},
		{"work note", "escalations.0", 2000, policy(func(p *sla.Policy) {
			p.Escalations = []sla.Escalation{{Percent: 100, Actions: []sla.Action{{Kind: sla.WorkNote, Note: long(2001)}}}}
		})},
		{"calendar name", "name", 100, calendar(func(c *sla.Calendar) { c.Name = long(101) })},
		{"holiday name", "holidays.0", 100, calendar(func(c *sla.Calendar) {
			c.Holidays = []sla.Holiday{{Date: "2025-12-25", Name: long(101)}}
		})},
		{"exception name", "exceptions.0", 100, calendar(func(c *sla.Calendar) {
			c.Exceptions = []sla.Exception{{Date: "2025-12-31", Name: long(101)}}
		})},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pols, cals := len(d.SLA.Policies()), len(d.SLA.Calendars())
			err := tt.save()
			if got := fault.Fields(err)[tt.field]; !strings.Contains(got, "at most "+itoa(int64(tt.limit))+" characters") {
				t.Errorf("got %v, want %s to name its limit of %d characters", err, tt.field, tt.limit)
			}
			if len(d.SLA.Policies()) != pols || len(d.SLA.Calendars()) != cals {
				t.Errorf("a refused save was stored")
			}
		})
	}
}
