package asset

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
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

// Service is the desk's writes and reads of assets and relationships. Every write checks the
// actor by the same Check* functions the kind's rules call on the server, then writes the
// row, its change-log entries and its audit trail in one transaction.
type Service struct {
	DB  *gorm.DB
	Log *changelog.Log
	Now func() time.Time
}

// Edit is an asset's editable fields, as a form sends them whole.
type Edit struct {
	Type         string  `json:"type"`
	Name         string  `json:"name"`
	Serial       string  `json:"serial"`
	Model        string  `json:"model"`
	Manufacturer string  `json:"manufacturer"`
	OwnerID      *string `json:"ownerId"`
	Location     string  `json:"location"`
	PurchaseDate string  `json:"purchaseDate"`
	Cost         *int64  `json:"cost"`
	WarrantyEnd  string  `json:"warrantyEnd"`
	Attributes   string  `json:"attributes"`
	LastSeenAt   *int64  `json:"lastSeenAt"`
}

func (e Edit) apply(a *Asset) {
	a.Type, a.Name, a.Serial, a.Model, a.Manufacturer = e.Type, e.Name, e.Serial, e.Model, e.Manufacturer
	a.OwnerID, a.Location, a.PurchaseDate, a.Cost = e.OwnerID, e.Location, e.PurchaseDate, e.Cost
	a.WarrantyEnd, a.Attributes, a.LastSeenAt = e.WarrantyEnd, e.Attributes, e.LastSeenAt
	if a.OwnerID != nil && *a.OwnerID == "" {
		a.OwnerID = nil
	}
}

func assetType() *kind.Type    { t, _ := kind.Lookup(EntityAsset); return t }
func relationType() *kind.Type { t, _ := kind.Lookup(EntityRelation); return t }

func (s *Service) writer(tx *gorm.DB, act people.Actor, at int64) *replica.Writer {
	return &replica.Writer{Tx: tx, Log: s.Log, Actor: act, At: at, Reader: replica.TxReader{Tx: tx}}
}

// Create registers an asset of class in status with the fields of e; its tag is the next of
// its class's series.
func (s *Service) Create(ctx context.Context, act people.Actor, class Class, status Status, e Edit) (*Asset, error) {
	var out *Asset
	err := store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		var err error
		out, err = s.create(tx, act, class, status, e)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// create is Create inside the caller's transaction.
func (s *Service) create(tx *gorm.DB, act people.Actor, class Class, status Status, e Edit) (*Asset, error) {
	now := s.Now().UnixMilli()
	a := &Asset{ID: uuid.Must(uuid.NewV7()).String(), Class: class, Status: status, CreatedBy: act.ID, CreatedAt: now, UpdatedAt: now}
	e.apply(a)
	if err := CheckNew(act, a); err != nil {
		return nil, err
	}
	if err := checkOwner(tx, a.OwnerID); err != nil {
		return nil, err
	}
	tag, err := replica.NextNumber(tx, s.Log.DeviceID, string(class), Prefix(string(class)), "assets", "tag")
	if err != nil {
		return nil, err
	}
	a.Tag = tag
	if err := s.writer(tx, act, now).Create(assetType(), docOf(a, assetType())); err != nil {
		return nil, err
	}
	return a, nil
}

// Update edits the asset id to the fields of e (those unchanged stay as they are).
func (s *Service) Update(ctx context.Context, act people.Actor, id string, e Edit) (*Asset, error) {
	var out *Asset
	err := store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		var err error
		out, err = s.update(tx, act, id, e)
		return err
	})
	return out, err
}

// update is Update inside the caller's transaction.
func (s *Service) update(tx *gorm.DB, act people.Actor, id string, e Edit) (*Asset, error) {
	before, err := load(tx, act, id)
	if err != nil {
		return nil, err
	}
	after := *before
	e.apply(&after)
	if err := CheckEdit(act, before, &after); err != nil {
		return nil, err
	}
	if err := checkOwner(tx, after.OwnerID); err != nil {
		return nil, err
	}
	doc := docOf(&after, assetType())
	for _, f := range []string{"id", "tag", "class", "status", "createdBy", "createdAt", "archived"} {
		delete(doc, f)
	}
	if _, err := s.writer(tx, act, s.Now().UnixMilli()).Set(assetType(), id, doc); err != nil {
		return nil, err
	}
	return load(tx, act, id)
}

// Move changes the asset's status to to, by the table of moves; logged as a transition op,
// which the server and every desk judge and apply alike.
func (s *Service) Move(ctx context.Context, act people.Actor, id string, to Status) (*Asset, error) {
	var out *Asset
	err := store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		a, err := load(tx, act, id)
		if err != nil {
			return err
		}
		if err := CheckMove(act, a, to); err != nil {
			return err
		}
		now := s.Now().UnixMilli()
		if err := replica.SetFields(tx, assetType(), id, map[string]any{"status": string(to), "updatedAt": now}); err != nil {
			return err
		}
		if err := s.Log.Append(tx, act.ID, changelog.Entry{Entity: EntityAsset, RecordID: id, Op: changelog.OpTransition,
			Field: "status", Value: TransitionValue{From: a.Status, To: to}}); err != nil {
			return err
		}
		if err := ticket.WriteAudit(tx, []ticket.AuditEntry{{ID: uuid.Must(uuid.NewV7()).String(), Entity: EntityAsset,
			TicketID: id, ActorID: act.ID, At: now, Field: "status", OldValue: string(a.Status), NewValue: string(to)}}); err != nil {
			return err
		}
		out, err = load(tx, act, id)
		return err
	})
	return out, err
}

// Relate makes the relationship from → target of type t (target is a CI, or a person for
// UsedBy). A relationship that exists is a duplicate; one removed before is made again.
func (s *Service) Relate(ctx context.Context, act people.Actor, from, target string, t RelType) (*Relation, error) {
	now := s.Now().UnixMilli()
	r := &Relation{FromID: from, Type: t, Active: true, CreatedBy: act.ID, CreatedAt: now}
	if t == UsedBy {
		r.UserID = &target
	} else {
		r.ToID = &target
	}
	r.ID = RelationID(from, target, t)
	if err := CheckRelation(act, r); err != nil {
		return nil, err
	}
	err := store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		if _, err := load(tx, act, from); err != nil {
			return fault.Field("fromId", "no such CI")
		}
		if t == UsedBy {
			if err := checkOwner(tx, r.UserID); err != nil {
				return fault.Field("userId", "no such active person")
			}
		} else if _, err := load(tx, act, target); err != nil {
			return fault.Field("toId", "no such CI")
		}
		typ, w := relationType(), s.writer(tx, act, now)
		cur, err := replica.ReadDoc(tx, typ, r.ID)
		if err != nil {
			return err
		}
		if cur == nil {
			return w.Create(typ, docOf(r, typ))
		}
		if string(cur["active"]) == "true" {
			return fmt.Errorf("this relationship exists already: %w", fault.ErrConflict)
		}
		if _, err := w.Set(typ, r.ID, kind.Doc{"active": json.RawMessage("true")}); err != nil {
			return err
		}
		return tx.Where("id = ?", r.ID).Take(r).Error
	})
	if err != nil {
		return nil, err
	}
	return r, nil
}

// Unrelate removes the relationship id.
func (s *Service) Unrelate(ctx context.Context, act people.Actor, id string) error {
	if err := CheckRelationActive(act); err != nil {
		return err
	}
	return store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		typ := relationType()
		cur, err := replica.ReadDoc(tx, typ, id)
		if err != nil {
			return err
		}
		if cur == nil || string(cur["active"]) != "true" {
			return fmt.Errorf("relationship %s: %w", id, fault.ErrNotFound)
		}
		_, err = s.writer(tx, act, s.Now().UnixMilli()).Set(typ, id, kind.Doc{"active": json.RawMessage("false")})
		return err
	})
}

// load reads an asset the actor may see (archived ones are gone).
func load(tx *gorm.DB, act people.Actor, id string) (*Asset, error) {
	var a Asset
	err := tx.Where("id = ? AND archived = 0", id).Take(&a).Error
	if errors.Is(err, gorm.ErrRecordNotFound) || (err == nil && !CanSee(act, &a)) {
		return nil, fmt.Errorf("asset %s: %w", id, fault.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return &a, nil
}

// checkOwner refuses an owner who is no active person.
func checkOwner(tx *gorm.DB, id *string) error {
	if id == nil {
		return nil
	}
	var n int64
	if err := tx.Raw(`SELECT COUNT(*) FROM users WHERE id = ? AND active = 1`, *id).Scan(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return fault.Field("ownerId", "no such active person")
	}
	return nil
}
