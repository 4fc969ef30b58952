package app

import (
	"context"
	"io"
	"time"

	"outpost/domain/export"
	"outpost/domain/satisfaction"
)

// Satisfaction is bound to the frontend: requesters' ratings of their resolved tickets, and
// the managers' report. Every call re-reads the actor; the domain checks their role.
type Satisfaction struct{ app *App }

// NewSatisfaction returns the satisfaction facade of a.
func NewSatisfaction(a *App) *Satisfaction { return &Satisfaction{app: a} }

// Get returns the ticket's rating and whether the signed-in person may rate it now.
func (s *Satisfaction) Get(ticketID string) (*satisfaction.Given, error) {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		return nil, err
	}
	return d.Satisfaction.ForTicket(ctx, actor, ticketID)
}

// Rate records the signed-in requester's rating of their ticket.
func (s *Satisfaction) Rate(ticketID string, r satisfaction.NewRating) (*satisfaction.Given, error) {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := d.Satisfaction.Rate(ctx, actor, ticketID, r); err != nil {
		return nil, err
	}
	s.app.emit("ticket:changed", ticketID)
	return d.Satisfaction.ForTicket(ctx, actor, ticketID)
}

// Report sums up the ratings given in the period (managers).
func (s *Satisfaction) Report(p satisfaction.Period) (*satisfaction.Report, error) {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		return nil, err
	}
	return d.Satisfaction.Report(ctx, actor, p)
}

// Export writes the period's report to a file the manager chooses, as "csv" or "json".
func (s *Satisfaction) Export(p satisfaction.Period, format string) (*Saved, error) {
	x := &Exports{app: s.app}
	ctx, d, actor, f, err := x.begin(format)
	if err != nil {
		return nil, err
	}
	r, err := d.Satisfaction.Report(ctx, actor, p)
	if err != nil {
		return nil, err
	}
	name := "outpost-satisfaction-" + time.UnixMilli(p.From).UTC().Format("2006-01-02") + "-" +
		time.UnixMilli(p.To).UTC().Format("2006-01-02") + "." + string(f)
	return x.save(ctx, "Export the satisfaction report", name, func(w io.Writer) error {
		return export.WriteSatisfaction(w, f, r)
	})
}
