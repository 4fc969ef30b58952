package sla

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"outpost/domain/people"
	"outpost/domain/store"
)

// Notification is a message in a person's in-app notification centre.
type Notification struct {
	ID           string `json:"id"`
	UserID       string `json:"userId"`
	TicketID     string `json:"ticketId"`
	TicketNumber string `json:"ticketNumber"`
	Kind         string `json:"kind"` // sla_warning, sla_breach, sla_escalation
	Message      string `json:"message"`
	CreatedAt    int64  `json:"createdAt"`
	ReadAt       int64  `json:"readAt"` // 0 while unread
}

// Notifications lists the actor's notifications, newest first.
func (s *Service) Notifications(ctx context.Context, actor people.Actor, unreadOnly bool, limit int) ([]Notification, error) {
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	cond := ""
	if unreadOnly {
		cond = " AND n.read_at IS NULL"
	}
	rows, err := s.DB.WithContext(ctx).Raw(`SELECT n.id, n.user_id, COALESCE(n.ticket_id, ''), COALESCE(t.number, ''), n.kind,
		n.message, n.created_at, COALESCE(n.read_at, 0) FROM notifications n LEFT JOIN tickets t ON t.id = n.ticket_id
		WHERE n.user_id = ?`+cond+` ORDER BY n.created_at DESC, n.id DESC LIMIT ?`, actor.ID, limit).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Notification{}
	for rows.Next() {
		var n Notification
		if err := rows.Scan(&n.ID, &n.UserID, &n.TicketID, &n.TicketNumber, &n.Kind, &n.Message, &n.CreatedAt, &n.ReadAt); err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// UnreadCount is how many of the actor's notifications are unread.
func (s *Service) UnreadCount(ctx context.Context, actor people.Actor) (int64, error) {
	var n int64
	err := s.DB.WithContext(ctx).Raw(`SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at IS NULL`, actor.ID).Scan(&n).Error
	return n, err
}

// MarkRead marks the actor's notifications read: the ones listed, or all when ids is empty.
func (s *Service) MarkRead(ctx context.Context, actor people.Actor, ids []string, now time.Time) error {
	return store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		q := `UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at IS NULL`
		args := []any{now.UnixMilli(), actor.ID}
		if len(ids) > 0 {
			q += ` AND id IN ?`
			args = append(args, ids)
		}
		if err := tx.Exec(q, args...).Error; err != nil {
			return fmt.Errorf("mark notifications read: %w", err)
		}
		return nil
	})
}
