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
