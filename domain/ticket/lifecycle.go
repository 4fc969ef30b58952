package ticket

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/audit"
	"outpost/domain/changelog"
	"outpost/domain/fault"
	"outpost/domain/people"
)

// AuditEntry is one line of a record's append-only audit trail: a ticket's, or (with Entity
// set) a configuration record's, whose id TicketID then holds.
type AuditEntry struct {
	ID string `gorm:"column:id;primaryKey" json:"id"`
	// Entity is the record's kind; "" is written as a ticket.
	Entity   string `gorm:"column:entity" json:"entity,omitempty"`
	TicketID string `gorm:"column:ticket_id" json:"ticketId"`
	ActorID  string `gorm:"column:actor_id" json:"actorId"`
	At       int64  `gorm:"column:at" json:"at"`
	Field    string `gorm:"column:field" json:"field"`
	OldValue string `gorm:"column:old_value" json:"oldValue"`
	NewValue string `gorm:"column:new_value" json:"newValue"`
}

// TableName is the audit table.
func (AuditEntry) TableName() string { return "audit_entries" }

// WriteAudit appends entries to the audit trail in tx, chained after its tail (domain/audit).
// Every writer of audit entries (the desk's services, configuration) goes through it or,
// where entries may arrive twice (a pulled page), through AppendAudit, so what the trail
// keeps for each entry and how it is chained is decided in one place.
func WriteAudit(tx *gorm.DB, entries []AuditEntry) error {
	return audit.Append(tx, chainEntries(entries))
}

// AppendAudit is WriteAudit for entries that may be in the trail already (ids it holds are
// left out, as a re-delivered op's).
func AppendAudit(tx *gorm.DB, entries []AuditEntry) error {
	return audit.AppendNew(tx, chainEntries(entries))
}

// PrepareAudit is AppendAudit in two halves (audit.PrepareNew): the entries are chained on
// another goroutine while tx writes other rows; the function returned waits for their Batch.
func PrepareAudit(tx *gorm.DB, entries []AuditEntry) func() (*audit.Batch, error) {
	return audit.PrepareNew(tx, chainEntries(entries))
}

func chainEntries(entries []AuditEntry) []audit.Entry {
	out := make([]audit.Entry, len(entries))
	for i := range entries {
		e := &entries[i]
		if e.Entity == "" {
			e.Entity = EntityTicket
		}
		out[i] = audit.Entry{ID: e.ID, Entity: e.Entity, RecordID: e.TicketID, ActorID: e.ActorID, At: e.At,
			Field: e.Field, Old: e.OldValue, New: e.NewValue}
	}
	return out
}

// Transition moves a ticket to another state after checking the state machine and the actor.
// Resolving a major incident with IncludeChildren resolves its open children the same way.
func (s *Service) Transition(ctx context.Context, actor people.Actor, id string, m Move) (*Ticket, error) {
	var out *Ticket
	err := s.run(ctx, actor, id, func(w *write) error {
		t, err := w.load(id)
		if err != nil {
			return err
		}
		if err := w.transition(t, m); err != nil {
			return err
		}
		out = t
		return nil
	})
	return out, err
}

// TransitionIn is Transition inside the caller's transaction: a catalog request's roll-up
// moves the request in the write that completed its last task.
func (s *Service) TransitionIn(tx *gorm.DB, actor people.Actor, id string, m Move) (*Ticket, error) {
	var out *Ticket
	err := s.step(tx, actor, id, func(w *write) error {
		t, err := w.load(id)
		if err != nil {
			return err
		}
		if err := w.transition(t, m); err != nil {
			return err
		}
		out = t
		return nil
	})
	return out, err
}

// transition is Transition's work on a loaded ticket.
func (w *write) transition(t *Ticket, m Move) error {
	if err := w.move(t, m); err != nil {
		return err
	}
	if m.To == Resolved && m.IncludeChildren {
		return w.resolveChildren(t, m)
	}
	return nil
}

func (w *write) move(t *Ticket, m Move) error {
	if err := CheckMove(t, w.actor, m); err != nil {
		return err
	}
	from := t.State
	eff := Effects(from, m, w.now.UnixMilli())
	up := make(map[string]any, len(eff))
	for name, v := range eff {
		up[columns[name]] = v
		if err := t.set(name, v); err != nil {
			return err
		}
	}
	if err := w.tx.Model(&Ticket{}).Where("id = ? AND state = ?", t.ID, from).Updates(up).Error; err != nil {
		return fmt.Errorf("move %s: %w", t.Number, err)
	}
	w.record(t.ID, "state", from, m.To)
	if m.HoldReason != "" && m.To == OnHold {
		w.record(t.ID, "holdReason", "", m.HoldReason)
	}
	if m.To == Resolved {
		w.record(t.ID, "resolutionCode", "", m.ResolutionCode)
	}
	if r := strings.TrimSpace(m.Reason); r != "" {
		w.record(t.ID, "reason", "", r)
	}
	w.log = append(w.log, changelog.Entry{Entity: EntityTicket, RecordID: t.ID, Op: changelog.OpTransition, Field: "state",
		Value: map[string]any{"from": from, "to": m.To, "holdReason": m.HoldReason, "resolutionCode": m.ResolutionCode,
			"resolutionNotes": strings.TrimSpace(m.ResolutionNotes), "reason": strings.TrimSpace(m.Reason)}})
	return nil
}

// Effects is what a move of a ticket from the state from writes, by field (JSON name): the
// state, the hold reason only while on hold, the resolution while resolved (cleared on
// reopen), when it was resolved or closed; at is the move's time in unix ms. The desk's move
// and a merged transition op (domain/replica) both apply it, so they leave the same columns.
func Effects(from State, m Move, at int64) map[string]any {
	out := map[string]any{"state": string(m.To), "updatedAt": at, "holdReason": ""}
	if m.To == OnHold {
		out["holdReason"] = m.HoldReason
	}
	switch {
	case m.To == Resolved:
		out["resolutionCode"], out["resolutionNotes"], out["resolvedAt"] = m.ResolutionCode, strings.TrimSpace(m.ResolutionNotes), at
	case from == Resolved && m.To == InProgress:
		out["resolutionCode"], out["resolutionNotes"], out["resolvedAt"] = "", "", nil
	case m.To == Closed || m.To == Canceled:
		out["closedAt"] = at
	}
	return out
}

func (w *write) resolveChildren(parent *Ticket, m Move) error {
	var kids []Ticket
	if err := w.tx.Where("parent_id = ? AND active = 1", parent.ID).Find(&kids).Error; err != nil {
		return err
	}
	m.IncludeChildren = false
	// The children's notes name the parent when that fits their limit; the notes themselves
	// are never cut.
	if notes := fmt.Sprintf("%s (resolved with major incident %s)", m.ResolutionNotes, parent.Number); m.ResolutionNotes != "" && fits("resolutionNotes", notes) {
		m.ResolutionNotes = notes
	}
	for i := range kids {
		if err := w.move(&kids[i], m); err != nil {
			return fmt.Errorf("resolve child %s: %w", kids[i].Number, err)
		}
	}
	return nil
}

// OpenChildren lists the open children of a major incident.
func (s *Service) OpenChildren(ctx context.Context, parentID string) ([]Ticket, error) {
	var kids []Ticket
	err := s.DB.WithContext(ctx).Where("parent_id = ? AND active = 1", parentID).Order("created_at").Find(&kids).Error
	return kids, err
}

// SetMajor flags or unflags a major incident; flagging needs a reason.
func (s *Service) SetMajor(ctx context.Context, actor people.Actor, id string, major bool, reason string) (*Ticket, error) {
	if err := actor.Require(people.Agent, "declare a major incident"); err != nil {
		return nil, err
	}
	var out *Ticket
	err := s.run(ctx, actor, id, func(w *write) error {
		t, err := w.load(id)
		if err != nil {
			return err
		}
		if err := CheckEdit(actor, t, "major"); err != nil {
			return err
		}
		if err := CheckMajor(actor, t); err != nil {
			return err
		}
		reason = strings.TrimSpace(reason)
		if major && reason == "" {
			return fault.Field("majorReason", "say why this is a major incident")
		}
		v := &fault.Validation{}
		checkText(v, "majorReason", reason)
		if err := v.Err(); err != nil {
			return err
		}
		before := *t
		t.Major, t.MajorReason = major, reason
		if !major {
			t.MajorReason = ""
		}
		if err := w.saveDiff(&before, t); err != nil {
			return err
		}
		out = t
		return nil
	})
	return out, err
}

// SetParent makes child an incident under a major incident parent ("" detaches it).
func (s *Service) SetParent(ctx context.Context, actor people.Actor, childID, parentID string) (*Ticket, error) {
	if err := actor.Require(people.Agent, "link a child incident"); err != nil {
		return nil, err
	}
	var out *Ticket
	err := s.run(ctx, actor, childID, func(w *write) error {
		child, err := w.load(childID)
		if err != nil {
			return err
		}
		before := *child
		if parentID == "" {
			child.ParentID = nil
		} else {
			parent, err := w.load(parentID)
			if err != nil {
				return err
			}
			if err := CheckSelfRef("parentId", child.ID, parent.ID); err != nil {
				return err
			}
			if err := CheckParent(child, parent); err != nil {
				return err
			}
			child.ParentID = &parent.ID
		}
		if err := w.saveDiff(&before, child); err != nil {
			return err
		}
		out = child
		return nil
	})
	return out, err
}

// Link is a relation between two tickets.
type Link struct {
	ID        string `gorm:"column:id;primaryKey" json:"id"`
	FromID    string `gorm:"column:from_id" json:"fromId"`
	ToID      string `gorm:"column:to_id" json:"toId"`
	Kind      string `gorm:"column:kind" json:"kind"`
	CreatedBy string `gorm:"column:created_by" json:"createdBy"`
	CreatedAt int64  `gorm:"column:created_at" json:"createdAt"`
}

// TableName is the links table.
func (Link) TableName() string { return "ticket_links" }

// Relate links two tickets as related.
func (s *Service) Relate(ctx context.Context, actor people.Actor, fromID, toID string) error {
	if err := CheckLink(actor, fromID, toID, LinkRelated); err != nil {
		return err
	}
	return s.run(ctx, actor, fromID, func(w *write) error {
		from, err := w.load(fromID)
		if err != nil {
			return err
		}
		to, err := w.load(toID)
		if err != nil {
			return err
		}
		return w.link(from, to, LinkRelated)
	})
}

func (w *write) link(from, to *Ticket, kind string) error {
	l := Link{ID: uuid.Must(uuid.NewV7()).String(), FromID: from.ID, ToID: to.ID, Kind: kind, CreatedBy: w.actor.ID, CreatedAt: w.now.UnixMilli()}
	res := w.tx.Exec(`INSERT INTO ticket_links(id, from_id, to_id, kind, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT(from_id, to_id, kind) DO NOTHING`, l.ID, l.FromID, l.ToID, l.Kind, l.CreatedBy, l.CreatedAt)
	if res.Error != nil {
		return fmt.Errorf("link %s to %s: %w", from.Number, to.Number, res.Error)
	}
	if res.RowsAffected == 0 {
		return nil
	}
	w.record(from.ID, "link", "", kind+" "+to.Number)
	w.log = append(w.log, changelog.Entry{Entity: EntityLink, RecordID: l.ID, Op: changelog.OpAppend, Value: l})
	return nil
}

// MarkDuplicate merges a ticket into the one it duplicates: it is linked, resolved with the
// code "duplicate", and the original gets a work note saying so.
func (s *Service) MarkDuplicate(ctx context.Context, actor people.Actor, id, originalID string) (*Ticket, error) {
	if err := actor.Require(people.Agent, "merge a duplicate"); err != nil {
		return nil, err
	}
	var out *Ticket
	err := s.run(ctx, actor, id, func(w *write) error {
		dup, err := w.load(id)
		if err != nil {
			return err
		}
		orig, err := w.load(originalID)
		if err != nil {
			return err
		}
		if err := CheckSelfRef("duplicateOf", dup.ID, orig.ID); err != nil {
			return err
		}
		if err := CheckDuplicate(orig); err != nil {
			return err
		}
		before := *dup
		dup.DuplicateOf = &orig.ID
		if err := w.saveDiff(&before, dup); err != nil {
			return err
		}
		if err := w.link(dup, orig, LinkDuplicate); err != nil {
			return err
		}
		if err := w.move(dup, Move{To: Resolved, ResolutionCode: "duplicate", ResolutionNotes: "Duplicate of " + orig.Number}); err != nil {
			return err
		}
		_, err = w.comment(orig, "note", fmt.Sprintf("%s (%s) was merged into this ticket as a duplicate.", dup.Number, dup.Title), 0)
		out = dup
		return err
	})
	return out, err
}

// AutoClose closes tickets resolved more than days ago, as the system user.
func (s *Service) AutoClose(ctx context.Context, system people.Actor, days int, now time.Time) (int, error) {
	if days <= 0 {
		return 0, nil
	}
	cutoff := now.Add(-time.Duration(days) * 24 * time.Hour).UnixMilli()
	var ids []string
	if err := s.DB.WithContext(ctx).Raw(`SELECT id FROM tickets WHERE state = 'resolved' AND resolved_at <= ? ORDER BY resolved_at LIMIT 500`, cutoff).Scan(&ids).Error; err != nil {
		return 0, err
	}
	n := 0
	for _, id := range ids {
		// Every joined desk closes the same resolved ticket: one key for all of them.
		sys := system
		sys.Cause = "autoclose:" + id
		_, err := s.Transition(ctx, sys, id, Move{To: Closed})
		if err != nil {
			return n, fmt.Errorf("auto-close %s: %w", id, err)
		}
		n++
	}
	return n, nil
}
