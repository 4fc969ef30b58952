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

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/store"
	"outpost/domain/ticket"
)

// Store reads and writes saved views.
type Store struct {
	DB      *gorm.DB
	Now     func() time.Time
	Tickets *ticket.Service
}

// row is a view as the saved_views table holds it.
type row struct {
	ID        string  `gorm:"column:id;primaryKey"`
	OwnerID   string  `gorm:"column:owner_id"`
	OwnerName string  `gorm:"column:owner_name;->"`
	Name      string  `gorm:"column:name"`
	Position  int     `gorm:"column:position"`
	GroupID   *string `gorm:"column:group_id"`
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
	if err := json.Unmarshal([]byte(r.Query), &v.Query); err != nil {
		return nil, fmt.Errorf("view %s: query: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(r.Columns), &v.Columns); err != nil {
		return nil, fmt.Errorf("view %s: columns: %w", r.ID, err)
	}
	return v, nil
}

func toRow(v *View) (*row, error) {
	q, err := json.Marshal(v.Query)
	if err != nil {
		return nil, err
	}
	c, err := json.Marshal(v.Columns)
	if err != nil {
		return nil, err
	}
	r := &row{ID: v.ID, OwnerID: v.OwnerID, Name: v.Name, Position: v.Position, Query: string(q), Columns: string(c),
		CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt}
	if v.GroupID != "" {
		r.GroupID = &v.GroupID
	}
	return r, nil
}

const selectViews = `SELECT v.*, COALESCE(u.name, '') AS owner_name FROM saved_views v LEFT JOIN users u ON u.id = v.owner_id`

// List returns the views actor sees: their own in their order, then those shared with their
// groups by others, by name.
func (s *Store) List(ctx context.Context, actor people.Actor) ([]View, error) {
	var rows []row
	q := selectViews + ` WHERE v.owner_id = ?`
	args := []any{actor.ID}
	if len(actor.Groups) > 0 {
		q += ` OR v.group_id IN ?`
		args = append(args, actor.Groups)
	}
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
	err := db.Raw(selectViews+` WHERE v.id = ?`, id).Scan(&r).Error
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

// Create saves a new personal view of actor's, last in their order.
func (s *Store) Create(ctx context.Context, actor people.Actor, spec Spec) (*View, error) {
	if err := spec.normalize(actor, s.check(actor)); err != nil {
		return nil, err
	}
	now := s.Now().UnixMilli()
	v := &View{ID: uuid.Must(uuid.NewV7()).String(), OwnerID: actor.ID, Name: spec.Name, Query: spec.Query,
		Columns: spec.Columns, CreatedAt: now, UpdatedAt: now}
	if err := CanCreate(actor, v); err != nil {
		return nil, err
	}
	err := store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		var n int64
		var last int
		if err := tx.Raw(`SELECT COUNT(*), COALESCE(MAX(position), -1) FROM saved_views WHERE owner_id = ?`, actor.ID).
			Row().Scan(&n, &last); err != nil {
			return err
		}
		if n >= MaxViews {
			return fault.Field("name", "you keep at most %d views: delete one first", MaxViews)
		}
		if err := uniqueName(tx, actor.ID, "", v.Name); err != nil {
			return err
		}
		v.Position = last + 1
		r, err := toRow(v)
		if err != nil {
			return err
		}
		return tx.Create(r).Error
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, actor, v.ID)
}

// uniqueName refuses a name the owner already gave another of their views.
func uniqueName(tx *gorm.DB, owner, id, name string) error {
	var n int64
	if err := tx.Raw(`SELECT COUNT(*) FROM saved_views WHERE owner_id = ? AND id <> ? AND name = ? COLLATE NOCASE`,
		owner, id, name).Scan(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return fault.Field("name", "you already have a view called %q", name)
	}
	return nil
}

// update changes one view of actor's in a transaction: fn judges and edits the view.
func (s *Store) update(ctx context.Context, actor people.Actor, id string, fn func(tx *gorm.DB, v *View) error) (*View, error) {
	err := store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		v, err := s.get(tx, actor, id)
		if err != nil {
			return err
		}
		if err := fn(tx, v); err != nil {
			return err
		}
		v.UpdatedAt = s.Now().UnixMilli()
		r, err := toRow(v)
		if err != nil {
			return err
		}
		return tx.Save(r).Error
	})
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, actor, id)
}

// Update replaces a view's name, query and columns (rename is an update with a new name).
func (s *Store) Update(ctx context.Context, actor people.Actor, id string, spec Spec) (*View, error) {
	return s.update(ctx, actor, id, func(tx *gorm.DB, v *View) error {
		if err := CanEdit(actor, v); err != nil {
			return err
		}
		if err := spec.normalize(actor, s.check(actor)); err != nil {
			return err
		}
		if err := uniqueName(tx, v.OwnerID, v.ID, spec.Name); err != nil {
			return err
		}
		v.Name, v.Query, v.Columns = spec.Name, spec.Query, spec.Columns
		return nil
	})
}

// Rename gives a view a new name.
func (s *Store) Rename(ctx context.Context, actor people.Actor, id, name string) (*View, error) {
	return s.update(ctx, actor, id, func(tx *gorm.DB, v *View) error {
		if err := CanEdit(actor, v); err != nil {
			return err
		}
		spec := Spec{Name: name, Query: v.Query, Columns: v.Columns}
		if err := spec.normalize(actor, func(ticket.Query) error { return nil }); err != nil {
			return err
		}
		if err := uniqueName(tx, v.OwnerID, v.ID, spec.Name); err != nil {
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

// Reorder puts actor's own views in the order of ids, which must name each of them once.
func (s *Store) Reorder(ctx context.Context, actor people.Actor, ids []string) error {
	return store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		var own []string
		if err := tx.Raw(`SELECT id FROM saved_views WHERE owner_id = ?`, actor.ID).Scan(&own).Error; err != nil {
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
		now := s.Now().UnixMilli()
		for i, id := range ids {
			if err := tx.Exec(`UPDATE saved_views SET position = ?, updated_at = ? WHERE id = ? AND position <> ?`, i, now, id, i).Error; err != nil {
				return err
			}
		}
		return nil
	})
}

// Delete removes a view of actor's.
func (s *Store) Delete(ctx context.Context, actor people.Actor, id string) error {
	return store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		v, err := s.get(tx, actor, id)
		if err != nil {
			return err
		}
		if err := CanEdit(actor, v); err != nil {
			return err
		}
		return tx.Exec(`DELETE FROM saved_views WHERE id = ?`, id).Error
	})
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
