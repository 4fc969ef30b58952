package sla_test

import (
	"context"
	"testing"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/sla"
)

// counts is how many changes and audit entries the profile holds for SLA configuration.
func (e *env) configCounts() (changes, audit int64) {
	e.t.Helper()
	db := e.d.DB
	if err := db.Raw(`SELECT COUNT(*) FROM changes WHERE entity IN (?, ?)`, sla.EntityPolicy, sla.EntityCalendar).Scan(&changes).Error; err != nil {
		e.t.Fatal(err)
	}
	if err := db.Raw(`SELECT COUNT(*) FROM audit_entries WHERE entity IN (?, ?)`, sla.EntityPolicy, sla.EntityCalendar).Scan(&audit).Error; err != nil {
		e.t.Fatal(err)
	}
	return changes, audit
}

// TestPolicyWritesAreLoggedAndAudited: a policy save goes through the kind's writer: one set
// change and one audit entry (with its kind) per changed field; a refused save (wrong role,
// invalid content) writes nothing at all and says why with a code.
func TestPolicyWritesAreLoggedAndAudited(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	var p sla.Policy
	for _, x := range e.d.SLA.Policies() {
		if x.Default {
			p = x
		}
	}
	if p.ID != sla.DefaultPolicyID || p.CalendarID != sla.OfficeCalendarID {
		t.Fatalf("seeded default %s on %s, want the fixed ids", p.ID, p.CalendarID)
	}
	c0, a0 := e.configCounts()
	if c0 != 0 || a0 != 0 {
		t.Fatalf("a fresh profile logged its seeds: %d changes, %d audit entries", c0, a0)
	}
	bad := p
	bad.WarnPercent = 150
	agent := p
	agent.WarnPercent = 50
	tests := []struct {
		name  string
		actor people.Actor
		p     sla.Policy
		code  string
	}{
		{"agent", people.Actor{ID: e.owner.ID, Role: people.Agent}, agent, fault.CodeForbidden},
		{"invalid", e.owner, bad, fault.CodeValidation},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := e.d.SLA.SavePolicy(ctx, tt.actor, tt.p); fault.Code(err) != tt.code {
				t.Errorf("got %v, want %s", err, tt.code)
			}
			if c, a := e.configCounts(); c != 0 || a != 0 {
				t.Errorf("a refused save wrote %d changes, %d audit entries", c, a)
			}
		})
	}
	good := p
	good.WarnPercent, good.Name = 60, "Team default"
	if _, err := e.d.SLA.SavePolicy(ctx, e.owner, good); err != nil {
		t.Fatal(err)
	}
	if c, a := e.configCounts(); c != 2 || a != 2 {
		t.Errorf("saving two fields wrote %d changes, %d audit entries, want 2 and 2", c, a)
	}
	if err := e.d.SLA.DeletePolicy(ctx, e.owner, sla.DefaultPolicyID); fault.Code(err) != fault.CodeNotFound {
		t.Errorf("archiving the default: got %v, want not found", err)
	}
}
