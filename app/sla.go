package app

import (
	"context"
	"log/slog"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/sla"
)

// SLA is bound to the frontend: a ticket's SLA, policies and calendars, notifications,
// what-if and reports. The domain checks roles (managers edit policies).
type SLA struct{ app *App }

// NewSLA returns the SLA facade of a.
func NewSLA(a *App) *SLA { return &SLA{app: a} }

// keySweepEvery is the profile setting for how often the SLA sweep runs, as a Go duration
// ("1m" by default).
const keySweepEvery = "sla_sweep_every"

// sweepMu keeps an on-demand sweep and the cron one from running at once (the store makes a
// repeat harmless; this just spares the work).
var sweepMu sync.Mutex

// sweepJob is the sweep's place in the app's cron, so a changed interval replaces it.
type sweepJob struct {
	mu    sync.Mutex
	cron  *cron.Cron
	entry cron.EntryID
	every time.Duration
}

// startSLA registers the SLA sweep on c, every minute unless the profile says otherwise.
func (a *App) startSLA(c *cron.Cron) {
	every := time.Minute
	if d := a.current(); d != nil {
		if v, _ := d.Setting(context.Background(), keySweepEvery); v != "" {
			if p, err := time.ParseDuration(v); err == nil && p >= 10*time.Second {
				every = p
			}
		}
	}
	a.sweep.mu.Lock()
	a.sweep.cron = c
	a.sweep.mu.Unlock()
	a.scheduleSweep(every)
}

// scheduleSweep runs the sweep every interval from now on, in place of the old schedule.
func (a *App) scheduleSweep(every time.Duration) {
	a.sweep.mu.Lock()
	defer a.sweep.mu.Unlock()
	if a.sweep.cron == nil {
		return // no scheduled work (tests that open the app without starting it)
	}
	if a.sweep.entry != 0 {
		a.sweep.cron.Remove(a.sweep.entry)
	}
	id, err := a.sweep.cron.AddFunc("@every "+every.String(), func() {
		if _, err := a.sweepSLA(context.Background()); err != nil {
			slog.Error("SLA sweep", "err", err)
		}
	})
	if err != nil {
		slog.Error("schedule SLA sweep", "err", err)
		return
	}
	a.sweep.entry, a.sweep.every = id, every
}

// sweepSLA runs one sweep at the app's clock and tells the frontend what changed.
func (a *App) sweepSLA(ctx context.Context) (*sla.SweepResult, error) {
	d := a.current()
	if d == nil || d.SLA == nil {
		return &sla.SweepResult{Fired: []sla.Fired{}, Notified: []string{}}, nil
	}
	sweepMu.Lock()
	defer sweepMu.Unlock()
	sw, err := d.SLA.NewSweeper(ctx)
	if err != nil {
		return nil, err
	}
	res, err := sw.Tick(ctx, a.clock.Now())
	if err != nil {
		return nil, err
	}
	if len(res.Fired) > 0 {
		ids := make([]string, 0, len(res.Fired))
		for _, f := range res.Fired {
			ids = append(ids, f.TicketID)
		}
		a.emit("sla:changed", ids)
	}
	if len(res.Notified) > 0 {
		a.emit("notification:new", res.Notified)
		a.notifyOS(ctx, res)
	}
	if res.Writes > 0 {
		a.emit("ticket:changed", "")
	}
	return res, nil
}

// notifyOS shows one desktop notification per sweep for the signed-in user, where the
// platform offers one (see osnotify_*.go).
func (a *App) notifyOS(ctx context.Context, res *sla.SweepResult) {
	a.mu.RLock()
	me := a.actor.ID
	a.mu.RUnlock()
	mine := false
	for _, u := range res.Notified {
		mine = mine || u == me
	}
	d := a.current()
	if !mine || d == nil {
		return
	}
	notes, err := d.SLA.Notifications(ctx, people.Actor{ID: me}, true, 3)
	if err != nil || len(notes) == 0 {
		return
	}
	lines := make([]string, 0, len(notes))
	for _, n := range notes {
		lines = append(lines, n.Message)
	}
	desktopNotify("Outpost SLA", strings.Join(lines, "\n"))
}

// SweepNow runs the SLA sweep at once (after the test clock moved, or from a "refresh"
// button) instead of waiting for the next minute.
func (s *SLA) SweepNow() (*sla.SweepResult, error) {
	ctx := context.Background()
	if _, _, err := s.app.who(ctx); err != nil {
		return nil, err
	}
	return s.app.sweepSLA(ctx)
}

// Status is a ticket's SLA now: both clocks, due times, stage, pause.
func (s *SLA) Status(ticketID string) (*sla.TicketStatus, error) {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		return nil, err
	}
	return d.SLA.Status(ctx, actor, ticketID, s.app.clock.Now())
}

// Policies lists the policies in the order they are tried, the default last.
func (s *SLA) Policies() ([]sla.Policy, error) {
	d, _, err := s.app.who(context.Background())
	if err != nil {
		return nil, err
	}
	return d.SLA.Policies(), nil
}

// SavePolicy creates or updates a policy (managers and admins).
func (s *SLA) SavePolicy(p sla.Policy) (*sla.Policy, error) {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		return nil, err
	}
	out, err := d.SLA.SavePolicy(ctx, actor, p)
	if err == nil {
		s.app.emit("sla:changed", "")
	}
	return out, err
}

// DeletePolicy removes a policy other than the default.
func (s *SLA) DeletePolicy(id string) error {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		return err
	}
	if err := d.SLA.DeletePolicy(ctx, actor, id); err != nil {
		return err
	}
	s.app.emit("sla:changed", "")
	return nil
}

// ReorderPolicies sets the order policies are tried in.
func (s *SLA) ReorderPolicies(ids []string) error {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		return err
	}
	if err := d.SLA.ReorderPolicies(ctx, actor, ids); err != nil {
		return err
	}
	s.app.emit("sla:changed", "")
	return nil
}

// Calendars lists the business calendars.
func (s *SLA) Calendars() ([]sla.Calendar, error) {
	d, _, err := s.app.who(context.Background())
	if err != nil {
		return nil, err
	}
	return d.SLA.Calendars(), nil
}

// SaveCalendar creates or updates a calendar (managers and admins).
func (s *SLA) SaveCalendar(c sla.Calendar) (*sla.Calendar, error) {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		return nil, err
	}
	out, err := d.SLA.SaveCalendar(ctx, actor, c)
	if err == nil {
		s.app.emit("sla:changed", "")
	}
	return out, err
}

// DeleteCalendar removes a calendar no policy uses.
func (s *SLA) DeleteCalendar(id string) error {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		return err
	}
	if err := d.SLA.DeleteCalendar(ctx, actor, id); err != nil {
		return err
	}
	s.app.emit("sla:changed", "")
	return nil
}

// WhatIf shows how recent tickets would fare under an unsaved policy or calendar.
func (s *SLA) WhatIf(req sla.WhatIfRequest) (*sla.WhatIf, error) {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		return nil, err
	}
	return d.SLA.WhatIf(ctx, actor, req, s.app.clock.Now())
}

// Report is SLA compliance and response/resolution distributions for a period.
func (s *SLA) Report(req sla.ReportRequest) (*sla.Report, error) {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		return nil, err
	}
	return d.SLA.Report(ctx, actor, req, s.app.clock.Now())
}

// NotificationPage is the notification centre's list with the unread count.
type NotificationPage struct {
	Items  []sla.Notification `json:"items"`
	Unread int64              `json:"unread"`
}

// Notifications lists the signed-in user's notifications, newest first.
func (s *SLA) Notifications(unreadOnly bool, limit int) (*NotificationPage, error) {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		return nil, err
	}
	items, err := d.SLA.Notifications(ctx, actor, unreadOnly, limit)
	if err != nil {
		return nil, err
	}
	n, err := d.SLA.UnreadCount(ctx, actor)
	if err != nil {
		return nil, err
	}
	return &NotificationPage{Items: items, Unread: n}, nil
}

// UnreadCount is the badge on the notification bell.
func (s *SLA) UnreadCount() (int64, error) {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		return 0, err
	}
	return d.SLA.UnreadCount(ctx, actor)
}

// MarkRead marks notifications read (all of them when ids is empty).
func (s *SLA) MarkRead(ids []string) error {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		return err
	}
	return d.SLA.MarkRead(ctx, actor, ids, s.app.clock.Now())
}

// SweepEvery returns how often the sweep runs, as a Go duration.
func (s *SLA) SweepEvery() (string, error) {
	ctx := context.Background()
	d, _, err := s.app.who(ctx)
	if err != nil {
		return "", err
	}
	v, err := d.Setting(ctx, keySweepEvery)
	if v == "" {
		v = "1m0s"
	}
	return v, err
}

// SetSweepEvery changes how often the sweep runs (managers), from now on.
func (s *SLA) SetSweepEvery(every string) error {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		return err
	}
	if err := actor.Require(people.Manager, "change the SLA sweep"); err != nil {
		return err
	}
	p, err := time.ParseDuration(every)
	if err != nil || p < 10*time.Second || p > time.Hour {
		return fault.Field("every", "give a duration between 10s and 1h, e.g. 1m")
	}
	if err := d.SetSetting(ctx, keySweepEvery, p.String()); err != nil {
		return err
	}
	s.app.scheduleSweep(p)
	return nil
}
