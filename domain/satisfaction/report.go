package satisfaction

import (
	"context"
	"fmt"

	"outpost/domain/fault"
	"outpost/domain/people"
)

// Period is a half-open span of time, unix ms: ratings given at From or later, before To.
type Period struct {
	From int64 `json:"from"`
	To   int64 `json:"to"`
}

// Line is the ratings of one group or one agent (ID "" for tickets with none).
type Line struct {
	ID      string  `json:"id"`
	Name    string  `json:"name"`
	Count   int     `json:"count"`
	Average float64 `json:"average"`
}

// Report is what requesters thought over a period: how many ratings, their average, how many
// gave each score (Distribution[0] is 1 star), and the same by the ticket's group and agent
// (as the ticket stands now).
type Report struct {
	Period       Period        `json:"period"`
	Count        int           `json:"count"`
	Average      float64       `json:"average"`
	Distribution [MaxScore]int `json:"distribution"`
	ByGroup      []Line        `json:"byGroup"`
	ByAgent      []Line        `json:"byAgent"`
}

// Report sums up the ratings given in p; managers read it.
func (s *Service) Report(ctx context.Context, actor people.Actor, p Period) (*Report, error) {
	if err := actor.Require(people.Manager, "read the satisfaction report"); err != nil {
		return nil, err
	}
	if p.To <= p.From {
		return nil, fault.Field("to", "the period ends after it starts")
	}
	out := &Report{Period: p, ByGroup: []Line{}, ByAgent: []Line{}}
	db := s.DB.WithContext(ctx)
	var scores []struct{ Score, N int }
	if err := db.Raw(`SELECT score, COUNT(*) AS n FROM ratings WHERE created_at >= ? AND created_at < ? GROUP BY score`,
		p.From, p.To).Scan(&scores).Error; err != nil {
		return nil, fmt.Errorf("satisfaction report: %w", err)
	}
	sum := 0
	for _, sc := range scores {
		if sc.Score >= MinScore && sc.Score <= MaxScore {
			out.Distribution[sc.Score-1] = sc.N
			out.Count += sc.N
			sum += sc.Score * sc.N
		}
	}
	if out.Count > 0 {
		out.Average = float64(sum) / float64(out.Count)
	}
	by := func(idCol, join string) ([]Line, error) {
		lines := []Line{}
		err := db.Raw(`SELECT COALESCE(`+idCol+`, '') AS id, COALESCE(x.name, '') AS name, COUNT(*) AS count, AVG(r.score) AS average
			FROM ratings r JOIN tickets t ON t.id = r.ticket_id `+join+`
			WHERE r.created_at >= ? AND r.created_at < ?
			GROUP BY 1, 2 ORDER BY 2, 1`, p.From, p.To).Scan(&lines).Error
		return lines, err
	}
	var err error
	if out.ByGroup, err = by("t.group_id", "LEFT JOIN assignment_groups x ON x.id = t.group_id"); err != nil {
		return nil, fmt.Errorf("satisfaction by group: %w", err)
	}
	if out.ByAgent, err = by("t.assignee_id", "LEFT JOIN users x ON x.id = t.assignee_id"); err != nil {
		return nil, fmt.Errorf("satisfaction by agent: %w", err)
	}
	return out, nil
}
