package sla

import (
	"context"
	"sort"
	"time"

	"outpost/domain/people"
)

// ReportRequest selects the tickets of a report by creation time (unix ms; To 0 = now).
type ReportRequest struct {
	From int64 `json:"from"`
	To   int64 `json:"to"`
}

// Compliance is the share of decided tickets that met their targets, for one key.
type Compliance struct {
	Key      string  `json:"key"`
	Label    string  `json:"label"`
	Met      int     `json:"met"`
	Breached int     `json:"breached"`
	Open     int     `json:"open"`
	Percent  float64 `json:"percent"` // met / (met + breached) × 100; 0 when nothing is decided
}

// Bucket counts durations up to UpToMS (0 = the rest).
type Bucket struct {
	Label  string `json:"label"`
	UpToMS int64  `json:"upToMs"`
	Count  int    `json:"count"`
}

// Distribution describes SLA elapsed times (business time where the target is in business
// time).
type Distribution struct {
	Count   int      `json:"count"`
	P50MS   int64    `json:"p50Ms"`
	P90MS   int64    `json:"p90Ms"`
	P95MS   int64    `json:"p95Ms"`
	Buckets []Bucket `json:"buckets"`
}

// Report is SLA compliance by priority, group and month, and how long responding and
// resolving took.
type Report struct {
	From       int64        `json:"from"`
	To         int64        `json:"to"`
	ByPriority []Compliance `json:"byPriority"`
	ByGroup    []Compliance `json:"byGroup"`
	ByMonth    []Compliance `json:"byMonth"`
	Respond    Distribution `json:"respond"`
	Resolve    Distribution `json:"resolve"`
}

var bucketBounds = []struct {
	label string
	upTo  time.Duration
}{
	{"≤ 15 min", 15 * time.Minute}, {"≤ 1 h", time.Hour}, {"≤ 4 h", 4 * time.Hour}, {"≤ 8 h", 8 * time.Hour},
	{"≤ 1 day", 24 * time.Hour}, {"≤ 3 days", 72 * time.Hour}, {"≤ 1 week", 7 * 24 * time.Hour}, {"longer", 0},
}

// Report derives compliance and distributions from the tickets' histories at now.
func (s *Service) Report(ctx context.Context, actor people.Actor, req ReportRequest, now time.Time) (*Report, error) {
	if err := actor.Require(people.Agent, "see SLA reports"); err != nil {
		return nil, err
	}
	if req.To <= 0 {
		req.To = now.UnixMilli()
	}
	if req.From <= 0 {
		req.From = now.AddDate(0, -6, 0).UnixMilli()
	}
	db := s.DB.WithContext(ctx)
	recs, err := loadRecords(db, "t.created_at >= ? AND t.created_at < ?", req.From, req.To)
	if err != nil {
		return nil, err
	}
	groups := map[string]string{}
	var gs []struct{ ID, Name string }
	if err := db.Raw(`SELECT id, name FROM assignment_groups`).Scan(&gs).Error; err != nil {
		return nil, err
	}
	for _, g := range gs {
		groups[g.ID] = g.Name
	}
	loc := time.UTC
	s.mu.RLock()
	if n := len(s.policies); n > 0 {
		if sc := s.schedules[s.policies[n-1].CalendarID]; sc != nil {
			loc = sc.Location()
		}
	}
	s.mu.RUnlock()
	byPrio, byGroup, byMonth := map[string]*Compliance{}, map[string]*Compliance{}, map[string]*Compliance{}
	var respond, resolve []int64
	bump := func(m map[string]*Compliance, key, label, outcome string) {
		c := m[key]
		if c == nil {
			c = &Compliance{Key: key, Label: label}
			m[key] = c
		}
		switch outcome {
		case OutcomeMet:
			c.Met++
		case OutcomeBreached:
			c.Breached++
		case OutcomeOpen:
			c.Open++
		}
	}
	for _, r := range recs {
		p, sc := s.match(r.subject())
		if p == nil {
			continue
		}
		st := Compute(r.history, p.Rules(), sc, now)
		o := st.Outcome()
		if o == OutcomeNone {
			continue
		}
		pk := string(rune('0' + r.Priority))
		bump(byPrio, pk, "P"+pk, o)
		gl := groups[r.GroupID]
		if gl == "" {
			gl = "Unassigned"
		}
		bump(byGroup, r.GroupID, gl, o)
		month := time.UnixMilli(r.CreatedAt).In(loc).Format("2006-01")
		bump(byMonth, month, month, o)
		if st.Response.State == Met || st.Response.State == Missed {
			respond = append(respond, st.Response.ElapsedMS)
		}
		if st.Resolution.State == Met || st.Resolution.State == Missed {
			resolve = append(resolve, st.Resolution.ElapsedMS)
		}
	}
	return &Report{From: req.From, To: req.To, ByPriority: sorted(byPrio), ByGroup: sorted(byGroup), ByMonth: sorted(byMonth),
		Respond: distribution(respond), Resolve: distribution(resolve)}, nil
}

func sorted(m map[string]*Compliance) []Compliance {
	out := make([]Compliance, 0, len(m))
	for _, c := range m {
		if d := c.Met + c.Breached; d > 0 {
			c.Percent = float64(c.Met) * 100 / float64(d)
		}
		out = append(out, *c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Label < out[j].Label })
	return out
}

func distribution(ms []int64) Distribution {
	d := Distribution{Count: len(ms)}
	for _, b := range bucketBounds {
		d.Buckets = append(d.Buckets, Bucket{Label: b.label, UpToMS: b.upTo.Milliseconds()})
	}
	if len(ms) == 0 {
		return d
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i] < ms[j] })
	pct := func(p int) int64 { return ms[(len(ms)-1)*p/100] }
	d.P50MS, d.P90MS, d.P95MS = pct(50), pct(90), pct(95)
	for _, v := range ms {
		for i := range d.Buckets {
			if d.Buckets[i].UpToMS == 0 || v <= d.Buckets[i].UpToMS {
				d.Buckets[i].Count++
				break
			}
		}
	}
	return d
}
