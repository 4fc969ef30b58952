package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/changelog"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/replica"
	"outpost/domain/store"
)

// Service is the desk's side of notifications for people: the centre's pages, the person's
// switches and whom they follow.
type Service struct {
	DB  *gorm.DB
	Log *changelog.Log
	Now func() time.Time
}

// Notification is one entry of a person's notification centre.
type Notification struct {
	ID           string `json:"id"`
	TicketID     string `json:"ticketId"`
	TicketNumber string `json:"ticketNumber"`
	Kind         string `json:"kind"`
	Message      string `json:"message"`
	ActorID      string `json:"actorId"`
	CreatedAt    int64  `json:"createdAt"`
	ReadAt       int64  `json:"readAt"` // 0 while unread
}

// PageQuery asks for one page of the centre, newest first.
type PageQuery struct {
	// Kinds filters by type ("sla" covers the SLA sweep's kinds); empty: all.
	Kinds      []string `json:"kinds"`
	UnreadOnly bool     `json:"unreadOnly"`
	// After is the cursor of the page before ("" for the first page).
	After string `json:"after"`
	Limit int    `json:"limit"`
}

// Page is one page of the centre.
type Page struct {
	Items []Notification `json:"items"`
	// Next is the cursor of the following page ("" at the end).
	Next string `json:"next"`
	// Unread counts all the person's unread notifications (the badge), whatever the filter.
	Unread int64 `json:"unread"`
}

// kindsOf expands a filter to stored kinds, refusing unknown names.
func kindsOf(filter []string) ([]string, error) {
	var out []string
	for _, k := range filter {
		switch {
		case k == SLA:
			out = append(out, "sla_warning", "sla_breach", "sla_escalation")
		case k == Approval:
			out = append(out, Approval)
		case Type(k).Valid():
			out = append(out, k)
		default:
			return nil, fault.Field("kinds", "%q is not a notification type", k)
		}
	}
	return out, nil
}

// cursor is (created_at, id) of the last item of a page.
func parseCursor(s string) (int64, string, error) {
	at, id, ok := strings.Cut(s, "|")
	n, err := strconv.ParseInt(at, 10, 64)
	if !ok || err != nil || id == "" {
		return 0, "", fault.Field("after", "not a page cursor")
	}
	return n, id, nil
}

// Page lists the actor's notifications, newest first, a page at a time.
func (s *Service) Page(ctx context.Context, actor people.Actor, q PageQuery) (*Page, error) {
	if q.Limit <= 0 || q.Limit > 200 {
		q.Limit = 50
	}
	kinds, err := kindsOf(q.Kinds)
	if err != nil {
		return nil, err
	}
	where := []string{"n.user_id = ?"}
	args := []any{actor.ID}
	if len(kinds) > 0 {
		where = append(where, "n.kind IN ?")
		args = append(args, kinds)
	}
	if q.UnreadOnly {
		where = append(where, "n.read_at IS NULL")
	}
	if q.After != "" {
		at, id, err := parseCursor(q.After)
		if err != nil {
			return nil, err
		}
		where = append(where, "(n.created_at < ? OR (n.created_at = ? AND n.id < ?))")
		args = append(args, at, at, id)
	}
	args = append(args, q.Limit+1)
	rows, err := s.DB.WithContext(ctx).Raw(`SELECT n.id, COALESCE(n.ticket_id, ''), COALESCE(t.number, ''), n.kind, n.message,
		n.actor_id, n.created_at, COALESCE(n.read_at, 0) FROM notifications n LEFT JOIN tickets t ON t.id = n.ticket_id
		WHERE `+strings.Join(where, " AND ")+` ORDER BY n.created_at DESC, n.id DESC LIMIT ?`, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	p := &Page{Items: []Notification{}}
	for rows.Next() {
		var n Notification
		if err := rows.Scan(&n.ID, &n.TicketID, &n.TicketNumber, &n.Kind, &n.Message, &n.ActorID, &n.CreatedAt, &n.ReadAt); err != nil {
			return nil, err
		}
		p.Items = append(p.Items, n)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(p.Items) > q.Limit {
		p.Items = p.Items[:q.Limit]
		last := p.Items[len(p.Items)-1]
		p.Next = strconv.FormatInt(last.CreatedAt, 10) + "|" + last.ID
	}
	p.Unread, err = s.Unread(ctx, actor)
	return p, err
}

// Unread counts the actor's unread notifications.
func (s *Service) Unread(ctx context.Context, actor people.Actor) (int64, error) {
	var n int64
	err := s.DB.WithContext(ctx).Raw(`SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, actor.ID).Scan(&n).Error
	return n, err
}

// MarkRead marks the actor's notifications read: those listed by id, or, when ids is empty,
// all of them of the filter's kinds (all kinds when kinds is empty).
func (s *Service) MarkRead(ctx context.Context, actor people.Actor, ids, kinds []string) (int64, error) {
	ks, err := kindsOf(kinds)
	if err != nil {
		return 0, err
	}
	q := `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`
	args := []any{s.Now().UnixMilli(), actor.ID}
	if len(ids) > 0 {
		q += ` AND id IN ?`
		args = append(args, ids)
	}
	if len(ks) > 0 {
		q += ` AND kind IN ?`
		args = append(args, ks)
	}
	res := s.DB.WithContext(ctx).Exec(q, args...)
	if res.Error != nil {
		return 0, fmt.Errorf("mark notifications read: %w", res.Error)
	}
	return res.RowsAffected, nil
}

// Since lists the actor's unread notifications made after the notification with id after
// ("" for none), oldest first: what the desktop shows as OS notifications.
func (s *Service) Since(ctx context.Context, actor people.Actor, after string) ([]Notification, error) {
	var out []Notification
	err := s.DB.WithContext(ctx).Raw(`SELECT id, COALESCE(ticket_id, '') AS ticket_id, kind, message, actor_id, created_at
		FROM notifications WHERE user_id = ? AND read_at IS NULL AND id > ? ORDER BY id LIMIT 20`, actor.ID, after).Scan(&out).Error
	return out, err
}

// Latest is the id of the actor's newest notification ("" when none).
func (s *Service) Latest(ctx context.Context, actor people.Actor) (string, error) {
	var id string
	err := s.DB.WithContext(ctx).Raw(`SELECT COALESCE(MAX(id), '') FROM notifications WHERE user_id = ?`, actor.ID).Scan(&id).Error
	return id, err
}

// Prefs are a person's switches, one per type (true: notify).
type Prefs map[Type]bool

// readPrefs reads a person's switches: every type on, but those their record turns off. A
// person with two records (made on two desks before either synced) has the one with the
// smallest id, the same on every desk; SetPrefs writes them all.
func readPrefs(tx *gorm.DB, userID string) (Prefs, error) {
	out := Prefs{}
	for _, t := range Types {
		out[t] = true
	}
	var rows []map[string]any
	if err := tx.Raw(`SELECT assigned, group_new, reply, mention, followed, reopened FROM notify_prefs WHERE user_id = ? ORDER BY id LIMIT 1`, userID).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("read notification switches: %w", err)
	}
	if len(rows) == 0 {
		return out, nil
	}
	for _, t := range Types {
		col := prefField[t]
		if t == Group {
			col = "group_new"
		}
		out[t] = truthy(rows[0][col])
	}
	return out, nil
}

func truthy(v any) bool {
	switch x := v.(type) {
	case int64:
		return x != 0
	case bool:
		return x
	case int:
		return x != 0
	}
	return true
}

// Prefs returns the actor's switches.
func (s *Service) Prefs(ctx context.Context, actor people.Actor) (Prefs, error) {
	return readPrefs(s.DB.WithContext(ctx), actor.ID)
}

func (s *Service) writer(tx *gorm.DB, actor people.Actor) *replica.Writer {
	return &replica.Writer{Tx: tx, Log: s.Log, Actor: actor, At: s.Now().UnixMilli(), Reader: replica.TxReader{Tx: tx}}
}

// SetPrefs changes the actor's switches (the types given; the others stay).
func (s *Service) SetPrefs(ctx context.Context, actor people.Actor, p Prefs) (Prefs, error) {
	values := replica.Doc{}
	for t, on := range p {
		if !t.Valid() {
			return nil, fault.Field(string(t), "%q is not a notification type", t)
		}
		values[prefField[t]] = json.RawMessage(strconv.FormatBool(on))
	}
	typ, _ := replica.Lookup(EntityPrefs)
	err := store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		var ids []string
		if err := tx.Raw(`SELECT id FROM notify_prefs WHERE user_id = ? ORDER BY id`, actor.ID).Scan(&ids).Error; err != nil {
			return err
		}
		w := s.writer(tx, actor)
		if len(ids) == 0 {
			cur, err := readPrefs(tx, actor.ID)
			if err != nil {
				return err
			}
			doc := replica.Doc{"id": jsonStr(uuid.Must(uuid.NewV7()).String()), "userId": jsonStr(actor.ID),
				"createdAt": json.RawMessage(strconv.FormatInt(w.At, 10))}
			for _, t := range Types {
				doc[prefField[t]] = json.RawMessage(strconv.FormatBool(cur[t]))
			}
			for k, v := range values {
				doc[k] = v
			}
			return w.Create(typ, doc)
		}
		for _, id := range ids {
			if _, err := w.Set(typ, id, values); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return s.Prefs(ctx, actor)
}

func jsonStr(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}

// Following reports whether the actor follows a ticket.
func (s *Service) Following(ctx context.Context, actor people.Actor, ticketID string) (bool, error) {
	var n int64
	err := s.DB.WithContext(ctx).Raw(`SELECT COUNT(*) FROM ticket_follows WHERE user_id = ? AND ticket_id = ? AND following = 1`, actor.ID, ticketID).Scan(&n).Error
	return n > 0, err
}

// Follow starts (on) or stops following a ticket for the actor. Following twice, or
// unfollowing what one does not follow, changes nothing.
func (s *Service) Follow(ctx context.Context, actor people.Actor, ticketID string, on bool) error {
	typ, _ := replica.Lookup(EntityFollow)
	return store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		var ids []string
		if err := tx.Raw(`SELECT id FROM ticket_follows WHERE user_id = ? AND ticket_id = ? ORDER BY id`, actor.ID, ticketID).Scan(&ids).Error; err != nil {
			return err
		}
		w := s.writer(tx, actor)
		if len(ids) == 0 {
			if !on {
				return nil
			}
			return w.Create(typ, replica.Doc{"id": jsonStr(uuid.Must(uuid.NewV7()).String()), "userId": jsonStr(actor.ID),
				"ticketId": jsonStr(ticketID), "following": json.RawMessage("true"),
				"createdAt": json.RawMessage(strconv.FormatInt(w.At, 10))})
		}
		// Records made on two desks before either synced are one follow: switch them all.
		for _, id := range ids {
			if _, err := w.Set(typ, id, replica.Doc{"following": json.RawMessage(strconv.FormatBool(on))}); err != nil {
				return err
			}
		}
		return nil
	})
}
