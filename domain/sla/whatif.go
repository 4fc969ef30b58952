package sla

import (
	"context"
	"sort"
	"time"

	"outpost/domain/people"
)

// Outcomes of a ticket's SLA, as what-if and reports count them.
const (
	OutcomeMet      = "met"      // resolved with every target met
	OutcomeBreached = "breached" // a target was missed, or is past due now
	OutcomeOpen     = "open"     // still running within its targets
	OutcomeNone     = "none"     // no policy target, or canceled before any outcome
)

// Outcome sums up a status: breached wins over everything, then met, then open.
func (st Status) Outcome() string {
	clocks := []Clock{st.Response, st.Resolution}
	if st.Response.Kind == "" {
		return OutcomeNone
	}
	for _, c := range clocks {
		if c.State == Missed || ((c.State == Running || c.State == Paused) && c.Stage == StageBreached) {
			return OutcomeBreached
		}
	}
	switch st.Resolution.State {
	case Met:
		return OutcomeMet
	case Running, Paused:
		return OutcomeOpen
	}
	return OutcomeNone
}

// WhatIfRequest is a policy and/or calendar as the editor holds it, before saving.
type WhatIfRequest struct {
	Days     int       `json:"days"`
	Policy   *Policy   `json:"policy"`   // replaces the policy with its id, or is added before the default
	Calendar *Calendar `json:"calendar"` // replaces the calendar with its id (or is the new policy's calendar)
}

// Counts are outcomes of a set of tickets.
type Counts struct {
	Met      int `json:"met"`
	Breached int `json:"breached"`
	Open     int `json:"open"`
}

func (c *Counts) add(outcome string) {
	switch outcome {
	case OutcomeMet:
		c.Met++
	case OutcomeBreached:
		c.Breached++
	case OutcomeOpen:
		c.Open++
	}
}

// PriorityCounts compares outcomes of one priority before and after the change.
type PriorityCounts struct {
	Priority int    `json:"priority"`
	Before   Counts `json:"before"`
	After    Counts `json:"after"`
}

// ChangedTicket is a ticket whose outcome the change would flip.
type ChangedTicket struct {
	ID       string `json:"id"`
	Number   string `json:"number"`
	Title    string `json:"title"`
	Priority int    `json:"priority"`
	Before   string `json:"before"`
	After    string `json:"after"`
}

// WhatIf is how the last Days of tickets fare under the current rules and under the change.
type WhatIf struct {
	Days         int              `json:"days"`
	Tickets      int              `json:"tickets"`
	ByPriority   []PriorityCounts `json:"byPriority"`
	Changed      []ChangedTicket  `json:"changed"` // the first 200
	ChangedTotal int              `json:"changedTotal"`
}

// WhatIf recomputes the tickets created in the last req.Days from their history under the
// current policies and under the changed ones, without saving anything.
func (s *Service) WhatIf(ctx context.Context, actor people.Actor, req WhatIfRequest, now time.Time) (*WhatIf, error) {
	if err := actor.Require(people.Agent, "simulate SLA changes"); err != nil {
		return nil, err
	}
	if req.Days <= 0 || req.Days > 366 {
		req.Days = 30
	}
	s.mu.RLock()
	oldPols, oldScheds := s.policies, s.schedules
	s.mu.RUnlock()
	newScheds := make(map[string]*Schedule, len(oldScheds)+1)
	for k, v := range oldScheds {
		newScheds[k] = v
	}
	if c := req.Calendar; c != nil {
		sc, err := c.Compile()
		if err != nil {
			return nil, err
		}
		if c.ID == "" {
			c.ID = "what-if"
		}
		newScheds[c.ID] = sc
	}
	newPols := append([]Policy(nil), oldPols...)
	if p := req.Policy; p != nil {
		q := *p
		if q.CalendarID == "" && req.Calendar != nil {
			q.CalendarID = req.Calendar.ID
		}
		if err := q.Validate(); err != nil {
			return nil, err
		}
		replaced := false
		for i := range newPols {
			if q.ID != "" && newPols[i].ID == q.ID {
				newPols[i], replaced = q, true
			}
		}
		if !replaced {
			q.Default = false
			// Added last among the non-default policies.
			at := len(newPols)
			if at > 0 && newPols[at-1].Default {
				at--
			}
			newPols = append(newPols[:at], append([]Policy{q}, newPols[at:]...)...)
		}
		sort.SliceStable(newPols, func(i, j int) bool {
			if newPols[i].Default != newPols[j].Default {
				return !newPols[i].Default
			}
			return newPols[i].Position < newPols[j].Position
		})
	}
	recs, err := loadRecords(s.DB.WithContext(ctx), "t.created_at >= ?", now.AddDate(0, 0, -req.Days).UnixMilli())
	if err != nil {
		return nil, err
	}
	out := &WhatIf{Days: req.Days, Tickets: len(recs), Changed: []ChangedTicket{}}
	byPrio := map[int]*PriorityCounts{}
	for _, r := range recs {
		before := outcomeUnder(oldPols, oldScheds, r, now)
		after := outcomeUnder(newPols, newScheds, r, now)
		pc := byPrio[r.Priority]
		if pc == nil {
			pc = &PriorityCounts{Priority: r.Priority}
			byPrio[r.Priority] = pc
		}
		pc.Before.add(before)
		pc.After.add(after)
		if before != after {
			out.ChangedTotal++
			if len(out.Changed) < 200 {
				out.Changed = append(out.Changed, ChangedTicket{ID: r.ID, Number: r.Number, Title: r.Title, Priority: r.Priority, Before: before, After: after})
			}
		}
	}
	for p := 1; p <= 5; p++ {
		if pc := byPrio[p]; pc != nil {
			out.ByPriority = append(out.ByPriority, *pc)
		} else {
			out.ByPriority = append(out.ByPriority, PriorityCounts{Priority: p})
		}
	}
	return out, nil
}

func outcomeUnder(pols []Policy, scheds map[string]*Schedule, r *record, now time.Time) string {
	p, sc := matchIn(pols, scheds, r.subject())
	if p == nil {
		return OutcomeNone
	}
	return Compute(r.history, p.Rules(), sc, now).Outcome()
}
