package sla

import (
	"time"

	"outpost/domain/kind"
)

// DueBy is when work that starts at start is due under a resolution target: counted on the
// schedule's working time for a business target (the days of a target in days are the
// calendar's days), else on elapsed time. The clock of a ticket counts the same way.
func DueBy(tg Target, business bool, sched *Schedule, start time.Time) time.Time {
	if !business || sched == nil {
		sched = AlwaysOn
	}
	if sched.Always() {
		return start.Add(length(tg, sched, start))
	}
	return sched.Add(start, length(tg, sched, start))
}

// PolicyDue is when work of priority that starts at start is due under the resolution target
// of policy policyID, read through r (the policy and its calendar are synced configuration,
// so every desk and the server count the same). ok is false when the policy does not exist
// or has no resolution target for the priority.
func PolicyDue(r kind.Reader, policyID string, priority int, start time.Time) (due time.Time, ok bool, err error) {
	doc, err := r.Get(EntityPolicy, policyID)
	if err != nil || doc == nil {
		return time.Time{}, false, err
	}
	p, err := policyOf(doc)
	if err != nil {
		return time.Time{}, false, err
	}
	tg, found := targetFor(p.Targets, priority)
	if !found || !tg.Resolution.valid() {
		return time.Time{}, false, nil
	}
	sched := AlwaysOn
	if tg.Business && p.CalendarID != "" {
		cdoc, err := r.Get(EntityCalendar, p.CalendarID)
		if err != nil {
			return time.Time{}, false, err
		}
		if cdoc != nil {
			cal, err := calendarOf(cdoc)
			if err != nil {
				return time.Time{}, false, err
			}
			if sched, err = cal.Compile(); err != nil {
				return time.Time{}, false, err
			}
		}
	}
	return DueBy(tg.Resolution, tg.Business, sched, start), true, nil
}
