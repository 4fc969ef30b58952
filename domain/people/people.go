// Package people holds users, their roles and assignment groups: who may do what.
package people

import (
	"fmt"
	"net/mail"
	"strings"

	"outpost/domain/fault"
)

// Role is what a user may do. Roles are ordered: each includes the rights of the ones below.
type Role string

const (
	Requester Role = "requester"
	Agent     Role = "agent"
	Manager   Role = "manager"
	Admin     Role = "admin"
)

var rank = map[Role]int{Requester: 1, Agent: 2, Manager: 3, Admin: 4}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return rank[r] > 0 }

// AtLeast reports whether r includes the rights of min.
func (r Role) AtLeast(min Role) bool { return rank[r] >= rank[min] }

// User is a person who can sign in or be named on a ticket.
type User struct {
	ID     string `gorm:"column:id;primaryKey" json:"id"`
	Name   string `gorm:"column:name" json:"name"`
	Email  string `gorm:"column:email" json:"email"`
	Role   Role   `gorm:"column:role" json:"role"`
	Active bool   `gorm:"column:active" json:"active"`
	// ManagerID is the person's manager, who decides what the "requester's manager" approval
	// rule asks of them (nil: none).
	ManagerID *string `gorm:"column:manager_id" json:"managerId"`
	CreatedAt int64   `gorm:"column:created_at;autoCreateTime:false" json:"createdAt"`
	UpdatedAt int64   `gorm:"column:updated_at;autoUpdateTime:false" json:"updatedAt"`
}

// TableName is the users table.
func (User) TableName() string { return "users" }

// Validate checks the fields a user must have.
func (u *User) Validate() error {
	v := &fault.Validation{}
	u.Name = strings.TrimSpace(u.Name)
	u.Email = strings.TrimSpace(strings.ToLower(u.Email))
	if u.Name == "" {
		v.Add("name", "a name is required")
	}
	v.Limit("name", "a name", u.Name, limits["user.name"])
	v.Limit("email", "an email address", u.Email, limits["user.email"])
	if !plausibleEmail(u.Email) {
		v.Add("email", "%q is not an email address", u.Email)
	}
	if !u.Role.Valid() {
		v.Add("role", "role must be requester, agent, manager or admin")
	}
	return v.Err()
}

// plausibleEmail reports whether s is a bare address (no display name) whose domain has a
// dot: what a person types as their email, not anything RFC 5322 would parse.
func plausibleEmail(s string) bool {
	a, err := mail.ParseAddress(s)
	if err != nil || a.Name != "" || a.Address != s {
		return false
	}
	at := strings.LastIndexByte(s, '@')
	domain := s[at+1:]
	return at > 0 && strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// limits are the most characters (Unicode code points) a person's and a group's texts hold,
// keyed as the forms name them: checked here, shown by the forms (Limits).
var limits = map[string]int{
	"user.name":         100,
	"user.email":        254, // the longest address SMTP carries
	"group.name":        100,
	"group.description": 500,
	"list.name":         100, // a category, subcategory or service
	"list.description":  500,
}

// Limits returns the text limits of people and groups for the forms, in characters.
func Limits() map[string]int {
	out := make(map[string]int, len(limits))
	for k, v := range limits {
		out[k] = v
	}
	return out
}

// Group is an assignment group: a team tickets are routed to.
type Group struct {
	ID          string `gorm:"column:id;primaryKey" json:"id"`
	Name        string `gorm:"column:name" json:"name"`
	Description string `gorm:"column:description" json:"description"`
	Active      bool   `gorm:"column:active" json:"active"`
	// DepartmentID is the department the group works for (nil: every department's).
	DepartmentID *string `gorm:"column:department_id" json:"departmentId"`
	CreatedAt    int64   `gorm:"column:created_at;autoCreateTime:false" json:"createdAt"`
	UpdatedAt    int64   `gorm:"column:updated_at;autoUpdateTime:false" json:"updatedAt"`
}

// TableName is the groups table.
func (Group) TableName() string { return "assignment_groups" }

// Actor is the user on whose behalf a domain write runs, with what the checks need.
type Actor struct {
	ID     string
	Role   Role
	Groups []string
	// Cause names the automatic work a write of the desk's system user does (the fired SLA
	// level and action, the auto-close), so every desk doing the same work writes the same
	// key into its change log. Empty for a person's own edit.
	Cause string
}

// Require refuses the action unless the actor's role includes min.
func (a Actor) Require(min Role, action string) error {
	if a.ID == "" || !a.Role.AtLeast(min) {
		return fmt.Errorf("%s needs the %s role: %w", action, min, fault.ErrForbidden)
	}
	return nil
}

// IsStaff reports whether the actor works tickets (agent or above).
func (a Actor) IsStaff() bool { return a.Role.AtLeast(Agent) }

// InGroup reports whether the actor is a member of group.
func (a Actor) InGroup(group string) bool {
	for _, g := range a.Groups {
		if g == group {
			return true
		}
	}
	return false
}
