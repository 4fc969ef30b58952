package canned

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/changelog"
	"outpost/domain/fault"
	"outpost/domain/kind"
	"outpost/domain/people"
	"outpost/domain/replica"
	"outpost/domain/store"
	"outpost/domain/ticket"
)

// Service is the desk's templates: reads for whoever is signed in, and writes through the
// kinds' rules, the change log and the audit trail (replica.Writer), in one transaction.
type Service struct {
	DB      *gorm.DB
	Log     *changelog.Log
	Now     func() time.Time
	Tickets *ticket.Service
}

func (s *Service) writer(tx *gorm.DB, actor people.Actor) *replica.Writer {
	return &replica.Writer{Tx: tx, Log: s.Log, Actor: actor, At: s.Now().UnixMilli(),
		Reader: replica.TxReader{Tx: tx, Team: replica.Settings{Matrix: s.Tickets.Matrix}}}
}

func lookup(entity string) *kind.Type {
	t, ok := kind.Lookup(entity)
	if !ok {
		panic("canned: " + entity + " is not declared")
	}
	return t
}

// Rows as the tables hold them.

type replyRow struct {
	ID        string `gorm:"column:id"`
	OwnerID   string `gorm:"column:owner_id"`
	GroupID   string `gorm:"column:group_id"`
	Name      string `gorm:"column:name"`
	Body      string `gorm:"column:body"`
	CreatedAt int64  `gorm:"column:created_at"`
	UpdatedAt int64  `gorm:"column:updated_at"`
}

func (r replyRow) reply() Reply {
	return Reply{ID: r.ID, Scope: Scope{OwnerID: r.OwnerID, GroupID: r.GroupID}, Name: r.Name, Body: r.Body,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

type ticketRow struct {
	ID                string `gorm:"column:id"`
	OwnerID           string `gorm:"column:owner_id"`
	GroupID           string `gorm:"column:group_id"`
	Name              string `gorm:"column:name"`
	Type              string `gorm:"column:type"`
	Title             string `gorm:"column:title"`
	Description       string `gorm:"column:description"`
	Category          string `gorm:"column:category"`
	Subcategory       string `gorm:"column:subcategory"`
	Service           string `gorm:"column:service"`
	Impact            int    `gorm:"column:impact"`
	Urgency           int    `gorm:"column:urgency"`
	AssignmentGroupID string `gorm:"column:assignment_group_id"`
	CreatedAt         int64  `gorm:"column:created_at"`
	UpdatedAt         int64  `gorm:"column:updated_at"`
}

func (r ticketRow) template() Ticket {
	return Ticket{ID: r.ID, Scope: Scope{OwnerID: r.OwnerID, GroupID: r.GroupID}, Name: r.Name, Type: ticket.Type(r.Type),
		Title: r.Title, Description: r.Description, Category: r.Category, Subcategory: r.Subcategory, Service: r.Service,
		Impact: r.Impact, Urgency: r.Urgency, AssignmentGroupID: r.AssignmentGroupID, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

const (
	selectReplies = `SELECT id, COALESCE(owner_id, '') AS owner_id, COALESCE(group_id, '') AS group_id, name, body,
		created_at, updated_at FROM reply_templates WHERE archived = 0`
	selectTickets = `SELECT id, COALESCE(owner_id, '') AS owner_id, COALESCE(group_id, '') AS group_id, name, type, title,
		description, category, subcategory, service, impact, urgency, COALESCE(assignment_group_id, '') AS assignment_group_id,
		created_at, updated_at FROM ticket_templates WHERE archived = 0`
	// byScope lists personal templates first, then by name.
	byScope = ` ORDER BY owner_id IS NULL, name COLLATE NOCASE, id`
)

// scoped is the SQL condition and arguments for the templates actor uses: their own and their
// groups' (all: also every group's, for a manager who writes them).
func scoped(actor people.Actor, all bool) (string, []any) {
	if all && actor.Role.AtLeast(people.Manager) {
		return ` AND (owner_id = ? OR group_id IS NOT NULL)`, []any{actor.ID}
	}
	if len(actor.Groups) == 0 {
		return ` AND owner_id = ?`, []any{actor.ID}
	}
	return ` AND (owner_id = ? OR group_id IN ?)`, []any{actor.ID, actor.Groups}
}

// Replies lists the canned replies actor inserts: their own, then their groups', by name.
// all also lists every group's for a manager or an admin (the Settings screen).
func (s *Service) Replies(ctx context.Context, actor people.Actor, all bool) ([]Reply, error) {
	if !actor.IsStaff() {
		return []Reply{}, nil
	}
	cond, args := scoped(actor, all)
	var rows []replyRow
	if err := s.DB.WithContext(ctx).Raw(selectReplies+cond+byScope, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list canned replies: %w", err)
	}
	out := make([]Reply, len(rows))
	for i, r := range rows {
		out[i] = r.reply()
	}
	return out, nil
}

// TicketTemplates lists the ticket templates actor uses, as Replies lists replies.
func (s *Service) TicketTemplates(ctx context.Context, actor people.Actor, all bool) ([]Ticket, error) {
	if !actor.IsStaff() {
		return []Ticket{}, nil
	}
	cond, args := scoped(actor, all)
	var rows []ticketRow
	if err := s.DB.WithContext(ctx).Raw(selectTickets+cond+byScope, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list ticket templates: %w", err)
	}
	out := make([]Ticket, len(rows))
	for i, r := range rows {
		out[i] = r.template()
	}
	return out, nil
}

// reply reads a live canned reply. A read for actor (see) hides one they do not see; a write
// reads it whoever asks, since the kind's rules judge the write as the server does (a
// personal reply of someone else's is forbidden, not missing).
func (s *Service) reply(db *gorm.DB, actor people.Actor, id string, see bool) (*Reply, error) {
	var rows []replyRow
	if err := db.Raw(selectReplies+` AND id = ?`, id).Scan(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 || see && !CanSee(actor, Scope{OwnerID: rows[0].OwnerID, GroupID: rows[0].GroupID}) {
		return nil, fmt.Errorf("canned reply %s: %w", id, fault.ErrNotFound)
	}
	r := rows[0].reply()
	return &r, nil
}

// ticketTemplate reads a live ticket template, as reply reads a reply.
func (s *Service) ticketTemplate(db *gorm.DB, actor people.Actor, id string, see bool) (*Ticket, error) {
	var rows []ticketRow
	if err := db.Raw(selectTickets+` AND id = ?`, id).Scan(&rows).Error; err != nil {
		return nil, err
	}
	if len(rows) == 0 || see && !CanSee(actor, Scope{OwnerID: rows[0].OwnerID, GroupID: rows[0].GroupID}) {
		return nil, fmt.Errorf("ticket template %s: %w", id, fault.ErrNotFound)
	}
	t := rows[0].template()
	return &t, nil
}

// Reply returns one canned reply actor sees.
func (s *Service) Reply(ctx context.Context, actor people.Actor, id string) (*Reply, error) {
	return s.reply(s.DB.WithContext(ctx), actor, id, true)
}

// TicketTemplate returns one ticket template actor sees.
func (s *Service) TicketTemplate(ctx context.Context, actor people.Actor, id string) (*Ticket, error) {
	return s.ticketTemplate(s.DB.WithContext(ctx), actor, id, true)
}

// checkPlace refuses a new template's scope or name the desk cannot hold: a group that does
// not take tickets, a name its scope already uses, a scope holding MaxTemplates already.
func checkPlace(tx *gorm.DB, table string, sc Scope, id, name string) error {
	if !sc.Personal() {
		if err := activeGroup(tx, "groupId", sc.GroupID); err != nil {
			return err
		}
	}
	col, val := "owner_id", sc.OwnerID
	if !sc.Personal() {
		col, val = "group_id", sc.GroupID
	}
	var same, n int64
	if err := tx.Raw(`SELECT COUNT(*) FROM `+table+` WHERE archived = 0 AND `+col+` = ? AND id <> ? AND name = ? COLLATE NOCASE`,
		val, id, name).Scan(&same).Error; err != nil {
		return err
	}
	if same > 0 {
		return fault.Field("name", "a template called %q exists already here", name)
	}
	if id == "" {
		if err := tx.Raw(`SELECT COUNT(*) FROM `+table+` WHERE archived = 0 AND `+col+` = ?`, val).Scan(&n).Error; err != nil {
			return err
		}
		if n >= MaxTemplates {
			return fault.Field("name", "a person or group keeps at most %d templates of a kind: delete one first", MaxTemplates)
		}
	}
	return nil
}

func activeGroup(tx *gorm.DB, field, id string) error {
	var n int64
	if err := tx.Raw(`SELECT COUNT(*) FROM assignment_groups WHERE id = ? AND active = 1`, id).Scan(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return fault.Field(field, "no such group")
	}
	return nil
}

// editable judges an edit of a template of scope before whose new version names scope after
// (zero: unchanged): the scope's writer edits it, and it stays where it was made.
func editable(actor people.Actor, before, after Scope) error {
	if err := CheckScope(actor, before); err != nil {
		return err
	}
	if after != (Scope{}) && before != after {
		return fault.Field("scope", "a template stays personal or its group's; make a new one instead")
	}
	return nil
}

// SaveReply makes a canned reply (id "") or edits one's name and text. A personal one is
// actor's (OwnerID set to them when neither scope is given); a group's needs a manager.
func (s *Service) SaveReply(ctx context.Context, actor people.Actor, r Reply) (*Reply, error) {
	r.Name = strings.TrimSpace(r.Name)
	if r.ID == "" && r.OwnerID == "" && r.GroupID == "" {
		r.OwnerID = actor.ID
	}
	t := lookup(EntityReply)
	err := store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		w := s.writer(tx, actor)
		if r.ID == "" {
			if err := CheckScope(actor, r.Scope); err != nil {
				return err
			}
			if err := CheckReply(&r); err != nil {
				return err
			}
			if err := checkPlace(tx, t.Table, r.Scope, "", r.Name); err != nil {
				return err
			}
			r.ID, r.CreatedAt = uuid.Must(uuid.NewV7()).String(), w.At
			return w.Create(t, docOf(r, "ownerId", "groupId"))
		}
		before, err := s.reply(tx, actor, r.ID, false)
		if err != nil {
			return err
		}
		if err := editable(actor, before.Scope, r.Scope); err != nil {
			return err
		}
		r.Scope = before.Scope
		if err := CheckReply(&r); err != nil {
			return err
		}
		if err := checkPlace(tx, t.Table, r.Scope, r.ID, r.Name); err != nil {
			return err
		}
		_, err = w.Set(t, r.ID, docOf(map[string]any{"name": r.Name, "body": r.Body}))
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Reply(ctx, actor, r.ID)
}

// SaveTicketTemplate makes a ticket template (id "") or edits one, as SaveReply does replies.
func (s *Service) SaveTicketTemplate(ctx context.Context, actor people.Actor, tt Ticket) (*Ticket, error) {
	tt.Name = strings.TrimSpace(tt.Name)
	tt.Title = strings.TrimSpace(tt.Title)
	tt.Category, tt.Subcategory, tt.Service = strings.TrimSpace(tt.Category), strings.TrimSpace(tt.Subcategory), strings.TrimSpace(tt.Service)
	if tt.ID == "" && tt.OwnerID == "" && tt.GroupID == "" {
		tt.OwnerID = actor.ID
	}
	t := lookup(EntityTicket)
	err := store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		if tt.ID == "" {
			if err := CheckScope(actor, tt.Scope); err != nil {
				return err
			}
		} else {
			before, err := s.ticketTemplate(tx, actor, tt.ID, false)
			if err != nil {
				return err
			}
			if err := editable(actor, before.Scope, tt.Scope); err != nil {
				return err
			}
			tt.Scope = before.Scope
		}
		if err := CheckTicket(&tt); err != nil {
			return err
		}
		if tt.AssignmentGroupID != "" {
			if err := activeGroup(tx, "assignmentGroupId", tt.AssignmentGroupID); err != nil {
				return err
			}
		}
		w := s.writer(tx, actor)
		if tt.ID == "" {
			if err := checkPlace(tx, t.Table, tt.Scope, "", tt.Name); err != nil {
				return err
			}
			tt.ID, tt.CreatedAt = uuid.Must(uuid.NewV7()).String(), w.At
			return w.Create(t, docOf(tt, "ownerId", "groupId", "assignmentGroupId"))
		}
		if err := checkPlace(tx, t.Table, tt.Scope, tt.ID, tt.Name); err != nil {
			return err
		}
		doc := docOf(tt, "ownerId", "groupId", "assignmentGroupId")
		for _, f := range []string{"id", "ownerId", "groupId", "createdAt", "archived"} {
			delete(doc, f)
		}
		_, err := w.Set(t, tt.ID, doc)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.TicketTemplate(ctx, actor, tt.ID)
}

// DeleteReply deletes (archives) a canned reply actor may write (the kind's Archive rule).
func (s *Service) DeleteReply(ctx context.Context, actor people.Actor, id string) error {
	return store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		if _, err := s.reply(tx, actor, id, false); err != nil {
			return err
		}
		return s.writer(tx, actor).Archive(lookup(EntityReply), id)
	})
}

// DeleteTicketTemplate deletes (archives) a ticket template actor may write.
func (s *Service) DeleteTicketTemplate(ctx context.Context, actor people.Actor, id string) error {
	return store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		if _, err := s.ticketTemplate(tx, actor, id, false); err != nil {
			return err
		}
		return s.writer(tx, actor).Archive(lookup(EntityTicket), id)
	})
}

// ExpandReply is canned reply id's text for ticket ticketID, inserted by actor: Expand over
// the ticket, its requester and group, and actor as they stand now.
func (s *Service) ExpandReply(ctx context.Context, actor people.Actor, id, ticketID string) (string, error) {
	r, err := s.Reply(ctx, actor, id)
	if err != nil {
		return "", err
	}
	t, err := s.Tickets.Get(ctx, actor, ticketID)
	if err != nil {
		return "", err
	}
	db := s.DB.WithContext(ctx)
	requester, err := user(db, t.RequesterID)
	if err != nil {
		return "", err
	}
	agent, err := user(db, actor.ID)
	if err != nil {
		return "", err
	}
	var group *people.Group
	if t.GroupID != nil && *t.GroupID != "" {
		var g people.Group
		err := db.Where("id = ?", *t.GroupID).Take(&g).Error
		switch {
		case err == nil:
			group = &g
		case !errors.Is(err, gorm.ErrRecordNotFound):
			return "", err
		}
	}
	return Expand(r.Body, Values(t, requester, group, agent), MaxExpanded)
}

// user reads a person, or nil when there is none (a reference a pull has not brought yet).
func user(db *gorm.DB, id string) (*people.User, error) {
	if id == "" {
		return nil, nil
	}
	var u people.User
	err := db.Where("id = ?", id).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &u, nil
}
