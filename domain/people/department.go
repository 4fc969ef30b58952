package people

import (
	"strings"

	"outpost/domain/fault"
)

// EntityDepartment is the department kind's entity name (catalog items name it as a Ref).
const EntityDepartment = "department"

// Fixed ids of the departments every desk starts with (the kind's seeds): the same records on
// every desk, so two desks seeding them never make two IT departments.
const (
	DepartmentIT         = "0190e1a8-5a00-7000-8000-000000000d01"
	DepartmentHR         = "0190e1a8-5a00-7000-8000-000000000d02"
	DepartmentFacilities = "0190e1a8-5a00-7000-8000-000000000d03"
)

// Department is a desk of the organisation (IT, HR, Facilities): its groups, categories and
// catalog belong to it. Staff work in the departments of their groups; requesters see every
// department's catalog.
type Department struct {
	ID          string `gorm:"column:id;primaryKey" json:"id"`
	Name        string `gorm:"column:name" json:"name"`
	Description string `gorm:"column:description" json:"description"`
	Active      bool   `gorm:"column:active" json:"active"`
	CreatedAt   int64  `gorm:"column:created_at;autoCreateTime:false" json:"createdAt"`
	UpdatedAt   int64  `gorm:"column:updated_at;autoUpdateTime:false" json:"updatedAt"`
}

// TableName is the departments table.
func (Department) TableName() string { return "departments" }

// CheckDepartment judges a write of a department: admins add, rename and deactivate them.
func CheckDepartment(act Actor, d *Department) error {
	if err := act.Require(Admin, "edit departments"); err != nil {
		return err
	}
	v := &fault.Validation{}
	d.Name = strings.TrimSpace(d.Name)
	if d.Name == "" {
		v.Add("name", "a name is required")
	}
	v.Limit("name", "a department's name", d.Name, limits["list.name"])
	v.Limit("description", "a department's description", d.Description, limits["list.description"])
	return v.Err()
}
