package people

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/fault"
)

// Directory reads and writes users and groups.
type Directory struct {
	DB  *gorm.DB
	Now func() time.Time
	// SystemID is the account the desk's automatic work runs as: it signs the audit trail
	// but is nobody to pick, so Users leaves it out.
	SystemID string
}

// ActorFor loads the actor for a user id, with its group memberships.
func (d *Directory) ActorFor(ctx context.Context, userID string) (Actor, error) {
	u, err := d.User(ctx, userID)
	if err != nil {
		return Actor{}, err
	}
	if !u.Active {
		return Actor{}, fmt.Errorf("user %s is inactive: %w", u.Email, fault.ErrForbidden)
	}
	var groups []string
	if err := d.DB.WithContext(ctx).Raw(`SELECT group_id FROM group_members WHERE user_id = ? AND active = 1`, userID).Scan(&groups).Error; err != nil {
		return Actor{}, err
	}
	return Actor{ID: u.ID, Role: u.Role, Groups: groups}, nil
}

// User returns one user.
func (d *Directory) User(ctx context.Context, id string) (*User, error) {
	var u User
	err := d.DB.WithContext(ctx).Where("id = ?", id).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("user %s: %w", id, fault.ErrNotFound)
	}
	return &u, err
}

// Users lists the active people, by name (not the system account).
func (d *Directory) Users(ctx context.Context) ([]User, error) {
	var out []User
	err := d.DB.WithContext(ctx).Where("active = 1 AND id <> ?", d.SystemID).Order("name").Find(&out).Error
	return out, err
}

// Groups lists assignment groups, by name.
func (d *Directory) Groups(ctx context.Context) ([]Group, error) {
	var out []Group
	err := d.DB.WithContext(ctx).Order("name").Find(&out).Error
	return out, err
}

// Members lists the user ids in a group.
func (d *Directory) Members(ctx context.Context, groupID string) ([]string, error) {
	var out []string
	err := d.DB.WithContext(ctx).Raw(`SELECT user_id FROM group_members WHERE group_id = ? AND active = 1`, groupID).Scan(&out).Error
	return out, err
}

// CreateUser adds a user; only admins may, except for the first user of a fresh profile, which
// the set-up creates with an empty actor.
func (d *Directory) CreateUser(ctx context.Context, actor Actor, u User) (*User, error) {
	if actor.ID != "" || u.Role != Admin {
		if err := actor.Require(Admin, "create a user"); err != nil {
			return nil, err
		}
	}
	if err := u.Validate(); err != nil {
		return nil, err
	}
	now := d.Now().UnixMilli()
	if u.ID == "" {
		u.ID = uuid.Must(uuid.NewV7()).String()
	}
	u.Active, u.CreatedAt, u.UpdatedAt = true, now, now
	var n int64
	if err := d.DB.WithContext(ctx).Model(&User{}).Where("email = ?", u.Email).Count(&n).Error; err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, fault.Field("email", "%s is already taken", u.Email)
	}
	if err := d.DB.WithContext(ctx).Create(&u).Error; err != nil {
		return nil, fmt.Errorf("create user %s: %w", u.Email, err)
	}
	return &u, nil
}

// SetContact sets a user's name and email, checked as CreateUser checks them (an address
// another user has is refused). Admins may set anyone's; others only their own.
func (d *Directory) SetContact(ctx context.Context, actor Actor, id, name, email string) (*User, error) {
	if actor.ID != id {
		if err := actor.Require(Admin, "change another user's name"); err != nil {
			return nil, err
		}
	}
	u, err := d.User(ctx, id)
	if err != nil {
		return nil, err
	}
	u.Name, u.Email = name, email
	if err := u.Validate(); err != nil {
		return nil, err
	}
	var n int64
	if err := d.DB.WithContext(ctx).Model(&User{}).Where("email = ? AND id <> ?", u.Email, id).Count(&n).Error; err != nil {
		return nil, err
	}
	if n > 0 {
		return nil, fault.Field("email", "%s is already taken", u.Email)
	}
	u.UpdatedAt = d.Now().UnixMilli()
	if err := d.DB.WithContext(ctx).Model(&User{}).Where("id = ?", id).
		Updates(map[string]any{"name": u.Name, "email": u.Email, "updated_at": u.UpdatedAt}).Error; err != nil {
		return nil, fmt.Errorf("set contact of %s: %w", id, err)
	}
	return u, nil
}

// CreateGroup adds an assignment group with members.
func (d *Directory) CreateGroup(ctx context.Context, actor Actor, g Group, members []string) (*Group, error) {
	if actor.ID != "" {
		if err := actor.Require(Admin, "create a group"); err != nil {
			return nil, err
		}
	}
	v := &fault.Validation{}
	g.Name = strings.TrimSpace(g.Name)
	if g.Name == "" {
		v.Add("name", "a name is required")
	}
	v.Limit("name", "a group's name", g.Name, limits["group.name"])
	v.Limit("description", "a group's description", g.Description, limits["group.description"])
	if err := v.Err(); err != nil {
		return nil, err
	}
	if g.ID == "" {
		g.ID = uuid.Must(uuid.NewV7()).String()
	}
	g.Active, g.CreatedAt = true, d.Now().UnixMilli()
	g.UpdatedAt = g.CreatedAt
	err := d.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&g).Error; err != nil {
			return err
		}
		for _, m := range members {
			if err := tx.Exec(`INSERT INTO group_members(id, group_id, user_id) VALUES (?, ?, ?)`, MemberID(g.ID, m), g.ID, m).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("create group %s: %w", g.Name, err)
	}
	return &g, nil
}
