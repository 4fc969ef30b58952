package knowledge

import (
	"context"
	"encoding/json"
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

// Service runs every write on articles: it judges the change with the kinds' rules (the ones
// the server re-checks with), then writes the record, its version, its search row, its
// change-log rows and its audit trail in one transaction.
type Service struct {
	DB  *gorm.DB
	Log *changelog.Log
	Now func() time.Time
	// Numbers issues numbers from the server's leases once the profile has joined one (nil,
	// or "": the profile's own counter). See replica.Issuer.
	Numbers func(tx *gorm.DB, typ *kind.Type, nk string) (string, error)
}

// NewArticle is a new article as the form sends it.
type NewArticle struct {
	Title    string   `json:"title"`
	Body     string   `json:"body"`
	Category string   `json:"category"`
	Audience Audience `json:"audience"`
	// OwnerID is the staff member who keeps the article up to date ("": the writer).
	OwnerID string `json:"ownerId"`
	// ReviewAt is when the article is due for review, unix ms (0: none).
	ReviewAt int64 `json:"reviewAt"`
	// SourceTicketID names the resolved ticket the article was written from.
	SourceTicketID string `json:"sourceTicketId"`
}

// Patch is an edit: nil fields are left as they are; ReviewAt 0 clears the review date.
type Patch struct {
	Title    *string `json:"title"`
	Body     *string `json:"body"`
	Category *string `json:"category"`
	OwnerID  *string `json:"ownerId"`
	ReviewAt *int64  `json:"reviewAt"`
}

func typeOf(entity string) *kind.Type {
	t, _ := kind.Lookup(entity)
	return t
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

func raw(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

// write is one transaction's work, collecting its change log and audit trail.
type write struct {
	s     *Service
	tx    *gorm.DB
	actor people.Actor
	now   int64
	r     kind.Reader
	log   []changelog.Entry
	trail []ticket.AuditEntry
}

func (s *Service) run(ctx context.Context, actor people.Actor, fn func(w *write) error) error {
	return store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		w := &write{s: s, tx: tx, actor: actor, now: s.Now().UnixMilli(), r: replica.TxReader{Tx: tx}}
		if err := fn(w); err != nil {
			return err
		}
		if err := ticket.WriteAudit(tx, w.trail); err != nil {
			return fmt.Errorf("write audit: %w", err)
		}
		return s.Log.Append(tx, actor.ID, w.log...)
	})
}

func (w *write) audit(entity, id, field, oldV, newV string) {
	w.trail = append(w.trail, ticket.AuditEntry{ID: newID(), Entity: entity, TicketID: id, ActorID: w.actor.ID,
		At: w.now, Field: field, OldValue: oldV, NewValue: newV})
}

// number issues the next article number: from the server's leases when joined, else the
// profile's own counter.
func (w *write) number() (string, error) {
	if w.s.Numbers != nil {
		num, err := w.s.Numbers(w.tx, typeOf(EntityArticle), NumberKind)
		if err != nil || num != "" {
			return num, err
		}
	}
	var n int64
	if err := w.tx.Raw(`INSERT INTO counters(kind, next) VALUES (?, 1002)
		ON CONFLICT(kind) DO UPDATE SET next = next + 1 RETURNING next - 1`, NumberKind).Scan(&n).Error; err != nil {
		return "", fmt.Errorf("next article number: %w", err)
	}
	return FormatNumber(n), nil
}

// checkOwner: an article's owner is an active member of staff.
func (w *write) checkOwner(id string) error {
	var u people.User
	err := w.tx.Where("id = ?", id).Take(&u).Error
	if err != nil || !u.Active || !u.Role.AtLeast(people.Agent) {
		return fault.Field("ownerId", "the owner must be an active member of staff")
	}
	return nil
}

// appendVersion keeps the article's text as it now stands as a version.
func (w *write) appendVersion(a *Article) error {
	doc := kind.Doc{"id": raw(newID()), "articleId": raw(a.ID), "title": raw(a.Title), "body": raw(a.Body),
		"authorId": raw(w.actor.ID), "createdAt": raw(w.now)}
	return w.appendChild(EntityVersion, doc)
}

// appendChild judges and writes a new append-only record of entity.
func (w *write) appendChild(entity string, doc kind.Doc) error {
	t := typeOf(entity)
	if err := t.Rules.Create(w.r, w.actor, doc); err != nil {
		return err
	}
	if _, err := replica.Insert(w.tx, t, doc, nil); err != nil {
		return err
	}
	id, _ := kind.JSONString(doc["id"])
	w.log = append(w.log, changelog.Entry{Entity: entity, RecordID: id, Op: changelog.OpAppend, Value: doc})
	return nil
}

// load reads the article id for a write, as the actor may see it.
func (w *write) load(id string) (kind.Doc, *Article, error) {
	doc, err := replica.ReadDoc(w.tx, typeOf(EntityArticle), id)
	if err != nil {
		return nil, nil, err
	}
	if doc == nil {
		return nil, nil, fmt.Errorf("article %s: %w", id, fault.ErrNotFound)
	}
	a, err := seen(w.actor, doc)
	return doc, a, err
}

// Create writes a new draft article, numbered KB…, and keeps its text as the first version.
func (s *Service) Create(ctx context.Context, actor people.Actor, d NewArticle) (*Article, error) {
	a := &Article{ID: newID(), Type: NumberKind, Title: strings.TrimSpace(d.Title), Body: d.Body,
		Category: strings.TrimSpace(d.Category), Audience: d.Audience, OwnerID: d.OwnerID, State: Draft, CreatedBy: actor.ID}
	if a.OwnerID == "" {
		a.OwnerID = actor.ID
	}
	if d.ReviewAt != 0 {
		a.ReviewAt = &d.ReviewAt
	}
	if d.SourceTicketID != "" {
		a.SourceTicketID = &d.SourceTicketID
	}
	if err := CheckNew(actor, a); err != nil {
		return nil, err
	}
	err := s.run(ctx, actor, func(w *write) error {
		if err := w.checkOwner(a.OwnerID); err != nil {
			return err
		}
		num, err := w.number()
		if err != nil {
			return err
		}
		a.Number, a.CreatedAt, a.UpdatedAt = num, w.now, w.now
		doc := docOf(a)
		t := typeOf(EntityArticle)
		if err := t.Rules.Create(w.r, actor, doc); err != nil {
			return err
		}
		if _, err := replica.Insert(w.tx, t, doc, map[string]any{"updatedAt": w.now}); err != nil {
			return err
		}
		w.log = append(w.log, changelog.Entry{Entity: EntityArticle, RecordID: a.ID, Op: changelog.OpCreate, Value: doc})
		w.audit(EntityArticle, a.ID, "created", "", a.Number)
		if err := w.appendVersion(a); err != nil {
			return err
		}
		return Reindex(w.tx, []string{a.ID})
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// Update edits an article. Each field is judged by the kind's rules against the article as
// it stands; a change of its text keeps a new version.
func (s *Service) Update(ctx context.Context, actor people.Actor, id string, p Patch) (*Article, error) {
	var out *Article
	err := s.run(ctx, actor, func(w *write) error {
		cur, before, err := w.load(id)
		if err != nil {
			return err
		}
		values := map[string]json.RawMessage{}
		if p.Title != nil {
			values["title"] = raw(strings.TrimSpace(*p.Title))
		}
		if p.Body != nil {
			values["body"] = raw(*p.Body)
		}
		if p.Category != nil {
			values["category"] = raw(strings.TrimSpace(*p.Category))
		}
		if p.OwnerID != nil {
			values["ownerId"] = raw(*p.OwnerID)
		}
		if p.ReviewAt != nil {
			if *p.ReviewAt == 0 {
				values["reviewAt"] = json.RawMessage("null")
			} else {
				values["reviewAt"] = raw(*p.ReviewAt)
			}
		}
		cols := map[string]any{}
		text := false
		for _, name := range editable {
			v, ok := values[name]
			if !ok || replica.Canonical1(v) == replica.Canonical1(cur[name]) {
				continue
			}
			if err := setRule(w.r, actor, cur, name, v); err != nil {
				return err
			}
			if name == "ownerId" {
				owner, _ := kind.JSONString(v)
				if err := w.checkOwner(owner); err != nil {
					return err
				}
			}
			oldV, newV := display(cur[name]), display(v)
			if name == "body" {
				oldV, newV, text = "", "edited", true
			}
			text = text || name == "title"
			w.audit(EntityArticle, id, name, oldV, newV)
			w.log = append(w.log, changelog.Entry{Entity: EntityArticle, RecordID: id, Op: changelog.OpSet, Field: name, Value: v})
			cur[name], cols[name] = v, v
		}
		after, err := FromDoc(cur)
		if err != nil {
			return err
		}
		after.UpdatedAt = before.UpdatedAt
		out = after
		if len(cols) == 0 {
			return nil
		}
		cols["updatedAt"] = w.now
		after.UpdatedAt = w.now
		if err := replica.SetFields(w.tx, typeOf(EntityArticle), id, cols); err != nil {
			return err
		}
		if text {
			if err := w.appendVersion(after); err != nil {
				return err
			}
		}
		return Reindex(w.tx, []string{id})
	})
	return out, err
}

// Move takes an article to another state of its lifecycle.
func (s *Service) Move(ctx context.Context, actor people.Actor, id string, to State) (*Article, error) {
	var out *Article
	err := s.run(ctx, actor, func(w *write) error {
		_, a, err := w.load(id)
		if err != nil {
			return err
		}
		if err := CheckMove(actor, a, to); err != nil {
			return err
		}
		from := a.State
		a.State, a.UpdatedAt = to, w.now
		if err := replica.SetFields(w.tx, typeOf(EntityArticle), id, map[string]any{"state": string(to), "updatedAt": w.now}); err != nil {
			return err
		}
		w.log = append(w.log, changelog.Entry{Entity: EntityArticle, RecordID: id, Op: changelog.OpTransition, Field: "state",
			Value: MoveValue{From: from, To: to}})
		w.audit(EntityArticle, id, "state", string(from), string(to))
		out = a
		return nil
	})
	return out, err
}

// Vote records whether the actor found a published article helpful (once per person).
func (s *Service) Vote(ctx context.Context, actor people.Actor, id string, helpful bool) error {
	return s.run(ctx, actor, func(w *write) error {
		if _, _, err := w.load(id); err != nil {
			return err
		}
		doc := kind.Doc{"id": raw(newID()), "articleId": raw(id), "userId": raw(actor.ID), "helpful": raw(helpful), "createdAt": raw(w.now)}
		if err := w.appendChild(EntityVote, doc); err != nil {
			return err
		}
		w.audit(EntityArticle, id, "vote", "", map[bool]string{true: "helpful", false: "not helpful"}[helpful])
		return nil
	})
}

// Link relates an article to a ticket; the ticket's trail records it.
func (s *Service) Link(ctx context.Context, actor people.Actor, ticketID, articleID string) error {
	return s.run(ctx, actor, func(w *write) error {
		doc := kind.Doc{"id": raw(newID()), "ticketId": raw(ticketID), "articleId": raw(articleID),
			"createdBy": raw(actor.ID), "createdAt": raw(w.now)}
		if err := w.appendChild(EntityLink, doc); err != nil {
			return err
		}
		num, _, _ := replica.ReadField(w.tx, typeOf(EntityArticle), articleID, "number")
		w.audit("", ticketID, "article", "", display(num))
		return nil
	})
}

// Viewed counts an opening of the article on this desk (views are this desk's own count).
func (s *Service) Viewed(ctx context.Context, actor people.Actor, id string) error {
	if _, err := s.get(ctx, actor, id); err != nil {
		return err
	}
	return store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO article_views(article_id, views) VALUES (?, 1)
			ON CONFLICT(article_id) DO UPDATE SET views = views + 1`, id).Error
	})
}

// Deflected records that the actor gave up the ticket they were writing after opening the
// article: the article answered them (this desk's own count).
func (s *Service) Deflected(ctx context.Context, actor people.Actor, articleID string) error {
	if _, err := s.get(ctx, actor, articleID); err != nil {
		return err
	}
	return store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		return tx.Exec(`INSERT INTO kb_deflections(id, article_id, user_id, at) VALUES (?, ?, ?, ?)`,
			newID(), articleID, actor.ID, s.Now().UnixMilli()).Error
	})
}

// display is a value as the audit trail shows it.
func display(v json.RawMessage) string {
	if s, ok := kind.JSONString(v); ok {
		return s
	}
	if len(v) == 0 || string(v) == "null" {
		return ""
	}
	return string(v)
}
