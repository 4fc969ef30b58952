package desk

import (
	"context"
	"encoding/json"

	"gorm.io/gorm"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/replica"
	"outpost/domain/store"
	"outpost/domain/ticket"
)

// Settings are the desk-wide options an admin edits. They sync: one desk_settings record
// for the team.
type Settings struct {
	AutoCloseDays int           `json:"autoCloseDays"`
	Matrix        ticket.Matrix `json:"matrix"`
}

// Settings returns the desk-wide options.
func (d *Desk) Settings(ctx context.Context) Settings {
	return Settings{AutoCloseDays: d.AutoCloseDays(ctx), Matrix: d.Tickets.Matrix}
}

// SaveSettings checks and stores the desk-wide options (admins only), through the kind's
// rules, the change log and the audit trail.
func (d *Desk) SaveSettings(ctx context.Context, actor people.Actor, s Settings) error {
	if err := actor.Require(people.Admin, "change desk settings"); err != nil {
		return err
	}
	v := &fault.Validation{}
	if s.AutoCloseDays < 0 || s.AutoCloseDays > 365 {
		v.Add("autoCloseDays", "between 0 (never) and 365 days")
	}
	if err := v.Err(); err != nil {
		return err
	}
	autoClose, _ := json.Marshal(s.AutoCloseDays)
	err := store.Tx(ctx, d.DB, func(tx *gorm.DB) error {
		t, _ := replica.Lookup(EntitySettings)
		w := &replica.Writer{Tx: tx, Log: d.Log, Actor: actor, At: d.Now().UnixMilli(),
			Reader: replica.TxReader{Tx: tx, Team: replica.Settings{Matrix: d.Tickets.Matrix}}}
		_, err := w.Set(t, SettingsID, replica.Doc{"autoCloseDays": autoClose, "matrix": matrixText(s.Matrix)})
		return err
	})
	if err != nil {
		return err
	}
	return d.loadSettings(ctx)
}

// loadSettings reads the synced desk settings the services hold in memory (the matrix).
func (d *Desk) loadSettings(ctx context.Context) error {
	t, _ := replica.Lookup(EntitySettings)
	doc, err := replica.ReadDoc(d.DB.WithContext(ctx), t, SettingsID)
	if err != nil {
		return err
	}
	if doc == nil {
		doc = t.Seed(SettingsID)
	}
	// Every write of the matrix, here or on another desk, passed the kind's rules: a broken
	// one is a damaged profile, not to be opened silently with another matrix.
	m, err := ticket.ParseMatrix(str(doc["matrix"]))
	if err != nil {
		return err
	}
	d.Tickets.Matrix = m
	return nil
}

func str(raw json.RawMessage) string {
	s, _ := replica.JSONString(raw)
	return s
}

// ConfigKinds are the configuration kinds whose change, pulled from a server, makes the
// desk reload its settings and recompute SLAs (Refresh).
func ConfigKinds() []string { return append([]string(nil), configKinds...) }

// Refresh reloads what the desk holds in memory from synced configuration (the matrix,
// policies and calendars) and recomputes open tickets' SLAs once, if a pull marked it
// stale (sla.MarkStale). It reports whether it recomputed.
func (d *Desk) Refresh(ctx context.Context) (bool, error) {
	if err := d.loadSettings(ctx); err != nil {
		return false, err
	}
	return d.SLA.Refresh(ctx)
}
