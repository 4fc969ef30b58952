// Package sla is service-level management: business calendars, the per-ticket SLA clock
// derived from a ticket's history, policies and their storage, the sweep that fires warnings,
// breaches and escalations, notifications, what-if simulation and compliance reports.
//
// The math (calendar.go, clock.go) is pure: it takes now as an argument and reads no database,
// so every device computes the same answer from the same history.
package sla

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"outpost/domain/fault"
)

// Calendar is when work happens: a time zone, weekly working intervals, holidays and
// exceptions. Always means 24×7: every instant counts.
type Calendar struct {
	ID         string      `json:"id"`
	Name       string      `json:"name"`
	Zone       string      `json:"zone"` // IANA name, e.g. Europe/Berlin
	Always     bool        `json:"always"`
	Week       []Interval  `json:"week"`
	Holidays   []Holiday   `json:"holidays"`
	Exceptions []Exception `json:"exceptions"`
	UpdatedAt  int64       `json:"updatedAt"`
}

// Interval is a weekly working interval in local wall-clock time. An End at or before Start
// is an overnight shift that ends on the next day; "24:00" is midnight at the end of the day.
// A shift belongs to the day it starts on: a holiday on that day cancels all of it.
type Interval struct {
	Day   time.Weekday `json:"day"` // 0 = Sunday
	Start string       `json:"start"`
	End   string       `json:"end"`
}

// Holiday is a day without work: a single date "2025-12-24", or with Yearly a month and day
// "12-25" that recurs (a full date is accepted too; its year is then ignored).
type Holiday struct {
	Date   string `json:"date"`
	Name   string `json:"name"`
	Yearly bool   `json:"yearly"`
}

// Exception replaces one date's working hours: extra hours on a weekend, a short day, or
// no hours at all. It wins over holidays and the weekly intervals.
type Exception struct {
	Date  string `json:"date"` // 2025-12-31
	Name  string `json:"name"`
	Hours []Span `json:"hours"`
}

// Span is a start and end of work within one day, local wall-clock "HH:MM".
type Span struct {
	Start string `json:"start"`
	End   string `json:"end"`
}

// span is a compiled interval: minutes from the day's midnight, end may pass 1440.
type span struct{ start, end int }

// Schedule is a compiled calendar that answers the questions of business-time arithmetic.
type Schedule struct {
	always     bool
	loc        *time.Location
	week       [7][]span
	holidays   map[int]bool // yyyymmdd
	yearly     map[int]bool // mmdd
	exceptions map[int][]span
}

// AlwaysOn is the 24×7 schedule: business time is elapsed time.
var AlwaysOn = &Schedule{always: true, loc: time.UTC}

// maxDays bounds every walk over days, so a calendar without working time cannot hang a
// computation; a due time that cannot be reached is reported as never.
const maxDays = 3660

// Never is the instant returned when a calendar has no working time left to count.
var Never = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)

// Compile checks a calendar and prepares it for computation.
func (c Calendar) Compile() (*Schedule, error) {
	v := &fault.Validation{}
	s := c.compile(v)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

// Validate checks a calendar a person saves: what Compile checks, and that its names are
// within their limits (a stored calendar still compiles whatever its names).
func (c Calendar) Validate() error {
	v := &fault.Validation{}
	c.compile(v)
	v.Limit("name", "a calendar's name", strings.TrimSpace(c.Name), limits["calendar.name"])
	for i, h := range c.Holidays {
		v.Limit(fmt.Sprintf("holidays.%d", i), "a holiday's name", strings.TrimSpace(h.Name), limits["calendar.holiday"])
	}
	for i, e := range c.Exceptions {
		v.Limit(fmt.Sprintf("exceptions.%d", i), "an exception's name", strings.TrimSpace(e.Name), limits["calendar.exception"])
	}
	return v.Err()
}

// compile adds what is wrong with c to v and returns the schedule of what is right.
func (c Calendar) compile(v *fault.Validation) *Schedule {
	if strings.TrimSpace(c.Name) == "" {
		v.Add("name", "a calendar needs a name")
	}
	zone := c.Zone
	if zone == "" {
		zone = "UTC"
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		v.Add("zone", "%q is not a known time zone", c.Zone)
		loc = time.UTC
	}
	s := &Schedule{always: c.Always, loc: loc, holidays: map[int]bool{}, yearly: map[int]bool{}, exceptions: map[int][]span{}}
	for i, in := range c.Week {
		sp, err := parseSpan(in.Start, in.End)
		if err != nil || in.Day < time.Sunday || in.Day > time.Saturday {
			v.Add(fmt.Sprintf("week.%d", i), "give a weekday and times as HH:MM")
			continue
		}
		s.week[in.Day] = append(s.week[in.Day], sp)
	}
	for i, h := range c.Holidays {
		if h.Yearly {
			md, err := parseMonthDay(h.Date)
			if err != nil {
				v.Add(fmt.Sprintf("holidays.%d", i), "a yearly holiday is MM-DD")
				continue
			}
			s.yearly[md] = true
			continue
		}
		d, err := time.Parse(time.DateOnly, h.Date)
		if err != nil {
			v.Add(fmt.Sprintf("holidays.%d", i), "a holiday is a date YYYY-MM-DD")
			continue
		}
		s.holidays[dateKey(d.Date())] = true
	}
	for i, e := range c.Exceptions {
		d, err := time.Parse(time.DateOnly, e.Date)
		if err != nil {
			v.Add(fmt.Sprintf("exceptions.%d", i), "an exception is a date YYYY-MM-DD")
			continue
		}
		spans := []span{}
		for _, h := range e.Hours {
			sp, err := parseSpan(h.Start, h.End)
			if err != nil {
				v.Add(fmt.Sprintf("exceptions.%d", i), "give times as HH:MM")
				continue
			}
			spans = append(spans, sp)
		}
		sortSpans(spans)
		s.exceptions[dateKey(d.Date())] = spans
	}
	hasWork := c.Always
	for d := range s.week {
		sortSpans(s.week[d])
		hasWork = hasWork || len(s.week[d]) > 0
	}
	if !hasWork {
		v.Add("week", "a calendar needs working hours, or 24×7")
	}
	return s
}

// MustCompile compiles a calendar known to be valid (defaults, tests).
func (c Calendar) MustCompile() *Schedule {
	s, err := c.Compile()
	if err != nil {
		panic(err)
	}
	return s
}

func sortSpans(s []span) { sort.Slice(s, func(i, j int) bool { return s[i].start < s[j].start }) }

func parseClock(s string) (int, error) {
	h, m, ok := strings.Cut(strings.TrimSpace(s), ":")
	if !ok {
		return 0, fmt.Errorf("time %q is not HH:MM", s)
	}
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	if err1 != nil || err2 != nil || hh < 0 || mm < 0 || mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, fmt.Errorf("time %q is not HH:MM", s)
	}
	return hh*60 + mm, nil
}

func parseSpan(start, end string) (span, error) {
	a, err := parseClock(start)
	if err != nil {
		return span{}, err
	}
	b, err := parseClock(end)
	if err != nil {
		return span{}, err
	}
	if a == 1440 {
		return span{}, fmt.Errorf("a shift cannot start at 24:00")
	}
	if b <= a {
		b += 1440 // overnight: ends the next day
	}
	return span{a, b}, nil
}

func parseMonthDay(s string) (int, error) {
	if d, err := time.Parse(time.DateOnly, s); err == nil {
		return int(d.Month())*100 + d.Day(), nil
	}
	d, err := time.Parse("01-02", s)
	if err != nil {
		return 0, err
	}
	return int(d.Month())*100 + d.Day(), nil
}

func dateKey(y int, m time.Month, d int) int { return y*10000 + int(m)*100 + d }

// Location is the schedule's time zone.
func (s *Schedule) Location() *time.Location { return s.loc }

// Always reports whether the schedule is 24×7.
func (s *Schedule) Always() bool { return s.always }

// day returns the working spans of a local date.
func (s *Schedule) day(y int, m time.Month, d int) []span {
	key := dateKey(y, m, d)
	if ex, ok := s.exceptions[key]; ok {
		return ex
	}
	if s.holidays[key] || s.yearly[int(m)*100+d] {
		return nil
	}
	return s.week[time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Weekday()]
}

// wall returns the instant at which the local clock shows the date plus off (which may pass
// 24h: minutes past midnight count in wall-clock terms, so 08:00 is 08:00 on a DST day too,
// and a shift over the change is as long as it really is). A wall time that a DST change
// skips is the instant of the change: time.Date would move it by the size of the gap, forward
// in some zones and back in others, which gives spans that end before they start.
func (s *Schedule) wall(y int, m time.Month, d int, off time.Duration) time.Time {
	t := time.Date(y, m, d, 0, 0, 0, int(off), s.loc)
	want := time.Date(y, m, d, 0, 0, 0, int(off), time.UTC).Unix()
	_, zoff := t.Zone()
	switch got := t.Unix() + int64(zoff); {
	case got > want: // moved past the gap: the gap ended where t's zone began
		if start, _ := t.ZoneBounds(); !start.IsZero() {
			return start
		}
	case got < want: // moved before the gap: it began where t's zone ends
		if _, end := t.ZoneBounds(); !end.IsZero() {
			return end
		}
	}
	return t
}

// walk calls fn with each working period [a, b) that ends after from, in order, clipped so
// that none starts before from or overlaps the one before. fn returns false to stop.
func (s *Schedule) walk(from time.Time, fn func(a, b time.Time) bool) {
	local := from.In(s.loc)
	y, m, d := local.Date()
	// Start a day early: yesterday's overnight shift may still be running.
	day := time.Date(y, m, d-1, 12, 0, 0, 0, time.UTC)
	cursor := from
	for i := 0; i < maxDays; i++ {
		dy, dm, dd := day.Date()
		for _, sp := range s.day(dy, dm, dd) {
			a := s.wall(dy, dm, dd, time.Duration(sp.start)*time.Minute)
			b := s.wall(dy, dm, dd, time.Duration(sp.end)*time.Minute)
			if !b.After(cursor) || !b.After(a) {
				continue // over, or wholly inside a DST gap
			}
			if a.Before(cursor) {
				a = cursor
			}
			if !fn(a, b) {
				return
			}
			cursor = b
		}
		day = day.AddDate(0, 0, 1)
	}
}

// Add returns the earliest instant at which d of working time has passed since start
// (GLPI's rule: 4 business hours from 16:00 on an 08–18 calendar is 10:00 the next working
// day). Zero or negative d returns start.
func (s *Schedule) Add(start time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return start
	}
	if s.always {
		return start.Add(d)
	}
	out := Never
	rem := d
	s.walk(start, func(a, b time.Time) bool {
		if l := b.Sub(a); rem > l {
			rem -= l
			return true
		}
		out = a.Add(rem)
		return false
	})
	return out
}

// Between returns the working time in [from, to); zero when to is not after from.
func (s *Schedule) Between(from, to time.Time) time.Duration {
	if !to.After(from) {
		return 0
	}
	if s.always {
		return to.Sub(from)
	}
	var sum time.Duration
	s.walk(from, func(a, b time.Time) bool {
		if !a.Before(to) {
			return false
		}
		if b.After(to) {
			b = to
		}
		sum += b.Sub(a)
		return true
	})
	return sum
}

// Next returns the first working instant at or after t.
func (s *Schedule) Next(t time.Time) time.Time {
	if s.always {
		return t
	}
	out := Never
	s.walk(t, func(a, _ time.Time) bool { out = a; return false })
	return out
}

// Working reports whether t falls in working time.
func (s *Schedule) Working(t time.Time) bool { return s.Next(t).Equal(t) }

// AddDays counts n working days from start: the first working instant at or after start,
// then the same local time of day n working days later, kept inside that day's working
// hours. On 24×7 a day is 24 hours.
func (s *Schedule) AddDays(start time.Time, n int) time.Time {
	if n <= 0 {
		return start
	}
	if s.always {
		return start.Add(time.Duration(n) * 24 * time.Hour)
	}
	first := s.Next(start)
	if first.Equal(Never) {
		return Never
	}
	local := first.In(s.loc)
	y, m, d := local.Date()
	// The time of day to the nanosecond: a target from 12:30:52 is due at 12:30:52.
	hh, mm, ss := local.Clock()
	tod := time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute + time.Duration(ss)*time.Second + time.Duration(local.Nanosecond())
	// An overnight shift's morning belongs to the day before.
	if !s.startsOn(local) {
		prev := time.Date(y, m, d-1, 12, 0, 0, 0, time.UTC)
		y, m, d = prev.Date()
		tod += 24 * time.Hour
	}
	day := time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
	for i := 0; i < maxDays; i++ {
		day = day.AddDate(0, 0, 1)
		dy, dm, dd := day.Date()
		spans := s.day(dy, dm, dd)
		if len(spans) == 0 {
			continue
		}
		if n--; n > 0 {
			continue
		}
		lo, hi := spans[0].start, spans[0].end
		for _, sp := range spans {
			hi = max(hi, sp.end)
		}
		at := min(max(tod, time.Duration(lo)*time.Minute), time.Duration(hi)*time.Minute)
		return s.wall(dy, dm, dd, at)
	}
	return Never
}

// startsOn reports whether local (a working instant) lies in a span of its own date.
func (s *Schedule) startsOn(local time.Time) bool {
	y, m, d := local.Date()
	for _, sp := range s.day(y, m, d) {
		a := s.wall(y, m, d, time.Duration(sp.start)*time.Minute)
		b := s.wall(y, m, d, time.Duration(sp.end)*time.Minute)
		if !local.Before(a) && local.Before(b) {
			return true
		}
	}
	return false
}
