package sla_test

import (
	"math/rand/v2"
	"testing"
	"time"

	"outpost/domain/sla"
	"outpost/domain/ticket"
)

var rules = sla.Rules{
	Targets: []sla.PriorityTarget{
		{Priority: 1, Response: sla.Target{Value: 15, Unit: sla.Minutes}, Resolution: sla.Target{Value: 4, Unit: sla.Hours}},
		{Priority: 2, Response: sla.Target{Value: 30, Unit: sla.Minutes}, Resolution: sla.Target{Value: 8, Unit: sla.Hours}, Business: true},
		{Priority: 3, Response: sla.Target{Value: 4, Unit: sla.Hours}, Resolution: sla.Target{Value: 3, Unit: sla.Days}, Business: true},
	},
	WarnPercent: 75,
}

type step struct {
	at       string
	state    ticket.State
	hold     string
	priority int
	reply    bool
}

func history(t *testing.T, zone, created string, prio int, steps ...step) sla.History {
	h := sla.History{Created: at(t, zone, created), Priority: prio}
	for _, s := range steps {
		h.Changes = append(h.Changes, sla.Change{At: at(t, zone, s.at), State: s.state, HoldReason: s.hold, Priority: s.priority, Responded: s.reply})
	}
	return h
}

func ms(t *testing.T, zone, s string) int64 {
	if s == "" {
		return 0
	}
	return at(t, zone, s).UnixMilli()
}

func TestCompute(t *testing.T) {
	hold := func(when string) step { return step{at: when, state: ticket.OnHold, hold: "awaiting_caller"} }
	work := func(when string) step { return step{at: when, state: ticket.InProgress} }
	tests := []struct {
		name    string
		zone    string
		h       func(t *testing.T, zone string) sla.History
		now     string
		resp    string // response state
		respDue string
		res     string // resolution state
		resDue  string
		stage   string
		elapsed time.Duration // resolution elapsed
	}{
		{name: "P2 unanswered breaches response", zone: berlin,
			h:   func(t *testing.T, z string) sla.History { return history(t, z, "2025-03-03 09:00", 2) },
			now: "2025-03-03 12:00", resp: sla.Running, respDue: "2025-03-03 09:30",
			res: sla.Running, resDue: "2025-03-03 17:00", stage: sla.StageBreached, elapsed: 3 * time.Hour},
		{name: "staff reply meets response", zone: berlin,
			h: func(t *testing.T, z string) sla.History {
				return history(t, z, "2025-03-03 09:00", 2, step{at: "2025-03-03 09:20", reply: true})
			},
			now: "2025-03-03 15:30", resp: sla.Met, respDue: "",
			res: sla.Running, resDue: "2025-03-03 17:00", stage: sla.StageWarning, elapsed: 6*time.Hour + 30*time.Minute},
		{name: "in progress meets response, late", zone: berlin,
			h: func(t *testing.T, z string) sla.History {
				return history(t, z, "2025-03-03 09:00", 2, work("2025-03-03 10:00"))
			},
			now: "2025-03-03 10:00", resp: sla.Missed, respDue: "2025-03-03 09:30",
			res: sla.Running, resDue: "2025-03-03 17:00", stage: sla.StageOK, elapsed: time.Hour},
		{name: "pause across a weekend", zone: berlin,
			h: func(t *testing.T, z string) sla.History {
				return history(t, z, "2025-03-07 10:00", 3, work("2025-03-07 10:05"), hold("2025-03-07 17:00"), work("2025-03-11 09:00"))
			},
			// 3 days from Fri 10:00 = 30 working hours; 7 used by Friday 17:00, Monday paused.
			now: "2025-03-11 10:00", resp: sla.Met, res: sla.Running, resDue: "2025-03-13 12:00", stage: sla.StageOK, elapsed: 8 * time.Hour},
		{name: "paused now has no due time", zone: berlin,
			h: func(t *testing.T, z string) sla.History {
				return history(t, z, "2025-03-07 10:00", 3, work("2025-03-07 10:05"), hold("2025-03-07 17:00"))
			},
			now: "2025-03-11 10:00", resp: sla.Met, res: sla.Paused, resDue: "", stage: sla.StageOK, elapsed: 7 * time.Hour},
		{name: "priority change recomputes from the start", zone: berlin,
			h: func(t *testing.T, z string) sla.History {
				return history(t, z, "2025-03-03 09:00", 3, step{at: "2025-03-03 09:10", reply: true}, step{at: "2025-03-03 11:00", priority: 2})
			},
			now: "2025-03-03 12:00", resp: sla.Met, res: sla.Running, resDue: "2025-03-03 17:00", stage: sla.StageOK, elapsed: 3 * time.Hour},
		{name: "raised to P1 after its target passed", zone: berlin,
			h: func(t *testing.T, z string) sla.History {
				return history(t, z, "2025-03-03 09:00", 3, work("2025-03-03 09:10"), step{at: "2025-03-03 14:00", priority: 1})
			},
			now: "2025-03-03 14:00", resp: sla.Met, res: sla.Running, resDue: "2025-03-03 13:00", stage: sla.StageBreached, elapsed: 5 * time.Hour},
		{name: "reopen continues where it stopped", zone: berlin,
			h: func(t *testing.T, z string) sla.History {
				return history(t, z, "2025-03-03 09:00", 2, work("2025-03-03 09:10"),
					step{at: "2025-03-03 13:00", state: ticket.Resolved}, work("2025-03-05 10:00"))
			},
			now: "2025-03-05 12:00", resp: sla.Met, res: sla.Running, resDue: "2025-03-05 14:00", stage: sla.StageWarning, elapsed: 6 * time.Hour},
		{name: "resolved in time", zone: berlin,
			h: func(t *testing.T, z string) sla.History {
				return history(t, z, "2025-03-03 09:00", 2, work("2025-03-03 09:10"), step{at: "2025-03-03 13:00", state: ticket.Resolved})
			},
			now: "2025-03-09 12:00", resp: sla.Met, res: sla.Met, resDue: "", stage: "", elapsed: 4 * time.Hour},
		{name: "resolved late", zone: berlin,
			h: func(t *testing.T, z string) sla.History {
				return history(t, z, "2025-03-03 09:00", 2, work("2025-03-03 09:10"), step{at: "2025-03-04 13:00", state: ticket.Resolved})
			},
			now: "2025-03-09 12:00", resp: sla.Met, res: sla.Missed, resDue: "2025-03-03 17:00", stage: "", elapsed: 14 * time.Hour},
		{name: "canceled stops both clocks", zone: berlin,
			h: func(t *testing.T, z string) sla.History {
				return history(t, z, "2025-03-03 09:00", 2, step{at: "2025-03-03 09:05", state: ticket.Canceled})
			},
			now: "2025-03-09 12:00", resp: sla.Canceled, res: sla.Canceled, stage: "", elapsed: 5 * time.Minute},
		// Both DST transitions in both zones, with a pause over the transition weekend.
		{name: "Berlin spring-forward, paused over the weekend", zone: berlin,
			h: func(t *testing.T, z string) sla.History {
				return history(t, z, "2025-03-28 14:00", 2, work("2025-03-28 14:05"), hold("2025-03-28 16:00"), work("2025-03-31 08:00"))
			},
			now: "2025-03-31 09:00", resp: sla.Met, res: sla.Running, resDue: "2025-03-31 14:00", stage: sla.StageOK, elapsed: 3 * time.Hour},
		{name: "Berlin fall-back", zone: berlin,
			h: func(t *testing.T, z string) sla.History {
				return history(t, z, "2025-10-24 14:00", 2, work("2025-10-24 14:05"))
			},
			now: "2025-10-27 09:00", resp: sla.Met, res: sla.Running, resDue: "2025-10-27 12:00", stage: sla.StageOK, elapsed: 5 * time.Hour},
		{name: "New York spring-forward", zone: newYork,
			h: func(t *testing.T, z string) sla.History {
				return history(t, z, "2025-03-07 14:00", 2, work("2025-03-07 14:05"))
			},
			now: "2025-03-10 09:00", resp: sla.Met, res: sla.Running, resDue: "2025-03-10 12:00", stage: sla.StageOK, elapsed: 5 * time.Hour},
		{name: "New York fall-back, paused over the weekend", zone: newYork,
			h: func(t *testing.T, z string) sla.History {
				return history(t, z, "2025-10-31 14:00", 2, work("2025-10-31 14:05"), hold("2025-10-31 17:00"), work("2025-11-03 10:00"))
			},
			now: "2025-11-03 10:00", resp: sla.Met, res: sla.Running, resDue: "2025-11-03 15:00", stage: sla.StageOK, elapsed: 3 * time.Hour},
		{name: "24x7 P1 over Berlin spring-forward night", zone: berlin,
			h:   func(t *testing.T, z string) sla.History { return history(t, z, "2025-03-29 23:00", 1) },
			now: "2025-03-29 23:05", resp: sla.Running, respDue: "2025-03-29 23:15", res: sla.Running, resDue: "2025-03-30 04:00", stage: sla.StageOK, elapsed: 5 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cal := office(tt.zone)
			st := sla.Compute(tt.h(t, tt.zone), rules, cal.MustCompile(), at(t, tt.zone, tt.now))
			if st.Response.State != tt.resp {
				t.Errorf("response state: got %s, want %s", st.Response.State, tt.resp)
			}
			if tt.respDue != "" && st.Response.DueAt != ms(t, tt.zone, tt.respDue) {
				t.Errorf("response due: got %s, want %s", time.UnixMilli(st.Response.DueAt).In(cal.MustCompile().Location()), tt.respDue)
			}
			if st.Resolution.State != tt.res {
				t.Errorf("resolution state: got %s, want %s", st.Resolution.State, tt.res)
			}
			if want := ms(t, tt.zone, tt.resDue); (tt.resDue != "" || tt.res == sla.Paused) && st.Resolution.DueAt != want {
				t.Errorf("resolution due: got %s, want %s", time.UnixMilli(st.Resolution.DueAt).In(cal.MustCompile().Location()), tt.resDue)
			}
			if st.Stage != tt.stage {
				t.Errorf("stage: got %q, want %q", st.Stage, tt.stage)
			}
			if got := time.Duration(st.Resolution.ElapsedMS) * time.Millisecond; got != tt.elapsed {
				t.Errorf("resolution elapsed: got %s, want %s", got, tt.elapsed)
			}
		})
	}
}

func TestComputeDues(t *testing.T) {
	r := rules
	r.Levels = []int{150}
	h := history(t, berlin, "2025-03-03 09:00", 2, work2("2025-03-03 09:10"))
	st := sla.Compute(h, r, office(berlin).MustCompile(), at(t, berlin, "2025-03-03 10:00"))
	want := []struct {
		pct  int
		when string
	}{{75, "2025-03-03 15:00"}, {100, "2025-03-03 17:00"}, {150, "2025-03-04 11:00"}}
	if len(st.Dues) != len(want) {
		t.Fatalf("got %d dues, want %d: %+v", len(st.Dues), len(want), st.Dues)
	}
	for i, w := range want {
		d := st.Dues[i]
		if d.Kind != sla.Resolution || d.Percent != w.pct || !d.At.Equal(at(t, berlin, w.when)) || d.Target != "8h" {
			t.Errorf("due %d: got %+v, want resolution %d%% of 8h at %s", i, d, w.pct, w.when)
		}
	}
}

func work2(when string) step { return step{at: when, state: ticket.InProgress} }

// FuzzCompute: whatever the history (out of order, nonsense moves, pauses), elapsed is never
// negative and no due time or level falls before the ticket started.
func FuzzCompute(f *testing.F) {
	f.Add(uint64(1), uint8(20))
	f.Add(uint64(42), uint8(3))
	f.Add(uint64(7), uint8(60))
	cals := []*sla.Schedule{office(berlin).MustCompile(), nights(newYork).MustCompile(), split(berlin).MustCompile(), sla.AlwaysOn}
	states := []ticket.State{ticket.New, ticket.InProgress, ticket.OnHold, ticket.Resolved, ticket.Closed, ticket.Canceled}
	f.Fuzz(func(t *testing.T, seed uint64, n uint8) {
		rng := rand.New(rand.NewPCG(seed, seed>>7))
		created := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(rng.IntN(365*24*60)) * time.Minute)
		h := sla.History{Created: created, Priority: 1 + rng.IntN(3)}
		t0 := created
		for i := 0; i < int(n); i++ {
			t0 = t0.Add(time.Duration(rng.IntN(4*24*60)-600) * time.Minute) // sometimes backwards
			c := sla.Change{At: t0}
			switch rng.IntN(4) {
			case 0:
				c.Priority = 1 + rng.IntN(3)
			case 1:
				c.Responded = true
			default:
				c.State = states[rng.IntN(len(states))]
				if c.State == ticket.OnHold {
					c.HoldReason = ticket.HoldReasons[rng.IntN(len(ticket.HoldReasons))]
				}
			}
			h.Changes = append(h.Changes, c)
		}
		r := rules
		if rng.IntN(2) == 0 {
			r.PauseReasons = []string{"awaiting_vendor"}
		}
		now := t0.Add(time.Duration(rng.IntN(10*24*60)) * time.Minute)
		st := sla.Compute(h, r, cals[rng.IntN(len(cals))], now)
		for _, c := range []sla.Clock{st.Response, st.Resolution} {
			if c.ElapsedMS < 0 {
				t.Fatalf("%s elapsed %d < 0", c.Kind, c.ElapsedMS)
			}
			if c.DueAt != 0 && c.DueAt < created.UnixMilli() {
				t.Fatalf("%s due %d before start %d", c.Kind, c.DueAt, created.UnixMilli())
			}
			if c.StartedAt != 0 && c.StartedAt < created.UnixMilli() {
				t.Fatalf("%s started before the ticket", c.Kind)
			}
		}
		for _, d := range st.Dues {
			if d.At.Before(created) {
				t.Fatalf("%s %d%% at %s before start %s", d.Kind, d.Percent, d.At, created)
			}
		}
	})
}

// TestComputeDaysKeepSeconds: a business-day target is due at the start's time of day to the
// second; 3 days from Monday 12:30:52 is Thursday 12:30:52, with 30 working hours to count.
func TestComputeDaysKeepSeconds(t *testing.T) {
	created := at(t, berlin, "2025-03-03 12:30").Add(52 * time.Second)
	st := sla.Compute(sla.History{Created: created, Priority: 3}, rules, office(berlin).MustCompile(), created.Add(time.Minute))
	want := at(t, berlin, "2025-03-06 12:30").Add(52 * time.Second)
	if got := time.UnixMilli(st.Resolution.DueAt); !got.Equal(want) {
		t.Errorf("resolution due: got %s, want %s", got.In(want.Location()).Format(time.RFC3339), want.Format(time.RFC3339))
	}
	if got, want := time.Duration(st.Resolution.TargetMS)*time.Millisecond, 30*time.Hour; got != want {
		t.Errorf("resolution target: got %s, want %s", got, want)
	}
}

// TestComputeWarnAndBreachInstants: a running clock warns at the policy's warning share (an
// earlier escalation level is not a warning) and breaches at its due time; a clock paused
// after its due time keeps that breach, and a paused ticket is never breaching soon.
func TestComputeWarnAndBreachInstants(t *testing.T) {
	r := rules
	r.Levels = []int{50} // an escalation before the warning share
	sched := office(berlin).MustCompile()
	h := history(t, berlin, "2025-03-03 09:00", 1) // P1: response 15 min on 24×7
	st := sla.Compute(h, r, sched, at(t, berlin, "2025-03-03 09:10"))
	if want := at(t, berlin, "2025-03-03 09:11").Add(15 * time.Second).UnixMilli(); st.WarnAt != want || st.Response.WarnAt != want {
		t.Errorf("running: warn at %d (response %d), want %d", st.WarnAt, st.Response.WarnAt, want)
	}
	if want := ms(t, berlin, "2025-03-03 09:15"); st.BreachAt != want || st.DueAt != want {
		t.Errorf("running: breach at %d, due %d, want both %d", st.BreachAt, st.DueAt, want)
	}
	if st.Stage != sla.StageOK {
		t.Errorf("running at 67%%: stage %q, want ok", st.Stage)
	}

	h.Changes = append(h.Changes, sla.Change{At: at(t, berlin, "2025-03-03 09:20"), State: ticket.OnHold, HoldReason: "awaiting_caller"})
	st = sla.Compute(h, r, sched, at(t, berlin, "2025-03-03 11:00"))
	if !st.Paused || st.Stage != sla.StageBreached {
		t.Errorf("paused: got paused %v stage %q, want paused and breached", st.Paused, st.Stage)
	}
	if want := ms(t, berlin, "2025-03-03 09:15"); st.BreachAt != want {
		t.Errorf("paused: breach at %d, want %d", st.BreachAt, want)
	}
	if st.WarnAt != 0 || st.DueAt != 0 {
		t.Errorf("paused: warn at %d, due %d, want neither", st.WarnAt, st.DueAt)
	}

	// Paused short of its target: no breach to show.
	h.Changes[0].At = at(t, berlin, "2025-03-03 09:05")
	if st := sla.Compute(h, r, sched, at(t, berlin, "2025-03-03 11:00")); st.BreachAt != 0 {
		t.Errorf("paused in time: breach at %d, want none", st.BreachAt)
	}
}
