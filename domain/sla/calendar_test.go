package sla_test

import (
	"testing"
	"time"

	"outpost/domain/sla"
)

func weekdays(from, to string) []sla.Interval {
	var out []sla.Interval
	for d := time.Monday; d <= time.Friday; d++ {
		out = append(out, sla.Interval{Day: d, Start: from, End: to})
	}
	return out
}

func office(zone string) sla.Calendar {
	return sla.Calendar{
		Name: "Office", Zone: zone, Week: weekdays("08:00", "18:00"),
		Holidays: []sla.Holiday{
			{Date: "2025-12-24", Name: "Christmas Eve"},
			{Date: "12-25", Name: "Christmas", Yearly: true},
			{Date: "01-01", Name: "New Year", Yearly: true},
		},
		Exceptions: []sla.Exception{{Date: "2025-12-27", Name: "Stock-taking Saturday", Hours: []sla.Span{{Start: "09:00", End: "13:00"}}}},
	}
}

func nights(zone string) sla.Calendar {
	c := sla.Calendar{Name: "Night shift", Zone: zone}
	for d := time.Sunday; d <= time.Saturday; d++ {
		c.Week = append(c.Week, sla.Interval{Day: d, Start: "22:00", End: "06:00"})
	}
	return c
}

// early: every day from midnight to 06:00.
func early(zone string) sla.Calendar {
	c := sla.Calendar{Name: "Early", Zone: zone}
	for d := time.Sunday; d <= time.Saturday; d++ {
		c.Week = append(c.Week, sla.Interval{Day: d, Start: "00:00", End: "06:00"})
	}
	return c
}

// split: two intervals a day with a lunch break.
func split(zone string) sla.Calendar {
	c := sla.Calendar{Name: "Split", Zone: zone}
	for d := time.Monday; d <= time.Friday; d++ {
		c.Week = append(c.Week, sla.Interval{Day: d, Start: "08:00", End: "12:00"}, sla.Interval{Day: d, Start: "13:00", End: "17:00"})
	}
	return c
}

func at(t *testing.T, zone, s string) time.Time {
	t.Helper()
	loc, err := time.LoadLocation(zone)
	if err != nil {
		t.Fatal(err)
	}
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

const (
	berlin  = "Europe/Berlin"
	newYork = "America/New_York"
)

func TestScheduleAdd(t *testing.T) {
	tests := []struct {
		name  string
		cal   sla.Calendar
		start string
		d     time.Duration
		want  string // RFC 3339 with the offset in force, so DST cases are unambiguous
	}{
		{"GLPI rule: 4h from 16:00 is 10:00 next day", office(berlin), "2025-03-03 16:00", 4 * time.Hour, "2025-03-04T10:00:00+01:00"},
		{"ends exactly at closing", office(berlin), "2025-03-03 16:00", 2 * time.Hour, "2025-03-03T18:00:00+01:00"},
		{"before opening starts at opening", office(berlin), "2025-03-03 06:00", time.Hour, "2025-03-03T09:00:00+01:00"},
		{"over the weekend", office(berlin), "2025-03-07 16:00", 4 * time.Hour, "2025-03-10T10:00:00+01:00"},
		{"logged on Saturday", office(berlin), "2025-03-08 11:00", 30 * time.Minute, "2025-03-10T08:30:00+01:00"},
		{"over single and yearly holidays", office(berlin), "2025-12-23 16:00", 4 * time.Hour, "2025-12-26T10:00:00+01:00"},
		{"into a working Saturday exception", office(berlin), "2025-12-26 16:00", 4 * time.Hour, "2025-12-27T11:00:00+01:00"},
		{"yearly holiday in another year", office(berlin), "2026-12-24 16:00", 4 * time.Hour, "2026-12-28T10:00:00+01:00"},
		{"lunch break skipped", split(berlin), "2025-03-03 11:00", 2 * time.Hour, "2025-03-03T14:00:00+01:00"},
		{"overnight shift", nights(berlin), "2025-03-03 23:00", 4 * time.Hour, "2025-03-04T03:00:00+01:00"},
		{"morning of yesterday's shift", nights(berlin), "2025-03-03 05:00", 2 * time.Hour, "2025-03-03T23:00:00+01:00"},
		{"24x7", sla.Calendar{Name: "x", Always: true}, "2025-03-03 05:00", 90 * time.Minute, "2025-03-03T06:30:00+01:00"},
		// Both DST transitions, both zones: the office day is still 08:00–18:00 local.
		{"Berlin spring-forward weekend", office(berlin), "2025-03-28 16:00", 4 * time.Hour, "2025-03-31T10:00:00+02:00"},
		{"Berlin fall-back weekend", office(berlin), "2025-10-24 16:00", 4 * time.Hour, "2025-10-27T10:00:00+01:00"},
		{"New York spring-forward weekend", office(newYork), "2025-03-07 16:00", 4 * time.Hour, "2025-03-10T10:00:00-04:00"},
		{"New York fall-back weekend", office(newYork), "2025-11-01 10:00", 4 * time.Hour, "2025-11-03T12:00:00-05:00"},
		// A night shift over the change: 4 working hours are 4 real hours.
		{"Berlin night of spring-forward", nights(berlin), "2025-03-29 22:00", 4 * time.Hour, "2025-03-30T03:00:00+02:00"},
		{"Berlin night of fall-back", nights(berlin), "2025-10-25 22:00", 4 * time.Hour, "2025-10-26T01:00:00+01:00"},
		{"New York night of spring-forward", nights(newYork), "2025-03-08 22:00", 4 * time.Hour, "2025-03-09T03:00:00-04:00"},
		{"New York night of fall-back", nights(newYork), "2025-11-01 22:00", 4 * time.Hour, "2025-11-02T01:00:00-05:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.cal.MustCompile()
			zone := tt.cal.Zone
			if zone == "" {
				zone = berlin
			}
			start := at(t, zone, tt.start)
			got := s.Add(start, tt.d)
			want, err := time.Parse(time.RFC3339, tt.want)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(want) {
				t.Errorf("got %s, want %s", got.In(want.Location()).Format(time.RFC3339), tt.want)
			}
			if back := s.Between(start, got); back != tt.d {
				t.Errorf("Between(start, due) = %s, want %s", back, tt.d)
			}
		})
	}
}

func TestScheduleAddDays(t *testing.T) {
	tests := []struct {
		name  string
		cal   sla.Calendar
		start string
		n     int
		want  string
	}{
		{"three days from Friday", office(berlin), "2025-03-07 16:00", 3, "2025-03-12 16:00"},
		{"from Saturday counts from Monday opening", office(berlin), "2025-03-08 10:00", 1, "2025-03-11 08:00"},
		{"over holidays", office(berlin), "2025-12-23 16:00", 1, "2025-12-26 16:00"},
		{"onto a working Saturday, clamped to its hours", office(berlin), "2025-12-26 16:00", 1, "2025-12-27 13:00"},
		{"over spring-forward", office(berlin), "2025-03-28 09:00", 1, "2025-03-31 09:00"},
		{"night shift morning belongs to the day before", nights(berlin), "2025-03-04 05:00", 1, "2025-03-05 05:00"},
		// The time of day falls in a DST gap on the day reached: it is the instant of the change.
		{"Berlin: time of day skipped", early(berlin), "2025-03-29 02:30", 1, "2025-03-30 03:00"},
		{"New York: time of day skipped", early(newYork), "2025-03-08 02:30", 1, "2025-03-09 03:00"},
		{"Santiago: midnight skipped", early("America/Santiago"), "2025-09-06 00:00", 1, "2025-09-07 01:00"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := tt.cal.MustCompile()
			got := s.AddDays(at(t, tt.cal.Zone, tt.start), tt.n)
			if want := at(t, tt.cal.Zone, tt.want); !got.Equal(want) {
				t.Errorf("got %s, want %s", got.In(want.Location()), want)
			}
		})
	}
}

func TestScheduleBetween(t *testing.T) {
	s := office(berlin).MustCompile()
	tests := []struct {
		from, to string
		want     time.Duration
	}{
		{"2025-03-03 16:00", "2025-03-04 10:00", 4 * time.Hour},
		{"2025-03-07 00:00", "2025-03-10 00:00", 10 * time.Hour},
		{"2025-03-03 19:00", "2025-03-03 20:00", 0},
		{"2025-03-04 10:00", "2025-03-03 10:00", 0},
		{"2025-03-24 00:00", "2025-03-31 00:00", 50 * time.Hour}, // a week with spring-forward
	}
	for _, tt := range tests {
		if got := s.Between(at(t, berlin, tt.from), at(t, berlin, tt.to)); got != tt.want {
			t.Errorf("Between(%s, %s) = %s, want %s", tt.from, tt.to, got, tt.want)
		}
	}
}

func TestCalendarValidation(t *testing.T) {
	bad := []sla.Calendar{
		{Name: "no hours", Zone: berlin},
		{Name: "zone", Zone: "Mars/Olympus", Always: true},
		{Name: "time", Zone: berlin, Week: []sla.Interval{{Day: 1, Start: "8", End: "18:00"}}},
		{Name: "holiday", Zone: berlin, Always: true, Holidays: []sla.Holiday{{Date: "2025-13-01"}}},
		{Zone: berlin, Always: true},
	}
	for _, c := range bad {
		if _, err := c.Compile(); err == nil {
			t.Errorf("%q: got no error, want a validation error", c.Name)
		}
	}
}

// TestScheduleDSTGap: working hours that begin, end or lie in the hour a DST change skips.
// A wall time in the gap is the instant of the change; a span left empty is no work. The
// answers are hand-computed from each zone's rule for 2025:
//   - Berlin, Sun 30 Mar: 02:00 CET becomes 03:00 CEST (01:00 UTC);
//   - New York, Sun 9 Mar: 02:00 EST becomes 03:00 EDT (07:00 UTC);
//   - Santiago, Sun 7 Sep: midnight -04 becomes 01:00 -03 (04:00 UTC), so the day has no 00:00;
//   - Havana, Sun 9 Mar: midnight -05 becomes 01:00 -04 (05:00 UTC), the same.
//
// Every calendar also works Sunday 08:00–10:00; Add and Next count from Saturday 12:00 and
// Between runs from Saturday 12:00 to Monday 12:00.
func TestScheduleDSTGap(t *testing.T) {
	const santiago, havana = "America/Santiago", "America/Havana"
	sun := func(start, end string) sla.Interval { return sla.Interval{Day: time.Sunday, Start: start, End: end} }
	sat := func(start, end string) sla.Interval { return sla.Interval{Day: time.Saturday, Start: start, End: end} }
	tests := []struct {
		name  string
		zone  string
		day   string // the Saturday before the change
		span  sla.Interval
		d     time.Duration
		due   string // Add(Saturday 12:00, d)
		first string // Next(Saturday 12:00)
		total time.Duration
	}{
		{"Berlin: end in the gap", berlin, "2025-03-29", sun("01:30", "02:30"), 90 * time.Minute,
			"2025-03-30T09:00:00+02:00", "2025-03-30T01:30:00+01:00", 150 * time.Minute},
		{"Berlin: start in the gap", berlin, "2025-03-29", sun("02:30", "03:15"), 90 * time.Minute,
			"2025-03-30T09:15:00+02:00", "2025-03-30T03:00:00+02:00", 135 * time.Minute},
		{"Berlin: all in the gap", berlin, "2025-03-29", sun("02:10", "02:50"), 90 * time.Minute,
			"2025-03-30T09:30:00+02:00", "2025-03-30T08:00:00+02:00", 2 * time.Hour},
		{"New York: end in the gap", newYork, "2025-03-08", sun("01:30", "02:30"), 90 * time.Minute,
			"2025-03-09T09:00:00-04:00", "2025-03-09T01:30:00-05:00", 150 * time.Minute},
		{"New York: start in the gap", newYork, "2025-03-08", sun("02:30", "03:15"), 90 * time.Minute,
			"2025-03-09T09:15:00-04:00", "2025-03-09T03:00:00-04:00", 135 * time.Minute},
		{"New York: start in the gap, long span", newYork, "2025-03-08", sun("02:30", "05:00"), 150 * time.Minute,
			"2025-03-09T08:30:00-04:00", "2025-03-09T03:00:00-04:00", 4 * time.Hour},
		{"New York: all in the gap", newYork, "2025-03-08", sun("02:10", "02:50"), 90 * time.Minute,
			"2025-03-09T09:30:00-04:00", "2025-03-09T08:00:00-04:00", 2 * time.Hour},
		{"Santiago: a day without midnight", santiago, "2025-09-06", sun("00:00", "02:00"), 90 * time.Minute,
			"2025-09-07T08:30:00-03:00", "2025-09-07T01:00:00-03:00", 3 * time.Hour},
		{"Santiago: Saturday until 24:00", santiago, "2025-09-06", sat("20:00", "24:00"), 270 * time.Minute,
			"2025-09-07T08:30:00-03:00", "2025-09-06T20:00:00-04:00", 6 * time.Hour},
		{"Santiago: overnight over the change", santiago, "2025-09-06", sat("22:00", "02:00"), 200 * time.Minute,
			"2025-09-07T08:20:00-03:00", "2025-09-06T22:00:00-04:00", 5 * time.Hour},
		{"Havana: a day without midnight", havana, "2025-03-08", sun("00:00", "02:00"), 90 * time.Minute,
			"2025-03-09T08:30:00-04:00", "2025-03-09T01:00:00-04:00", 3 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sla.Calendar{Name: "gap", Zone: tt.zone, Week: []sla.Interval{tt.span, sun("08:00", "10:00")}}.MustCompile()
			from := at(t, tt.zone, tt.day+" 12:00")
			to := from.AddDate(0, 0, 2)
			if got := s.Between(from, to); got != tt.total {
				t.Errorf("Between(Sat 12:00, Mon 12:00) = %s, want %s", got, tt.total)
			}
			for _, c := range []struct {
				what string
				got  time.Time
				want string
			}{{"Add", s.Add(from, tt.d), tt.due}, {"Next", s.Next(from), tt.first}} {
				want, err := time.Parse(time.RFC3339, c.want)
				if err != nil {
					t.Fatal(err)
				}
				if !c.got.Equal(want) {
					t.Errorf("%s: got %s, want %s", c.what, c.got.In(want.Location()).Format(time.RFC3339), c.want)
				}
			}
			if due := s.Add(from, tt.d); s.Between(from, due) != tt.d {
				t.Errorf("Between(start, due) = %s, want %s", s.Between(from, due), tt.d)
			}
		})
	}
}

// TestScheduleAddDaysKeepsSeconds: n working days later is the same time of day to the
// nanosecond, not to the minute.
func TestScheduleAddDaysKeepsSeconds(t *testing.T) {
	for _, cal := range []sla.Calendar{office(berlin), nights(newYork)} {
		s := cal.MustCompile()
		start := at(t, cal.Zone, "2025-03-04 04:30").Add(52*time.Second + 123456789*time.Nanosecond)
		if cal.Name == "Office" {
			start = start.Add(8 * time.Hour) // 12:30:52.123456789, inside office hours
		}
		want := start.AddDate(0, 0, 1)
		if got := s.AddDays(start, 1); !got.Equal(want) {
			t.Errorf("%s: AddDays(%s, 1) = %s, want %s", cal.Name, start.Format(time.RFC3339Nano), got.Format(time.RFC3339Nano), want.Format(time.RFC3339Nano))
		}
	}
}
