package people

import (
	"fmt"
	"strings"

	"github.com/google/uuid"

	"outpost/domain/fault"
)

// The rules of the directory (people, groups, memberships, categories, services), as pure
// functions of the actor, the record before and the change. The desk calls them before it
// writes and the sync server when it re-checks a pushed op (through replica.Type.Rules), so
// both refuse the same change with the same error.

// The directory's record kinds, as the change log, the audit trail and sync name them. A
// person is not "user": that name is a reference to the users table, checked as such.
const (
	EntityPerson   = "person"
	EntityGroup    = "assignment_group"
	EntityMember   = "group_member"
	EntityCategory = "category"
	EntityService  = "service"
)

// CheckPerson judges a write of a person: before is nil for a new one, after is the person as
// the write leaves them. activeAdmins counts the active admins before the write (the desk's
// system account aside). Creating people and changing anyone's role or active flag is an
// admin's; a person may change their own name and email; the last active admin stays one.
// after's name and email are normalised (trimmed, lowercased) as Validate does.
func CheckPerson(act Actor, before *User, after *User, activeAdmins int) error {
	if before == nil {
		if err := act.Require(Admin, "create a person"); err != nil {
			return err
		}
		if err := checkManager(after); err != nil {
			return err
		}
		return after.Validate()
	}
	if after.Role != before.Role {
		if err := act.Require(Admin, "change a role"); err != nil {
			return err
		}
	}
	if after.Active != before.Active {
		if err := act.Require(Admin, "deactivate or reactivate a person"); err != nil {
			return err
		}
	}
	if managerOf(after) != managerOf(before) {
		if err := act.Require(Admin, "change a person's manager"); err != nil {
			return err
		}
	}
	if act.ID != before.ID {
		if err := act.Require(Admin, "edit another person"); err != nil {
			return err
		}
	}
	if before.Active && before.Role == Admin && (!after.Active || after.Role != Admin) && activeAdmins <= 1 {
		if !after.Active {
			return fault.Field("active", "%s is the last active admin and cannot be deactivated", before.Name)
		}
		return fault.Field("role", "%s is the last active admin and cannot stop being one", before.Name)
	}
	if err := checkManager(after); err != nil {
		return err
	}
	return after.Validate()
}

func managerOf(u *User) string {
	if u.ManagerID == nil {
		return ""
	}
	return *u.ManagerID
}

// checkManager: nobody is their own manager.
func checkManager(u *User) error {
	if m := managerOf(u); m != "" && m == u.ID {
		return fault.Field("managerId", "a person cannot be their own manager")
	}
	return nil
}

// CheckAssignable refuses giving tickets to u: nobody deactivated, nobody below an agent.
// field names the form field the answer belongs to.
func CheckAssignable(u *User, field string) error {
	if u == nil || !u.Active {
		return fault.Field(field, "no such active user")
	}
	if !u.Role.AtLeast(Agent) {
		return fault.Field(field, "%s cannot be given tickets (role %s)", u.Name, u.Role)
	}
	return nil
}

// CheckSignIn refuses a sign-in as u: a deactivated person keeps their name in history but
// no longer signs in.
func CheckSignIn(u *User) error {
	if u == nil || !u.Active {
		return fmt.Errorf("sign in: the person is deactivated: %w", fault.ErrForbidden)
	}
	return nil
}

// RequireCurator refuses a write of the shared lists (groups, memberships, categories,
// services) unless the actor is a manager or an admin.
func RequireCurator(act Actor, action string) error { return act.Require(Manager, action) }

// CheckGroup judges a new or edited group: a name, within the limits.
func CheckGroup(act Actor, g *Group) error {
	if err := RequireCurator(act, "edit a group"); err != nil {
		return err
	}
	v := &fault.Validation{}
	g.Name = strings.TrimSpace(g.Name)
	if g.Name == "" {
		v.Add("name", "a name is required")
	}
	v.Limit("name", "a group's name", g.Name, limits["group.name"])
	v.Limit("description", "a group's description", g.Description, limits["group.description"])
	return v.Err()
}

// CheckMembership judges adding u to a group or taking them out: a curator's, and only a
// person who exists (a deactivated person may still be taken out).
func CheckMembership(act Actor, u *User, adding bool) error {
	if err := RequireCurator(act, "change a group's members"); err != nil {
		return err
	}
	if u == nil || (adding && !u.Active) {
		return fault.Field("userId", "no such active person")
	}
	return nil
}

// memberSpace is the namespace of membership ids (a fixed UUID).
var memberSpace = uuid.MustParse("0190e1a8-5a00-7000-8000-6d656d626572")

// MemberID is the id of the membership of user in group: a name-based UUID, the same on
// every desk, so one person added to one group on two desks is one record.
func MemberID(group, user string) string {
	return uuid.NewSHA1(memberSpace, []byte(group+"/"+user)).String()
}

// CheckListText refuses a description (what names it) over its limit.
func CheckListText(field, what, s string) error {
	v := &fault.Validation{}
	v.Limit(field, what, s, limits["list.description"])
	return v.Err()
}

// CheckListName judges a name on a shared list (a category, a subcategory, a service):
// trimmed, required, within the limit for what.
func CheckListName(act Actor, what, name string) error {
	if err := RequireCurator(act, "edit "+what+"s"); err != nil {
		return err
	}
	v := &fault.Validation{}
	name = strings.TrimSpace(name)
	if name == "" {
		v.Add("name", "a name is required")
	}
	v.Limit("name", "a "+what+"'s name", name, limits["list.name"])
	return v.Err()
}
