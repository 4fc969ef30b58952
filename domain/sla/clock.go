package sla

import (
	"slices"
	"sort"
	"strconv"
	"time"

	"outpost/domain/ticket"
)

// Unit is what a target counts in.
type Unit string

const (
	Minutes Unit = "minutes"
	Hours   Unit = "hours"
	Days    Unit = "days"
)

// Target is an amount of time to respond or resolve.
type Target struct {
	Value int  `json:"value"`
	Unit  Unit `json:"unit"`
}

// String is the short form used as part of an SLA event's key, e.g. "8h".
func (t Target) String() string { return strconv.Itoa(t.Value) + string(t.Unit[0]) }

func (t Target) valid() bool {
	return t.Value > 0 && (t.Unit == Minutes || t.Unit == Hours || t.Unit == Days)
}

// Kinds of SLA clock.
const (
	Response   = "response"
	Resolution = "resolution"
)

// Stages of a clock, by elapsed share of the target.
const (
	StageOK       = "ok"
	StageWarning  = "warning"
	StageBreached = "breached"
)

// States of a clock.
const (
	Running  = "running"
	Paused   = "paused"
	Met      = "met"      // stopped in time
	Missed   = "breached" // stopped after the due time
	Canceled = "canceled" // the ticket was canceled or closed without resolution
)

// Change is one event of a ticket's history that the SLA clock cares about. Zero fields did
// not change.
type Change struct {
	At         time.Time
	State      ticket.State // the state moved to
	HoldReason string       // with State on_hold
	Priority   int          // the new priority
	Responded  bool         // first public reply by staff
}

// History is what the clock is derived from: when the ticket started, its first priority and
// its changes in time order.
type History struct {
	Created  time.Time
	Priority int
	Changes  []Change
}

// Rules are the parts of a policy the clock needs.
type Rules struct {
	Targets      []PriorityTarget
	PauseReasons []string // hold reasons that stop the clock; none listed: every reason does
	WarnPercent  int
	Levels       []int // further levels (escalations), as percent of the target
}

// PriorityTarget sets the response and resolution targets of one priority. Business targets
// count on the policy's calendar, others on 24×7.
type PriorityTarget struct {
	Priority   int    `json:"priority"`
	Response   Target `json:"response"`
	Resolution Target `json:"resolution"`
	Business   bool   `json:"business"`
}

// Clock is the computed state of one SLA clock. Times are unix ms, 0 for none.
type Clock struct {
	Kind      string `json:"kind"`
	Target    Target `json:"target"`
	Business  bool   `json:"business"`
	TargetMS  int64  `json:"targetMs"`
	ElapsedMS int64  `json:"elapsedMs"`
	DueAt     int64  `json:"dueAt"` // when elapsed reaches the target (0 while paused short of it)
	// WarnAt is when elapsed reaches the warning share (0 while paused short of it).
	WarnAt    int64  `json:"warnAt"`
	State     string `json:"state"`
	Stage     string `json:"stage"`
	StartedAt int64  `json:"startedAt"`
	StoppedAt int64  `json:"stoppedAt"`
}

// Due is a future or past instant at which a clock reaches a level.
type Due struct {
	Kind    string    // response or resolution
	Percent int       // level: warning share, 100 = breach, more = escalations after breach
	Target  string    // the target it is a share of, e.g. "4h"
	At      time.Time // when elapsed reaches Percent of the target
}

// Status is the SLA state of a ticket at now.
type Status struct {
	Priority   int    `json:"priority"`
	Response   Clock  `json:"response"`
	Resolution Clock  `json:"resolution"`
	Paused     bool   `json:"paused"`
	Stage      string `json:"stage"` // worst stage of the running clocks ("" when none runs)
	DueAt      int64  `json:"dueAt"` // nearest due time of a running clock
	// WarnAt is the nearest warning instant of a running clock: between it and DueAt the
	// ticket is breaching soon.
	WarnAt int64 `json:"warnAt"`
	// BreachAt is when the ticket breaches or breached: DueAt while a clock runs, or the due
	// time a paused clock passed before it stopped (0 when neither).
	BreachAt int64 `json:"breachAt"`
	// Dues are the levels of running clocks, in time order, past and future: the sweep fires
	// the ones not yet fired.
	Dues []Due `json:"-"`
}

// segment is a period in which a clock counted; open marks the one still running at now.
type segment struct {
	a, b time.Time
	open bool
}

type clockRun struct {
	segs    []segment
	started bool
	stopped time.Time
	outcome string // "", Met (candidate), Canceled
}

func (r *clockRun) set(active bool, at time.Time) {
	n := len(r.segs)
	running := n > 0 && r.segs[n-1].open
	switch {
	case active && !running:
		r.segs = append(r.segs, segment{a: at, open: true})
		r.started = true
	case !active && running:
		r.segs[n-1].b, r.segs[n-1].open = at, false
	}
}

// Compute derives the SLA status of a ticket from its history under rules, with business
// targets on sched, at now. It never reads a clock of its own.
func Compute(h History, rules Rules, sched *Schedule, now time.Time) Status {
	if sched == nil {
		sched = AlwaysOn
	}
	pauseAll := len(rules.PauseReasons) == 0
	prio, state, hold := h.Priority, ticket.New, ""
	var resp, res clockRun
	t := h.Created
	if now.Before(t) {
		now = t
	}
	counts := func() bool {
		return state == ticket.New || state == ticket.InProgress || (state == ticket.OnHold && !pauseAll && !slices.Contains(rules.PauseReasons, hold))
	}
	apply := func(at time.Time) {
		open := counts()
		respDone := resp.outcome != ""
		resp.set(open && !respDone, at)
		res.set(open && res.outcome == "", at)
	}
	apply(t)
	for _, c := range h.Changes {
		at := c.At
		if at.Before(t) {
			at = t // out-of-order (offline) timestamps never run a clock backwards
		}
		if at.After(now) {
			break
		}
		t = at
		if c.Priority > 0 {
			prio = c.Priority
		}
		if c.State != "" {
			state, hold = c.State, c.HoldReason
			switch state {
			case ticket.InProgress:
				if res.outcome == Met {
					res.outcome = "" // reopened: the resolution clock goes on where it stopped
				}
			case ticket.Resolved:
				if res.outcome == "" {
					res.outcome, res.stopped = Met, at
				}
			case ticket.Closed, ticket.Canceled:
				if res.outcome == "" {
					res.outcome, res.stopped = Canceled, at
				}
			}
		}
		if resp.outcome == "" {
			switch {
			case c.Responded || state == ticket.InProgress || state == ticket.Resolved:
				resp.outcome, resp.stopped = Met, at
			case state == ticket.Closed || state == ticket.Canceled:
				resp.outcome, resp.stopped = Canceled, at
			}
		}
		apply(at)
	}
	out := Status{Priority: prio}
	pt, ok := targetFor(rules.Targets, prio)
	if !ok {
		return out
	}
	warn := rules.WarnPercent
	if warn <= 0 || warn >= 100 {
		warn = 75
	}
	levels := make([]int, 2, 2+len(rules.Levels))
	levels[0], levels[1] = warn, 100
	for _, l := range rules.Levels {
		if l > 0 && !containsInt(levels, l) {
			levels = append(levels, l)
		}
	}
	sort.Ints(levels)
	cs := sched
	if !pt.Business {
		cs = AlwaysOn
	}
	out.Dues = make([]Due, 0, 2*len(levels))
	out.Response = runClock(Response, pt.Response, pt.Business, &resp, cs, now, warn, levels, &out.Dues)
	out.Resolution = runClock(Resolution, pt.Resolution, pt.Business, &res, cs, now, warn, levels, &out.Dues)
	if len(out.Dues) == 0 {
		out.Dues = nil
	}
	slices.SortStableFunc(out.Dues, func(a, b Due) int { return a.At.Compare(b.At) })
	for _, c := range []Clock{out.Response, out.Resolution} {
		switch c.State {
		case Running:
			if out.Stage == "" || stageRank(c.Stage) > stageRank(out.Stage) {
				out.Stage = c.Stage
			}
			out.DueAt = earliest(out.DueAt, c.DueAt)
			out.WarnAt = earliest(out.WarnAt, c.WarnAt)
			out.BreachAt = earliest(out.BreachAt, c.DueAt)
		case Paused:
			out.Paused = true
			out.BreachAt = earliest(out.BreachAt, c.DueAt) // set only when it passed its target
			if out.Stage == "" || stageRank(c.Stage) > stageRank(out.Stage) {
				out.Stage = c.Stage
			}
		}
	}
	return out
}

// earliest is the earlier of two unix ms instants, 0 meaning none.
func earliest(a, b int64) int64 {
	if a == 0 || (b > 0 && b < a) {
		return b
	}
	return a
}

func stageRank(s string) int {
	switch s {
	case StageWarning:
		return 1
	case StageBreached:
		return 2
	}
	return 0
}

func targetFor(ts []PriorityTarget, prio int) (PriorityTarget, bool) {
	for _, t := range ts {
		if t.Priority == prio {
			return t, true
		}
	}
	return PriorityTarget{}, false
}

func containsInt(xs []int, x int) bool {
	for _, v := range xs {
		if v == x {
			return true
		}
	}
	return false
}

// length converts a target into working time on sched. Days count working days from the
// clock's start, so a 3-day target is three of the calendar's days, however long they are.
func length(tg Target, sched *Schedule, start time.Time) time.Duration {
	switch tg.Unit {
	case Minutes:
		return time.Duration(tg.Value) * time.Minute
	case Hours:
		return time.Duration(tg.Value) * time.Hour
	case Days:
		if sched.Always() {
			return time.Duration(tg.Value) * 24 * time.Hour
		}
		s := sched.Next(start)
		return sched.Between(s, sched.AddDays(s, tg.Value))
	}
	return 0
}

// runClock computes one clock; warn is the warning share, levels every share that fires.
func runClock(kind string, tg Target, business bool, r *clockRun, sched *Schedule, now time.Time, warn int, levels []int, dues *[]Due) Clock {
	c := Clock{Kind: kind, Target: tg, Business: business, State: Running}
	if len(r.segs) == 0 {
		// Never counted (e.g. logged straight into a pausing state): paused at zero.
		c.State, c.Stage = Paused, StageOK
		if r.outcome == Met {
			c.State = Met
		}
		if r.outcome == Canceled {
			c.State = Canceled
		}
		c.TargetMS = length(tg, sched, now).Milliseconds()
		return c
	}
	start := r.segs[0].a
	c.StartedAt = start.UnixMilli()
	total := length(tg, sched, start)
	c.TargetMS = total.Milliseconds()
	var elapsed time.Duration
	lens := make([]time.Duration, len(r.segs))
	for i, s := range r.segs {
		b := s.b
		if s.open {
			b = now
		}
		lens[i] = sched.Between(s.a, b)
		elapsed += lens[i]
	}
	c.ElapsedMS = elapsed.Milliseconds()
	last := r.segs[len(r.segs)-1]
	// at finds when the clock reached x of working time (zero when it has not and cannot,
	// being paused or stopped).
	at := func(x time.Duration) time.Time {
		var cum time.Duration
		for i, s := range r.segs {
			if s.open || cum+lens[i] >= x {
				return sched.Add(s.a, x-cum)
			}
			cum += lens[i]
		}
		return time.Time{}
	}
	if due := at(total); !due.IsZero() {
		c.DueAt = due.UnixMilli()
	}
	switch {
	case elapsed >= total:
		c.Stage = StageBreached
	case elapsed*100 >= total*time.Duration(warn):
		c.Stage = StageWarning
	default:
		c.Stage = StageOK
	}
	switch {
	case r.outcome == Met:
		c.StoppedAt = r.stopped.UnixMilli()
		c.State = Met
		if c.DueAt > 0 && c.DueAt < c.StoppedAt {
			c.State = Missed
		}
		return c
	case r.outcome == Canceled:
		c.StoppedAt, c.State = r.stopped.UnixMilli(), Canceled
		return c
	case !last.open:
		c.State = Paused
	}
	target := tg.String()
	for _, p := range levels {
		if when := at(total * time.Duration(p) / 100); !when.IsZero() {
			*dues = append(*dues, Due{Kind: kind, Percent: p, Target: target, At: when})
			if p == warn {
				c.WarnAt = when.UnixMilli()
			}
		}
	}
	return c
}
