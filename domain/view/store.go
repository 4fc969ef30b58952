package view

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
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

// Store reads and writes saved views. Its writes go through the generic writer of declared
// kinds (the kind's rules, the change log, the audit trail) in one transaction each.
type Store struct {
	DB      *gorm.DB
	Now     func() time.Time
	Log     *changelog.Log
	Tickets *ticket.Service
}

// writer is the generic writer of records for actor, in tx.
func (s *Store) writer(tx *gorm.DB, actor people.Actor) *replica.Writer {
	return &replica.Writer{Tx: tx, Log: s.Log, Actor: actor, At: s.Now().UnixMilli(), Reader: replica.TxReader{Tx: tx}}
}

func viewType() *replica.Type {
	t, _ := replica.Lookup(EntityView)
	return t
}

// row is a view as the saved_views table holds it.
type row struct {
	ID        string  `gorm:"column:id;primaryKey"`
	OwnerID   string  `gorm:"column:owner_id"`
	OwnerName string  `gorm:"column:owner_name;->"`
	Name      string  `gorm:"column:name"`
	Position  int     `gorm:"column:position"`
	GroupID   *string `gorm:"column:group_id"`
	Subject   *string `gorm:"column:subject"`
	Query     string  `gorm:"column:query"`
	Columns   string  `gorm:"column:columns"`
	CreatedAt int64   `gorm:"column:created_at;autoCreateTime:false"`
	UpdatedAt int64   `gorm:"column:updated_at;autoUpdateTime:false"`
}

func (row) TableName() string { return "saved_views" }

func (r *row) view() (*View, error) {
	v := &View{ID: r.ID, OwnerID: r.OwnerID, OwnerName: r.OwnerName, Name: r.Name, Position: r.Position,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Columns: []string{}}
	if r.GroupID != nil {
		v.GroupID = *r.GroupID
	}
	v.Subject = SubjectTickets
	if r.Subject != nil {
		v.Subject = *r.Subject
	}
	q := any(&v.Query)
	if v.Subject == SubjectAssets {
		q = &v.AssetQuery
	}
	if err := json.Unmarshal([]byte(r.Query), q); err != nil {
		return nil, fmt.Errorf("view %s: query: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.Columns), &v.Columns); err != nil {
		return nil, fmt.Errorf("view %s: columns: %w", r.ID, err)
	}
	return v, nil
}

const selectViews = `SELECT v.*, COALESCE(u.name, '') AS owner_name FROM saved_views v LEFT JOIN users u ON u.id = v.owner_id
	WHERE v.archived = 0`

// ofSubject is the SQL condition that a saved_views row (alias v, when given) is of subject,
// with its argument: a row without a subject is of the ticket queue.
func ofSubject(alias, subject string) (string, any) {
	return `COALESCE(` + alias + `subject, '` + SubjectTickets + `') = ?`, subject
}

// List returns the ticket queue's views actor sees: their own in their order, then those
// shared with their groups by others, by name.
func (s *Store) List(ctx context.Context, actor people.Actor) ([]View, error) {
	return s.ListOf(ctx, actor, SubjectTickets)
}

// ListOf returns the views of subject's list actor sees, in List's order.
func (s *Store) ListOf(ctx context.Context, actor people.Actor, subject string) ([]View, error) {
	subject, ok := subjectOf(subject)
	if !ok {
		return nil, fault.Field("subject", "a view is of the ticket queue or of the asset list, not %q", subject)
	}
	var rows []row
	cond, arg := ofSubject("v.", subject)
	q := selectViews + ` AND ` + cond + ` AND (v.owner_id = ?`
	args := []any{arg, actor.ID}
	if len(actor.Groups) > 0 {
		q += ` OR v.group_id IN ?`
		args = append(args, actor.Groups)
	}
	q += `)`
	q += ` ORDER BY v.owner_id <> ?, CASE WHEN v.owner_id = ? THEN v.position END, v.name COLLATE NOCASE, v.id`
	args = append(args, actor.ID, actor.ID)
	if err := s.DB.WithContext(ctx).Raw(q, args...).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("list views: %w", err)
	}
	out := make([]View, 0, len(rows))
	for i := range rows {
		v, err := rows[i].view()
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, nil
}

// Get returns one view actor sees.
func (s *Store) Get(ctx context.Context, actor people.Actor, id string) (*View, error) {
	return s.get(s.DB.WithContext(ctx), actor, id)
}

func (s *Store) get(db *gorm.DB, actor people.Actor, id string) (*View, error) {
	var r row
	err := db.Raw(selectViews+` AND v.id = ?`, id).Scan(&r).Error
	if err != nil {
		return nil, fmt.Errorf("view %s: %w", id, err)
	}
	if r.ID == "" {
		return nil, fmt.Errorf("view %s: %w", id, fault.ErrNotFound)
	}
	v, err := r.view()
	if err != nil {
		return nil, err
	}
	if !CanSee(actor, v) {
		return nil, fmt.Errorf("view %s: %w", id, fault.ErrNotFound)
	}
	return v, nil
}

// check validates a query as the queue would run it for actor.
func (s *Store) check(actor people.Actor) func(ticket.Query) error {
	return func(q ticket.Query) error {
		_, _, err := q.QueueSQL(actor, s.Now())
		return err
	}
}

// Create saves a new personal view of actor's, last in their order of its list's views.
func (s *Store) Create(ctx context.Context, actor people.Actor, spec Spec) (*View, error) {
	if err := spec.normalize(actor, s.check(actor)); err != nil {
		return nil, err
	}
	now := s.Now().UnixMilli()
	v := &View{ID: uuid.Must(uuid.NewV7()).String(), OwnerID: actor.ID, Name: spec.Name, Subject: spec.Subject,
		Query: spec.Query, AssetQuery: spec.AssetQuery, Columns: spec.Columns, CreatedAt: now, UpdatedAt: now}
	if err := CanCreate(actor, v); err != nil {
		return nil, err
	}
	err := store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		var n int64
		var last int
		cond, arg := ofSubject("", v.Subject)
		if err := tx.Raw(`SELECT COUNT(*), COALESCE(MAX(position), -1) FROM saved_views WHERE owner_id = ? AND archived = 0 AND `+cond, actor.ID, arg).
			Row().Scan(&n, &last); err != nil {
			return err
		}
		if n >= MaxViews {
			return fault.Field("name", "you keep at most %d views: delete one first", MaxViews)
		}
		if err := uniqueName(tx, actor.ID, "", v.Subject, v.Name); err != nil {
			return err
		}
		v.Position = last + 1
		doc, err := toDoc(v)
		if err != nil {
			return err
		}
		return s.writer(tx, actor).Create(viewType(), doc)
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, actor, v.ID)
}

// uniqueName refuses a name the owner already gave another of their views of subject's list.
// Two desks of the owner's may each take one name before they sync: the sidebar shows both,
// and the owner renames one; only this desk's own writes are held to it.
func uniqueName(tx *gorm.DB, owner, id, subject, name string) error {
	var n int64
	cond, arg := ofSubject("", subject)
	if err := tx.Raw(`SELECT COUNT(*) FROM saved_views WHERE owner_id = ? AND id <> ? AND name = ? COLLATE NOCASE AND archived = 0 AND `+cond,
		owner, id, name, arg).Scan(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return fault.Field("name", "you already have a view called %q", name)
	}
	return nil
}

// update changes one view actor sees, in a transaction: fn judges and edits a copy of the
// view; the fields it changed are written through the kind's rules, logged and audited.
func (s *Store) update(ctx context.Context, actor people.Actor, id string, fn func(tx *gorm.DB, v *View) error) (*View, error) {
	err := store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		v, err := s.get(tx, actor, id)
		if err != nil {
			return err
		}
		if err := fn(tx, v); err != nil {
			return err
		}
		doc, err := toDoc(v)
		if err != nil {
			return err
		}
		for _, fixed := range []string{"id", "ownerId", "subject", "createdAt"} {
			delete(doc, fixed)
		}
		_, err = s.writer(tx, actor).Set(viewType(), id, doc)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, actor, id)
}

// Update replaces a view's name, query and columns (rename is an update with a new name). A
// view stays of its list: the spec's subject is the view's.
func (s *Store) Update(ctx context.Context, actor people.Actor, id string, spec Spec) (*View, error) {
	return s.update(ctx, actor, id, func(tx *gorm.DB, v *View) error {
		if err := CanEdit(actor, v); err != nil {
			return err
		}
		spec.Subject = v.Subject
		if err := spec.normalize(actor, s.check(actor)); err != nil {
			return err
		}
		if err := uniqueName(tx, v.OwnerID, v.ID, v.Subject, spec.Name); err != nil {
			return err
		}
		v.Name, v.Query, v.AssetQuery, v.Columns = spec.Name, spec.Query, spec.AssetQuery, spec.Columns
		return nil
	})
}

// Rename gives a view a new name.
func (s *Store) Rename(ctx context.Context, actor people.Actor, id, name string) (*View, error) {
	return s.update(ctx, actor, id, func(tx *gorm.DB, v *View) error {
		if err := CanEdit(actor, v); err != nil {
			return err
		}
		spec := Spec{Name: name, Subject: v.Subject, Query: v.Query, AssetQuery: v.AssetQuery, Columns: v.Columns}
		if err := spec.normalize(actor, func(ticket.Query) error { return nil }); err != nil {
			return err
		}
		if err := uniqueName(tx, v.OwnerID, v.ID, v.Subject, spec.Name); err != nil {
			return err
		}
		v.Name = spec.Name
		return nil
	})
}

// Share shares a view with a group, or stops sharing it (group "").
func (s *Store) Share(ctx context.Context, actor people.Actor, id, group string) (*View, error) {
	return s.update(ctx, actor, id, func(tx *gorm.DB, v *View) error {
		if err := CanShare(actor, v, group); err != nil {
			return err
		}
		if group != "" {
			var n int64
			if err := tx.Raw(`SELECT COUNT(*) FROM assignment_groups WHERE id = ?`, group).Scan(&n).Error; err != nil {
				return err
			}
			if n == 0 {
				return fault.Field("group", "no such group")
			}
		}
		v.GroupID = group
		return nil
	})
}

// Reorder puts actor's own views of one list in the order of ids, which must name each of
// them once (the list is that of the first id's view; the ticket queue's when there is none).
// The order is personal: it moves only their own views, and follows them to their other
// desks (each view's position is one of its synced fields).
func (s *Store) Reorder(ctx context.Context, actor people.Actor, ids []string) error {
	return store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		subject := SubjectTickets
		if len(ids) > 0 {
			var first []string
			if err := tx.Raw(`SELECT COALESCE(subject, ?) FROM saved_views WHERE id = ? AND owner_id = ? AND archived = 0`,
				SubjectTickets, ids[0], actor.ID).Scan(&first).Error; err != nil {
				return err
			}
			if len(first) == 1 {
				subject = first[0]
			}
		}
		var own []string
		cond, arg := ofSubject("", subject)
		if err := tx.Raw(`SELECT id FROM saved_views WHERE owner_id = ? AND archived = 0 AND `+cond, actor.ID, arg).Scan(&own).Error; err != nil {
			return err
		}
		seen := map[string]bool{}
		for _, id := range ids {
			if !contains(own, id) || seen[id] {
				return fault.Field("order", "the order must list each of your views once (%s is not one of yours, or twice)", id)
			}
			seen[id] = true
		}
		if len(seen) != len(own) {
			return fault.Field("order", "the order must list each of your %d views", len(own))
		}
		w := s.writer(tx, actor)
		for i, id := range ids {
			pos, _ := json.Marshal(i)
			if _, err := w.Set(viewType(), id, kind.Doc{"position": pos}); err != nil {
				return err
			}
		}
		return nil
	})
}

// Delete removes a view: it is archived, so the delete reaches the owner's other desks.
func (s *Store) Delete(ctx context.Context, actor people.Actor, id string) error {
	return store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		v, err := s.get(tx, actor, id)
		if err != nil {
			return err
		}
		if err := CanEdit(actor, v); err != nil {
			return err
		}
		return s.writer(tx, actor).Archive(viewType(), id)
	})
}

// Adopt logs, once per profile, the views it kept before views synced: each is logged as
// created by its owner, so it uploads as theirs on the next sync. It returns how many.
func Adopt(tx *gorm.DB, log *changelog.Log) (int, error) {
	t := viewType()
	var rows []struct{ ID, OwnerID string }
	if err := tx.Raw(`SELECT id, owner_id FROM saved_views WHERE id NOT IN (SELECT record_id FROM changes WHERE entity = ?)
		ORDER BY owner_id, position, id`, EntityView).Scan(&rows).Error; err != nil {
		return 0, err
	}
	for _, r := range rows {
		doc, err := replica.ReadDoc(tx, t, r.ID)
		if err != nil {
			return 0, err
		}
		if err := log.Append(tx, r.OwnerID, changelog.Entry{Entity: EntityView, RecordID: r.ID, Op: changelog.OpCreate, Value: doc}); err != nil {
			return 0, err
		}
	}
	return len(rows), nil
}

// CountCap is the most a sidebar count counts: beyond it the sidebar shows "1,000+", so a
// count costs at most that many matches whatever the profile's size.
const CountCap = 1000

// Count is how many tickets a view holds, up to CountCap (More when there are more).
type Count struct {
	ID    string `json:"id"`
	Count int64  `json:"count"`
	More  bool   `json:"more"`
}

// Counts counts, for actor, the tickets of each query by id (saved views and the desk's own).
// A view whose query no longer holds (a group deleted since) counts -1 rather than failing the
// whole sidebar.
func (s *Store) Counts(ctx context.Context, actor people.Actor, queries map[string]ticket.Query) ([]Count, error) {
	out := make([]Count, 0, len(queries))
	for id, q := range queries {
		n, err := s.Tickets.CountUpTo(ctx, actor, q, CountCap+1)
		var v *fault.Validation
		switch {
		case errors.As(err, &v):
			out = append(out, Count{ID: id, Count: -1})
			continue
		case err != nil:
			return nil, fmt.Errorf("count view %s: %w", id, err)
		}
		out = append(out, Count{ID: id, Count: min(n, CountCap), More: n > CountCap})
	}
	slices.SortFunc(out, func(a, b Count) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}
