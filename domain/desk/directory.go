package desk

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/changelog"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/store"
	"outpost/domain/ticket"
)

// The directory's record kinds, as the change log and the audit trail name them.
const (
	EntityPerson   = people.EntityPerson
	EntityGroup    = people.EntityGroup
	EntityMember   = people.EntityMember
	EntityCategory = people.EntityCategory
	EntityService  = people.EntityService
)

// PersonPatch is an edit of a person; nil fields stay as they are.
type PersonPatch struct {
	Name   *string      `json:"name"`
	Email  *string      `json:"email"`
	Role   *people.Role `json:"role"`
	Active *bool        `json:"active"`
}

// CategoryItem is one category or subcategory with its id and whether it is offered.
type CategoryItem struct {
	ID       string `gorm:"column:id" json:"id"`
	Name     string `gorm:"column:name" json:"name"`
	ParentID string `gorm:"column:parent_id" json:"parentId"`
	Active   bool   `gorm:"column:active" json:"active"`
}

// Service is a service a ticket may be about.
type Service struct {
	ID          string `gorm:"column:id;primaryKey" json:"id"`
	Name        string `gorm:"column:name" json:"name"`
	Description string `gorm:"column:description" json:"description"`
	Active      bool   `gorm:"column:active" json:"active"`
	CreatedAt   int64  `gorm:"column:created_at;autoCreateTime:false" json:"createdAt"`
}

// TableName is the services table.
func (Service) TableName() string { return "services" }

// ActiveAdmins counts the people who are active admins, the desk's system account aside: the
// count the last-admin rule reads.
func ActiveAdmins(tx *gorm.DB, systemID string) (int, error) {
	var n int64
	err := tx.Raw(`SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1 AND id <> ?`, systemID).Scan(&n).Error
	return int(n), err
}

// Everyone lists every person the directory holds, active or not (the system account
// aside), active ones first, by name: what the administration screen shows.
func (d *Desk) Everyone(ctx context.Context) ([]people.User, error) {
	var out []people.User
	err := d.DB.WithContext(ctx).Where("id <> ?", d.People.SystemID).Order("active DESC, name").Find(&out).Error
	return out, err
}

// CreatePerson adds a person (admins only), logged and audited like a ticket change.
func (d *Desk) CreatePerson(ctx context.Context, actor people.Actor, u people.User) (*people.User, error) {
	if err := people.CheckPerson(actor, nil, &u, 0); err != nil {
		return nil, err
	}
	now := d.Now().UnixMilli()
	u.ID, u.Active, u.CreatedAt, u.UpdatedAt = uuid.Must(uuid.NewV7()).String(), true, now, now
	err := store.Tx(ctx, d.DB, func(tx *gorm.DB) error {
		if err := emailFree(tx, u.Email, u.ID); err != nil {
			return err
		}
		if err := tx.Create(&u).Error; err != nil {
			return fmt.Errorf("create person %s: %w", u.Email, err)
		}
		return d.logRecord(tx, actor, EntityPerson, u.ID, nil, personDoc(&u))
	})
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// UpdatePerson edits a person: their name and email (their own, or anyone's for an admin),
// their role and whether they are active (admins only; the last active admin stays one).
func (d *Desk) UpdatePerson(ctx context.Context, actor people.Actor, id string, p PersonPatch) (*people.User, error) {
	var out people.User
	err := store.Tx(ctx, d.DB, func(tx *gorm.DB) error {
		before, err := loadPerson(tx, id)
		if err != nil {
			return err
		}
		after := *before
		if p.Name != nil {
			after.Name = *p.Name
		}
		if p.Email != nil {
			after.Email = *p.Email
		}
		if p.Role != nil {
			after.Role = *p.Role
		}
		if p.Active != nil {
			after.Active = *p.Active
		}
		admins, err := ActiveAdmins(tx, d.People.SystemID)
		if err != nil {
			return err
		}
		if err := people.CheckPerson(actor, before, &after, admins); err != nil {
			return err
		}
		if err := emailFree(tx, after.Email, id); err != nil {
			return err
		}
		after.UpdatedAt = d.Now().UnixMilli()
		if err := tx.Model(&people.User{}).Where("id = ?", id).Updates(map[string]any{
			"name": after.Name, "email": after.Email, "role": after.Role, "active": after.Active, "updated_at": after.UpdatedAt,
		}).Error; err != nil {
			return fmt.Errorf("update person %s: %w", id, err)
		}
		out = after
		return d.logRecord(tx, actor, EntityPerson, id, personDoc(before), personDoc(&after))
	})
	if err != nil {
		return nil, err
	}
	return &out, nil
}

// SaveGroup creates a group (id "") or edits one: its name, description and whether it takes
// tickets (managers and admins).
func (d *Desk) SaveGroup(ctx context.Context, actor people.Actor, g people.Group) (*people.Group, error) {
	if err := people.CheckGroup(actor, &g); err != nil {
		return nil, err
	}
	now := d.Now().UnixMilli()
	err := store.Tx(ctx, d.DB, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&people.Group{}).Where("name = ? AND id <> ?", g.Name, g.ID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return fault.Field("name", "a group called %s exists already", g.Name)
		}
		if g.ID == "" {
			g.ID, g.Active, g.CreatedAt, g.UpdatedAt = uuid.Must(uuid.NewV7()).String(), true, now, now
			if err := tx.Create(&g).Error; err != nil {
				return fmt.Errorf("create group %s: %w", g.Name, err)
			}
			return d.logRecord(tx, actor, EntityGroup, g.ID, nil, groupDoc(&g))
		}
		var before people.Group
		if err := tx.Where("id = ?", g.ID).Take(&before).Error; errors.Is(err, gorm.ErrRecordNotFound) {
			return fmt.Errorf("group %s: %w", g.ID, fault.ErrNotFound)
		} else if err != nil {
			return err
		}
		g.CreatedAt, g.UpdatedAt = before.CreatedAt, now
		if err := tx.Model(&people.Group{}).Where("id = ?", g.ID).Updates(map[string]any{
			"name": g.Name, "description": g.Description, "active": g.Active, "updated_at": now,
		}).Error; err != nil {
			return fmt.Errorf("update group %s: %w", g.ID, err)
		}
		return d.logRecord(tx, actor, EntityGroup, g.ID, groupDoc(&before), groupDoc(&g))
	})
	if err != nil {
		return nil, err
	}
	return &g, nil
}

// SetMember puts a person in a group or takes them out (managers and admins). Doing what is
// already so changes nothing.
func (d *Desk) SetMember(ctx context.Context, actor people.Actor, groupID, userID string, member bool) error {
	return store.Tx(ctx, d.DB, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&people.Group{}).Where("id = ?", groupID).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return fault.Field("groupId", "no such group")
		}
		u, err := loadPerson(tx, userID)
		if errors.Is(err, fault.ErrNotFound) {
			u = nil
		} else if err != nil {
			return err
		}
		if err := people.CheckMembership(actor, u, member); err != nil {
			return err
		}
		id := people.MemberID(groupID, userID)
		var cur []bool
		if err := tx.Raw(`SELECT active FROM group_members WHERE id = ?`, id).Scan(&cur).Error; err != nil {
			return err
		}
		after := map[string]any{"id": id, "groupId": groupID, "userId": userID, "active": member}
		switch {
		case len(cur) == 0 && !member, len(cur) == 1 && cur[0] == member:
			return nil
		case len(cur) == 0:
			if err := tx.Exec(`INSERT INTO group_members(id, group_id, user_id, active) VALUES (?, ?, ?, 1)`, id, groupID, userID).Error; err != nil {
				return err
			}
			return d.logRecord(tx, actor, EntityMember, id, nil, after)
		default:
			if err := tx.Exec(`UPDATE group_members SET active = ? WHERE id = ?`, member, id).Error; err != nil {
				return err
			}
			before := map[string]any{"id": id, "groupId": groupID, "userId": userID, "active": cur[0]}
			return d.logRecord(tx, actor, EntityMember, id, before, after)
		}
	})
}

// CategoryList lists every category and subcategory, offered or not, parents first by name.
func (d *Desk) CategoryList(ctx context.Context) ([]CategoryItem, error) {
	var out []CategoryItem
	err := d.DB.WithContext(ctx).Raw(`SELECT c.id, c.name, COALESCE(c.parent_id, '') AS parent_id, c.active FROM categories c
		LEFT JOIN categories p ON p.id = c.parent_id ORDER BY COALESCE(p.name, c.name), c.parent_id IS NOT NULL, c.name`).Scan(&out).Error
	return out, err
}

// SaveCategory creates a category (id "", parentID "" for a top-level one, else a
// subcategory of parentID) or renames one and sets whether it is offered (managers and
// admins). A ticket keeps the category text it was given.
func (d *Desk) SaveCategory(ctx context.Context, actor people.Actor, c CategoryItem) (*CategoryItem, error) {
	if err := people.CheckListName(actor, "category", c.Name); err != nil {
		return nil, err
	}
	c.Name = strings.TrimSpace(c.Name)
	err := store.Tx(ctx, d.DB, func(tx *gorm.DB) error {
		var before []CategoryItem
		if c.ID != "" {
			if err := tx.Raw(`SELECT id, name, COALESCE(parent_id, '') AS parent_id, active FROM categories WHERE id = ?`, c.ID).Scan(&before).Error; err != nil {
				return err
			}
			if len(before) == 0 {
				return fmt.Errorf("category %s: %w", c.ID, fault.ErrNotFound)
			}
			c.ParentID = before[0].ParentID // a subcategory stays under its category
		} else if c.ParentID != "" {
			var parent []string
			if err := tx.Raw(`SELECT id FROM categories WHERE id = ? AND parent_id IS NULL`, c.ParentID).Scan(&parent).Error; err != nil {
				return err
			}
			if len(parent) == 0 {
				return fault.Field("parentId", "no such category")
			}
		}
		var n int64
		if err := tx.Raw(`SELECT COUNT(*) FROM categories WHERE name = ? AND COALESCE(parent_id, '') = ? AND id <> ?`, c.Name, c.ParentID, c.ID).Scan(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return fault.Field("name", "%s exists already here", c.Name)
		}
		if c.ID == "" {
			c.ID, c.Active = uuid.Must(uuid.NewV7()).String(), true
			if err := tx.Exec(`INSERT INTO categories(id, name, parent_id, active, created_at) VALUES (?, ?, NULLIF(?, ''), 1, ?)`,
				c.ID, c.Name, c.ParentID, d.Now().UnixMilli()).Error; err != nil {
				return fmt.Errorf("create category %s: %w", c.Name, err)
			}
			return d.logRecord(tx, actor, EntityCategory, c.ID, nil, categoryDoc(&c))
		}
		if err := tx.Exec(`UPDATE categories SET name = ?, active = ? WHERE id = ?`, c.Name, c.Active, c.ID).Error; err != nil {
			return fmt.Errorf("update category %s: %w", c.ID, err)
		}
		return d.logRecord(tx, actor, EntityCategory, c.ID, categoryDoc(&before[0]), categoryDoc(&c))
	})
	if err != nil {
		return nil, err
	}
	return &c, nil
}

// Services lists every service, offered or not, by name.
func (d *Desk) Services(ctx context.Context) ([]Service, error) {
	var out []Service
	err := d.DB.WithContext(ctx).Order("name").Find(&out).Error
	return out, err
}

// SaveService creates a service (id "") or edits one (managers and admins).
func (d *Desk) SaveService(ctx context.Context, actor people.Actor, s Service) (*Service, error) {
	if err := people.CheckListName(actor, "service", s.Name); err != nil {
		return nil, err
	}
	s.Name = strings.TrimSpace(s.Name)
	if err := people.CheckListText("description", "a service's description", s.Description); err != nil {
		return nil, err
	}
	err := store.Tx(ctx, d.DB, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&Service{}).Where("name = ? AND id <> ?", s.Name, s.ID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return fault.Field("name", "a service called %s exists already", s.Name)
		}
		if s.ID == "" {
			s.ID, s.Active, s.CreatedAt = uuid.Must(uuid.NewV7()).String(), true, d.Now().UnixMilli()
			if err := tx.Create(&s).Error; err != nil {
				return fmt.Errorf("create service %s: %w", s.Name, err)
			}
			return d.logRecord(tx, actor, EntityService, s.ID, nil, serviceDoc(&s))
		}
		var before Service
		if err := tx.Where("id = ?", s.ID).Take(&before).Error; errors.Is(err, gorm.ErrRecordNotFound) {
			return fmt.Errorf("service %s: %w", s.ID, fault.ErrNotFound)
		} else if err != nil {
			return err
		}
		s.CreatedAt = before.CreatedAt
		if err := tx.Model(&Service{}).Where("id = ?", s.ID).Updates(map[string]any{
			"name": s.Name, "description": s.Description, "active": s.Active,
		}).Error; err != nil {
			return fmt.Errorf("update service %s: %w", s.ID, err)
		}
		return d.logRecord(tx, actor, EntityService, s.ID, serviceDoc(&before), serviceDoc(&s))
	})
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// logRecord appends a directory write to the change log (a create with the whole record, or
// one set per changed field) and to the audit trail, in the write's transaction.
func (d *Desk) logRecord(tx *gorm.DB, actor people.Actor, entity, id string, before, after map[string]any) error {
	now := d.Now().UnixMilli()
	var entries []changelog.Entry
	var audit []ticket.AuditEntry
	line := func(field string, old, new any) {
		audit = append(audit, ticket.AuditEntry{ID: uuid.Must(uuid.NewV7()).String(), Entity: entity, TicketID: id,
			ActorID: actor.ID, At: now, Field: field, OldValue: show(old), NewValue: show(new)})
	}
	if before == nil {
		entries = append(entries, changelog.Entry{Entity: entity, RecordID: id, Op: changelog.OpCreate, Value: after})
		line("created", nil, after["name"])
	} else {
		keys := make([]string, 0, len(after))
		for k := range after {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			if fmt.Sprint(before[k]) == fmt.Sprint(after[k]) {
				continue
			}
			entries = append(entries, changelog.Entry{Entity: entity, RecordID: id, Op: changelog.OpSet, Field: k, Value: after[k]})
			line(k, before[k], after[k])
		}
	}
	if len(entries) == 0 {
		return nil
	}
	if err := ticket.WriteAudit(tx, audit); err != nil {
		return fmt.Errorf("write audit: %w", err)
	}
	if err := d.Log.Append(tx, actor.ID, entries...); err != nil {
		return fmt.Errorf("write change log: %w", err)
	}
	return nil
}

func show(v any) string {
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

func loadPerson(tx *gorm.DB, id string) (*people.User, error) {
	var u people.User
	err := tx.Where("id = ?", id).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("person %s: %w", id, fault.ErrNotFound)
	}
	return &u, err
}

// emailFree refuses an address another person has. It runs after Validate, which lowercases.
func emailFree(tx *gorm.DB, email, id string) error {
	var n int64
	if err := tx.Model(&people.User{}).Where("email = ? AND id <> ?", strings.ToLower(strings.TrimSpace(email)), id).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return fault.Field("email", "%s is already taken", email)
	}
	return nil
}

// The synced fields of each kind, by JSON name (never a password hash: the desk has none).
func personDoc(u *people.User) map[string]any {
	return map[string]any{"id": u.ID, "name": u.Name, "email": u.Email, "role": string(u.Role), "active": u.Active, "createdAt": u.CreatedAt}
}

func groupDoc(g *people.Group) map[string]any {
	return map[string]any{"id": g.ID, "name": g.Name, "description": g.Description, "active": g.Active, "createdAt": g.CreatedAt}
}

func categoryDoc(c *CategoryItem) map[string]any {
	var parent any
	if c.ParentID != "" {
		parent = c.ParentID
	}
	return map[string]any{"id": c.ID, "name": c.Name, "parentId": parent, "active": c.Active}
}

func serviceDoc(s *Service) map[string]any {
	return map[string]any{"id": s.ID, "name": s.Name, "description": s.Description, "active": s.Active, "createdAt": s.CreatedAt}
}
