package ticket

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/gabriel-vasile/mimetype"
	"github.com/google/uuid"

	"outpost/domain/changelog"
	"outpost/domain/fault"
	"outpost/domain/people"
)

// Comment kinds: a public reply the requester sees, an internal work note, a worklog entry.
const (
	KindReply   = "reply"
	KindNote    = "note"
	KindWorklog = "worklog"
)

// Comment is one entry of a ticket's conversation.
type Comment struct {
	ID        string `gorm:"column:id;primaryKey" json:"id"`
	TicketID  string `gorm:"column:ticket_id" json:"ticketId"`
	AuthorID  string `gorm:"column:author_id" json:"authorId"`
	Kind      string `gorm:"column:kind" json:"kind"`
	Body      string `gorm:"column:body" json:"body"`
	Minutes   int    `gorm:"column:minutes" json:"minutes"`
	CreatedAt int64  `gorm:"column:created_at" json:"createdAt"`
}

// TableName is the comments table.
func (Comment) TableName() string { return "comments" }

// AddComment adds a reply, work note or worklog entry. A requester may only reply on their own
// tickets; a requester's reply on a ticket on hold awaiting the caller resumes it.
func (s *Service) AddComment(ctx context.Context, actor people.Actor, ticketID, kind, body string, minutes int) (*Comment, error) {
	var out *Comment
	err := s.run(ctx, actor, ticketID, func(w *write) error {
		t, err := w.load(ticketID)
		if err != nil {
			return err
		}
		out, err = w.addComment(t, kind, body, minutes)
		return err
	})
	return out, err
}

// addComment is AddComment's work on a loaded ticket.
func (w *write) addComment(t *Ticket, kind, body string, minutes int) (*Comment, error) {
	if err := CheckComment(w.actor, t, kind, strings.TrimSpace(body), minutes); err != nil {
		return nil, err
	}
	c, err := w.comment(t, kind, body, minutes)
	if err != nil {
		return nil, err
	}
	if ResumedByReply(w.actor, t, kind) {
		// The caller answered: the ticket goes back to work.
		who := w.actor
		step, m := ReplyStep(who)
		w.actor = step
		err := w.move(t, m)
		w.actor = who
		if err != nil {
			return nil, err
		}
	}
	return c, nil
}

func (w *write) comment(t *Ticket, kind, body string, minutes int) (*Comment, error) {
	body = strings.TrimSpace(body)
	if kind != KindWorklog {
		minutes = 0
	}
	if err := checkCommentText(kind, body, minutes); err != nil {
		return nil, err
	}
	c := &Comment{ID: uuid.Must(uuid.NewV7()).String(), TicketID: t.ID, AuthorID: w.actor.ID, Kind: kind, Body: body, Minutes: minutes, CreatedAt: w.now.UnixMilli()}
	if err := w.tx.Create(c).Error; err != nil {
		return nil, fmt.Errorf("add comment to %s: %w", t.Number, err)
	}
	col := "notes"
	if kind == KindReply {
		col = "replies"
	}
	if body != "" {
		if err := w.tx.Exec(`UPDATE tickets_fts SET `+col+` = `+col+` || char(10) || ?
			WHERE rowid = (SELECT rowid FROM tickets WHERE id = ?)`, body, t.ID).Error; err != nil {
			return nil, fmt.Errorf("index comment: %w", err)
		}
	}
	if err := w.tx.Exec(`UPDATE tickets SET updated_at = ? WHERE id = ?`, c.CreatedAt, t.ID).Error; err != nil {
		return nil, err
	}
	w.log = append(w.log, changelog.Entry{Entity: EntityComment, RecordID: c.ID, Op: changelog.OpAppend, Value: c})
	return c, nil
}

// Attachment is a file on a ticket; its bytes are a content-addressed blob.
type Attachment struct {
	ID        string `gorm:"column:id;primaryKey" json:"id"`
	TicketID  string `gorm:"column:ticket_id" json:"ticketId"`
	SHA256    string `gorm:"column:sha256" json:"sha256"`
	Name      string `gorm:"column:name" json:"name"`
	Mime      string `gorm:"column:mime" json:"mime"`
	Size      int64  `gorm:"column:size" json:"size"`
	AuthorID  string `gorm:"column:author_id" json:"authorId"`
	CreatedAt int64  `gorm:"column:created_at" json:"createdAt"`
	// Internal files are staff only, like work notes: requesters never see nor read them.
	Internal bool `gorm:"column:internal" json:"internal"`
}

// TableName is the attachments table.
func (Attachment) TableName() string { return "attachments" }

// Attach stores data as a blob (once per content) and attaches it to the ticket, visible to
// the requester.
func (s *Service) Attach(ctx context.Context, actor people.Actor, ticketID, name string, data []byte) (*Attachment, error) {
	return s.attach(ctx, actor, ticketID, name, data, false)
}

// AttachInternal attaches a staff-only file, which the requester never sees nor reads.
func (s *Service) AttachInternal(ctx context.Context, actor people.Actor, ticketID, name string, data []byte) (*Attachment, error) {
	return s.attach(ctx, actor, ticketID, name, data, true)
}

func (s *Service) attach(ctx context.Context, actor people.Actor, ticketID, name string, data []byte, internal bool) (*Attachment, error) {
	if err := CheckAttachInternal(actor, internal); err != nil {
		return nil, err
	}
	name = filepath.Base(strings.TrimSpace(name))
	if name == "" || name == "." || name == "/" {
		return nil, fault.Field("name", "a file name is required")
	}
	if len(data) == 0 {
		return nil, fault.Field("file", "the file is empty")
	}
	if int64(len(data)) > s.MaxAttachment {
		return nil, fmt.Errorf("%s is %d bytes, the limit is %d: %w", name, len(data), s.MaxAttachment, fault.ErrTooLarge)
	}
	sum := sha256.Sum256(data)
	a := &Attachment{ID: uuid.Must(uuid.NewV7()).String(), TicketID: ticketID, SHA256: hex.EncodeToString(sum[:]),
		Name: name, Mime: mimetype.Detect(data).String(), Size: int64(len(data)), AuthorID: actor.ID, Internal: internal}
	err := s.run(ctx, actor, ticketID, func(w *write) error {
		t, err := w.load(ticketID)
		if err != nil {
			return err
		}
		if err := CheckAttach(actor, t, internal); err != nil {
			return err
		}
		if err := w.tx.Exec(`INSERT INTO blobs(sha256, size, data) VALUES (?, ?, ?) ON CONFLICT(sha256) DO NOTHING`,
			a.SHA256, a.Size, data).Error; err != nil {
			return fmt.Errorf("store blob: %w", err)
		}
		a.CreatedAt = w.now.UnixMilli()
		if err := w.tx.Create(a).Error; err != nil {
			return fmt.Errorf("attach %s: %w", name, err)
		}
		w.record(t.ID, "attachment", "", name)
		w.log = append(w.log, changelog.Entry{Entity: EntityAttachment, RecordID: a.ID, Op: changelog.OpAppend, Value: a})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// Blob returns an attachment's bytes after checking the actor may see its ticket, and for an
// internal file that the actor is staff (to anyone else it does not exist).
func (s *Service) Blob(ctx context.Context, actor people.Actor, attachmentID string) (*Attachment, []byte, error) {
	var a Attachment
	if err := s.DB.WithContext(ctx).Where("id = ?", attachmentID).Take(&a).Error; err != nil {
		return nil, nil, fmt.Errorf("attachment %s: %w", attachmentID, fault.ErrNotFound)
	}
	if a.Internal && !actor.IsStaff() {
		return nil, nil, fmt.Errorf("attachment %s: %w", attachmentID, fault.ErrNotFound)
	}
	if _, err := s.Get(ctx, actor, a.TicketID); err != nil {
		return nil, nil, err
	}
	var data []byte
	if err := s.DB.WithContext(ctx).Raw(`SELECT data FROM blobs WHERE sha256 = ?`, a.SHA256).Row().Scan(&data); err != nil {
		return nil, nil, fmt.Errorf("blob %s: %w", a.SHA256, err)
	}
	sum := sha256.Sum256(data)
	if !bytes.Equal([]byte(hex.EncodeToString(sum[:])), []byte(a.SHA256)) {
		return nil, nil, fmt.Errorf("blob %s is corrupt", a.SHA256)
	}
	return &a, data, nil
}

// MinutesWorked is the time worked on a ticket: the sum of its worklog entries' minutes.
// Worklogs are staff only, so a requester is told nothing.
func (s *Service) MinutesWorked(ctx context.Context, actor people.Actor, ticketID string) (int, error) {
	if !actor.IsStaff() {
		return 0, nil
	}
	var n int
	err := s.DB.WithContext(ctx).Raw(`SELECT COALESCE(SUM(minutes), 0) FROM comments WHERE ticket_id = ? AND kind = ?`,
		ticketID, KindWorklog).Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("time worked on %s: %w", ticketID, err)
	}
	return n, nil
}
