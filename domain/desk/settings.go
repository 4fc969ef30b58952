package desk

import (
	"context"
	"encoding/json"
	"strconv"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

// Settings are the desk-wide options an admin edits.
type Settings struct {
	AutoCloseDays int           `json:"autoCloseDays"`
	Matrix        ticket.Matrix `json:"matrix"`
}

// Settings returns the desk-wide options.
func (d *Desk) Settings(ctx context.Context) Settings {
	return Settings{AutoCloseDays: d.AutoCloseDays(ctx), Matrix: d.Tickets.Matrix}
}

// SaveSettings checks and stores the desk-wide options (admins only).
func (d *Desk) SaveSettings(ctx context.Context, actor people.Actor, s Settings) error {
	if err := actor.Require(people.Admin, "change desk settings"); err != nil {
		return err
	}
	v := &fault.Validation{}
	if s.AutoCloseDays < 0 || s.AutoCloseDays > 365 {
		v.Add("autoCloseDays", "between 0 (never) and 365 days")
	}
	raw, err := json.Marshal(s.Matrix)
	if err != nil {
		return err
	}
	if _, err := ticket.ParseMatrix(string(raw)); err != nil {
		v.Add("matrix", "every cell must be a priority from 1 to 5")
	}
	if err := v.Err(); err != nil {
		return err
	}
	if err := d.SetSetting(ctx, keyAutoCloseDays, strconv.Itoa(s.AutoCloseDays)); err != nil {
		return err
	}
	if err := d.SetSetting(ctx, keyPriorityMatrix, string(raw)); err != nil {
		return err
	}
	d.Tickets.Matrix = s.Matrix
	return nil
}
