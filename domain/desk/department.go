package desk

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/store"
)

// EntityDepartment is the department kind.
const EntityDepartment = people.EntityDepartment

// Departments lists every department, offered or not, active first, by name.
func (d *Desk) Departments(ctx context.Context) ([]people.Department, error) {
	var out []people.Department
	err := d.DB.WithContext(ctx).Order("active DESC, name").Find(&out).Error
	return out, err
}

// SaveDepartment adds a department (id "") or renames one and sets whether it is offered
// (admins): the kind's rules judge it here and again on the server.
func (d *Desk) SaveDepartment(ctx context.Context, actor people.Actor, dep people.Department) (*people.Department, error) {
	if err := people.CheckDepartment(actor, &dep); err != nil {
		return nil, err
	}
	err := store.Tx(ctx, d.DB, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Model(&people.Department{}).Where("name = ? AND id <> ?", dep.Name, dep.ID).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return fault.Field("name", "a department called %s exists already", dep.Name)
		}
		w := d.writer(tx, actor)
		if dep.ID == "" {
			dep.ID, dep.Active, dep.CreatedAt = uuid.Must(uuid.NewV7()).String(), true, w.At
			return w.Create(lookup(EntityDepartment), docOf(map[string]any{"id": dep.ID, "name": dep.Name,
				"description": dep.Description, "active": dep.Active, "createdAt": dep.CreatedAt}))
		}
		if err := tx.Model(&people.Department{}).Where("id = ?", dep.ID).Count(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return fmt.Errorf("department %s: %w", dep.ID, fault.ErrNotFound)
		}
		_, err := w.Set(lookup(EntityDepartment), dep.ID, docOf(map[string]any{"name": dep.Name, "description": dep.Description, "active": dep.Active}))
		return err
	})
	if err != nil {
		return nil, err
	}
	return &dep, nil
}

// DepartmentsOf lists the ids of the departments actor works in: an admin, all of them; a
// member of staff, the departments of their groups, or all of them when none of their groups
// belongs to one (a team that has not split into departments); a requester, none (they see
// every department's catalog, and no queue).
func (d *Desk) DepartmentsOf(ctx context.Context, actor people.Actor) ([]string, error) {
	out := []string{}
	if !actor.IsStaff() {
		return out, nil
	}
	db := d.DB.WithContext(ctx)
	if actor.Role != people.Admin {
		err := db.Raw(`SELECT DISTINCT g.department_id FROM group_members m
			JOIN assignment_groups g ON g.id = m.group_id AND g.active = 1
			JOIN departments x ON x.id = g.department_id AND x.active = 1
			WHERE m.user_id = ? AND m.active = 1 ORDER BY x.name`, actor.ID).Scan(&out).Error
		if err != nil || len(out) > 0 {
			return out, err
		}
	}
	err := db.Raw(`SELECT id FROM departments WHERE active = 1 ORDER BY name`).Scan(&out).Error
	return out, err
}
