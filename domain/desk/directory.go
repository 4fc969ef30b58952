package desk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/replica"
	"outpost/domain/store"
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
	// ManagerID sets the person's manager; "" clears it.
	ManagerID *string `json:"managerId"`
}

// CategoryItem is one category or subcategory with its id and whether it is offered.
type CategoryItem struct {
	ID       string `gorm:"column:id" json:"id"`
	Name     string `gorm:"column:name" json:"name"`
	ParentID string `gorm:"column:parent_id" json:"parentId"`
	Active   bool   `gorm:"column:active" json:"active"`
	// DepartmentID is the department the category is for ("": every department).
	DepartmentID string `gorm:"column:department_id" json:"departmentId"`
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

// Everyone lists every person the directory holds, active or not (the system account
// aside), active ones first, by name: what the administration screen shows.
func (d *Desk) Everyone(ctx context.Context) ([]people.User, error) {
	var out []people.User
	err := d.DB.WithContext(ctx).Where("id <> ?", d.People.SystemID).Order("active DESC, name").Find(&out).Error
	return out, err
}

// writer is the generic writer of declared kinds for actor, in tx.
func (d *Desk) writer(tx *gorm.DB, actor people.Actor) *replica.Writer {
	return &replica.Writer{Tx: tx, Log: d.Log, Actor: actor, At: d.Now().UnixMilli(),
		Reader: replica.TxReader{Tx: tx, Team: replica.Settings{Matrix: d.Tickets.Matrix}}}
}

func lookup(entity string) *replica.Type {
	t, ok := replica.Lookup(entity)
	if !ok {
		panic("desk: " + entity + " is not declared")
	}
	return t
}

// docOf turns a record's fields into a document.
func docOf(fields map[string]any) replica.Doc {
	doc := make(replica.Doc, len(fields))
	for k, v := range fields {
		b, _ := json.Marshal(v)
		doc[k] = b
	}
	return doc
}

// CreatePerson adds a person (admins only), logged and audited like a ticket change. The
// person has no password: on a joined desk they sign in to the server once one is set there.
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
		return d.writer(tx, actor).Create(lookup(EntityPerson), docOf(personDoc(&u)))
	})
	if err != nil {
		return nil, err
	}
	return &u, nil
}

// UpdatePerson edits a person: their name and email (their own, or anyone's for an admin),
// their role and whether they are active (admins only; the last active admin stays one).
func (d *Desk) UpdatePerson(ctx context.Context, actor people.Actor, id string, p PersonPatch) (*people.User, error) {
	var out *people.User
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
		if p.ManagerID != nil {
			after.ManagerID = nil
			if *p.ManagerID != "" {
				m := *p.ManagerID
				after.ManagerID = &m
				if _, err := loadPerson(tx, m); err != nil {
					return fault.Field("managerId", "no such person")
				}
			}
		}
		// The whole change is judged first (a refusal names the field the form shows, and
		// name and email are normalised), then each field by the kind's rules as it is set.
		admins, err := replica.TxReader{Tx: tx}.ActiveAdmins()
		if err != nil {
			return err
		}
		if err := people.CheckPerson(actor, before, &after, admins); err != nil {
			return err
		}
		if err := emailFree(tx, after.Email, id); err != nil {
			return err
		}
		doc := docOf(personDoc(&after))
		delete(doc, "id")
		delete(doc, "createdAt")
		if _, err := d.writer(tx, actor).Set(lookup(EntityPerson), id, doc); err != nil {
			return err
		}
		out, err = loadPerson(tx, id)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// SaveGroup creates a group (id "") or edits one: its name, description and whether it takes
// tickets (managers and admins).
func (d *Desk) SaveGroup(ctx context.Context, actor people.Actor, g people.Group) (*people.Group, error) {
	if err := people.CheckGroup(actor, &g); err != nil {
		return nil, err
	}
	err := store.Tx(ctx, d.DB, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&people.Group{}).Where("name = ? AND id <> ?", g.Name, g.ID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return fault.Field("name", "a group called %s exists already", g.Name)
		}
		w := d.writer(tx, actor)
		if g.ID == "" {
			g.ID, g.Active, g.CreatedAt = uuid.Must(uuid.NewV7()).String(), true, w.At
			return w.Create(lookup(EntityGroup), docOf(groupDoc(&g)))
		}
		_, err := w.Set(lookup(EntityGroup), g.ID, docOf(map[string]any{"name": g.Name, "description": g.Description, "active": g.Active,
			"departmentId": g.DepartmentID}))
		return err
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
		t, w := lookup(EntityMember), d.writer(tx, actor)
		cur, err := replica.ReadDoc(tx, t, id)
		if err != nil {
			return err
		}
		if cur == nil {
			if !member {
				return nil
			}
			return w.Create(t, docOf(map[string]any{"id": id, "groupId": groupID, "userId": userID, "active": true}))
		}
		_, err = w.Set(t, id, docOf(map[string]any{"active": member}))
		return err
	})
}

// CategoryList lists every category and subcategory, offered or not, parents first by name.
func (d *Desk) CategoryList(ctx context.Context) ([]CategoryItem, error) {
	var out []CategoryItem
	err := d.DB.WithContext(ctx).Raw(`SELECT c.id, c.name, COALESCE(c.parent_id, '') AS parent_id, c.active,
		COALESCE(c.department_id, '') AS department_id FROM categories c
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
		t, w := lookup(EntityCategory), d.writer(tx, actor)
		if c.ID != "" {
			before, err := replica.ReadDoc(tx, t, c.ID)
			if err != nil {
				return err
			}
			if before == nil {
				return fmt.Errorf("category %s: %w", c.ID, fault.ErrNotFound)
			}
			c.ParentID, _ = replica.JSONString(before["parentId"]) // a subcategory stays under its category
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
			return w.Create(t, docOf(categoryDoc(&c)))
		}
		_, err := w.Set(t, c.ID, docOf(map[string]any{"name": c.Name, "active": c.Active, "departmentId": nullable(c.DepartmentID)}))
		return err
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
		t, w := lookup(EntityService), d.writer(tx, actor)
		if s.ID == "" {
			s.ID, s.Active, s.CreatedAt = uuid.Must(uuid.NewV7()).String(), true, w.At
			return w.Create(t, docOf(serviceDoc(&s)))
		}
		_, err := w.Set(t, s.ID, docOf(map[string]any{"name": s.Name, "description": s.Description, "active": s.Active}))
		return err
	})
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// RekeyMembers gives memberships written without their id (a migrated profile's, or one
// inserted by SQL that cannot compute it: group_id || ':' || user_id) their people.MemberID.
func RekeyMembers(tx *gorm.DB) error {
	var rows []struct{ ID, GroupID, UserID string }
	if err := tx.Raw(`SELECT id, group_id, user_id FROM group_members WHERE instr(id, ':') > 0`).Scan(&rows).Error; err != nil {
		return err
	}
	for _, r := range rows {
		if err := tx.Exec(`UPDATE group_members SET id = ? WHERE id = ?`, people.MemberID(r.GroupID, r.UserID), r.ID).Error; err != nil {
			return err
		}
	}
	return nil
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
	var manager any
	if u.ManagerID != nil {
		manager = *u.ManagerID
	}
	return map[string]any{"id": u.ID, "name": u.Name, "email": u.Email, "role": string(u.Role), "active": u.Active,
		"managerId": manager, "createdAt": u.CreatedAt}
}

func groupDoc(g *people.Group) map[string]any {
	return map[string]any{"id": g.ID, "name": g.Name, "description": g.Description, "active": g.Active,
		"departmentId": g.DepartmentID, "createdAt": g.CreatedAt}
}

func categoryDoc(c *CategoryItem) map[string]any {
	var parent any
	if c.ParentID != "" {
		parent = c.ParentID
	}
	return map[string]any{"id": c.ID, "name": c.Name, "parentId": parent, "active": c.Active, "departmentId": nullable(c.DepartmentID)}
}

// nullable is s as a nullable reference: "" is none.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func serviceDoc(s *Service) map[string]any {
	return map[string]any{"id": s.ID, "name": s.Name, "description": s.Description, "active": s.Active, "createdAt": s.CreatedAt}
}
