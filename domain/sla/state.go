package sla

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"

	"outpost/domain/fault"
	"outpost/domain/people"
)

// planned is one level still to fire, as stored in tickets.sla_plan.
type planned struct {
	Kind    string `json:"k"`
	Percent int    `json:"p"`
	Target  string `json:"t"`
	At      int64  `json:"at"`
	Stage   string `json:"s,omitempty"` // the stage the ticket reaches when it fires
}

type firedKey struct {
	ticket, kind string
	level        int
	target       string
}

// refresh recomputes the SLA columns of the tickets selected by where, at now.
func (s *Service) refresh(tx *gorm.DB, now time.Time, where string, args ...any) error {
	recs, err := loadRecords(tx, where, args...)
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		return nil
	}
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	fired, err := firedLevels(tx, ids)
	if err != nil {
		return err
	}
	for _, r := range recs {
		p, sched := s.match(r.subject())
		var st Status
		if p != nil {
			st = Compute(r.history, p.Rules(), sched, now)
		}
		plan := planFor(r.ID, p, st, fired)
		if err := writeState(tx, r.ID, p, st, plan); err != nil {
			return err
		}
	}
	return nil
}

func firedLevels(tx *gorm.DB, ids []string) (map[firedKey]bool, error) {
	rows, err := tx.Raw(`SELECT ticket_id, kind, level, target FROM sla_events WHERE ticket_id IN ?`, ids).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[firedKey]bool{}
	for rows.Next() {
		var k firedKey
		if err := rows.Scan(&k.ticket, &k.kind, &k.level, &k.target); err != nil {
			return nil, err
		}
		out[k] = true
	}
	return out, rows.Err()
}

func planFor(id string, p *Policy, st Status, fired map[firedKey]bool) []planned {
	var plan []planned
	for _, d := range st.Dues {
		if fired[firedKey{id, d.Kind, d.Percent, d.Target}] {
			continue
		}
		e := planned{Kind: d.Kind, Percent: d.Percent, Target: d.Target, At: d.At.UnixMilli()}
		switch {
		case d.Percent >= 100:
			e.Stage = StageBreached
		case d.Percent >= p.Rules().warn():
			e.Stage = StageWarning
		}
		plan = append(plan, e)
	}
	return plan
}

func (r Rules) warn() int {
	if r.WarnPercent <= 0 || r.WarnPercent >= 100 {
		return 75
	}
	return r.WarnPercent
}

func writeState(tx *gorm.DB, id string, p *Policy, st Status, plan []planned) error {
	var policyID, respDue, resDue, dueAt, nextAt any
	planJSON := ""
	if p != nil {
		policyID = p.ID
	}
	if st.Response.State == Running {
		respDue = nz(st.Response.DueAt)
	}
	if st.Resolution.State == Running {
		resDue = nz(st.Resolution.DueAt)
	}
	dueAt = nz(st.DueAt)
	if len(plan) > 0 {
		nextAt = plan[0].At
		b, _ := json.Marshal(plan)
		planJSON = string(b)
	}
	return tx.Exec(`UPDATE tickets SET sla_policy_id = ?, sla_stage = ?, sla_paused = ?, sla_response_due = ?,
		sla_resolution_due = ?, sla_due_at = ?, sla_next_at = ?, sla_plan = ? WHERE id = ?`,
		policyID, st.Stage, st.Paused, respDue, resDue, dueAt, nextAt, planJSON, id).Error
}

func nz(ms int64) any {
	if ms == 0 {
		return nil
	}
	return ms
}

// TicketStatus is a ticket's SLA as the badge and the detail pane show it.
type TicketStatus struct {
	Status
	TicketID   string `json:"ticketId"`
	PolicyID   string `json:"policyId"`
	PolicyName string `json:"policyName"`
	Now        int64  `json:"now"`
}

// Status computes a ticket's SLA at now from its history, for anyone who may see the ticket.
func (s *Service) Status(ctx context.Context, actor people.Actor, ticketID string, now time.Time) (*TicketStatus, error) {
	if _, err := s.Tickets.Get(ctx, actor, ticketID); err != nil {
		return nil, err
	}
	recs, err := loadRecords(s.DB.WithContext(ctx), "t.id = ?", ticketID)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("ticket %s: %w", ticketID, fault.ErrNotFound)
	}
	out := &TicketStatus{TicketID: ticketID, Now: now.UnixMilli()}
	p, sched := s.match(recs[0].subject())
	if p == nil {
		return out, nil
	}
	out.Status = Compute(recs[0].history, p.Rules(), sched, now)
	out.PolicyID, out.PolicyName = p.ID, p.Name
	return out, nil
}
