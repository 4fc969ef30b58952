package desk

import (
	"encoding/json"
	"fmt"

	"outpost/domain/fault"
	"outpost/domain/kind"
	"outpost/domain/people"
	"outpost/domain/replica"
)

// AdminCounter is a Reader that can count the active admins (the desk's system account
// aside): the last-admin rule reads it. A Reader without it counts none, so the rule refuses
// demoting or deactivating any admin rather than risk the last one. The desk's reader
// (replica.TxReader) and the server's answer it.
type AdminCounter interface {
	ActiveAdmins() (int, error)
}

var _ AdminCounter = replica.TxReader{}

// The directory's kinds: people, groups, memberships, categories and services. They carry no
// password hash (a desk holds none); a person made on a desk has no server password until
// one is set on the server. They are declared here, with the desk's directory service,
// rather than in domain/people: kind imports people (for people.Actor), so people cannot
// import kind; the rules are people's Check* functions all the same.
func init() {
	kind.Register(&kind.Type{
		Entity: people.EntityPerson, Mirrored: true, Table: "users",
		Rules: kind.Rules{Create: createPerson, Set: setPerson, Archive: refuseArchive},
		Fields: []kind.Field{
			{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
			{Name: "name", Column: "name", Kind: kind.LWW, Type: kind.Text, Max: 100 * 4},
			{Name: "email", Column: "email", Kind: kind.LWW, Type: kind.Text, Max: 254 * 4},
			{Name: "role", Column: "role", Kind: kind.LWW, Type: kind.Text, Max: 20},
			{Name: "active", Column: "active", Kind: kind.LWW, Type: kind.Bool},
			{Name: "managerId", Column: "manager_id", Kind: kind.LWW, Type: kind.NullText, Ref: "user"},
			{Name: "createdAt", Column: "created_at", Kind: kind.Fixed, Type: kind.Int},
			{Name: "updatedAt", Column: "updated_at", Kind: kind.Local, Type: kind.Int, From: "createdAt"},
		},
	})
	kind.Register(&kind.Type{
		Entity: people.EntityGroup, Mirrored: true, Table: "assignment_groups",
		Rules: kind.Rules{Create: createGroup, Set: setGroup, Archive: refuseArchive},
		Fields: []kind.Field{
			{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
			{Name: "name", Column: "name", Kind: kind.LWW, Type: kind.Text, Max: 100 * 4},
			{Name: "description", Column: "description", Kind: kind.LWW, Type: kind.Text, Max: 500 * 4},
			{Name: "active", Column: "active", Kind: kind.LWW, Type: kind.Bool},
			{Name: "departmentId", Column: "department_id", Kind: kind.LWW, Type: kind.NullText, Ref: people.EntityDepartment},
			{Name: "createdAt", Column: "created_at", Kind: kind.Fixed, Type: kind.Int},
			{Name: "updatedAt", Column: "updated_at", Kind: kind.Local, Type: kind.Int, From: "createdAt"},
		},
	})
	kind.Register(&kind.Type{
		// A membership's id is people.MemberID(group, user); taking someone out sets active.
		Entity: people.EntityMember, Mirrored: true, Table: "group_members",
		Rules: kind.Rules{Create: curate("add a member"), Set: curateSet("change a group's members"), Archive: refuseArchive},
		Fields: []kind.Field{
			{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
			{Name: "groupId", Column: "group_id", Kind: kind.Fixed, Type: kind.Text, Ref: "group"},
			{Name: "userId", Column: "user_id", Kind: kind.Fixed, Type: kind.Text, Ref: "user"},
			{Name: "active", Column: "active", Kind: kind.LWW, Type: kind.Bool},
		},
	})
	kind.Register(&kind.Type{
		Entity: people.EntityCategory, Mirrored: true, Table: "categories",
		Rules: kind.Rules{Create: createListItem("category"), Set: setListItem("category"), Archive: refuseArchive},
		Fields: []kind.Field{
			{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
			{Name: "name", Column: "name", Kind: kind.LWW, Type: kind.Text, Max: 100 * 4},
			{Name: "parentId", Column: "parent_id", Kind: kind.Fixed, Type: kind.NullText, Ref: people.EntityCategory},
			{Name: "active", Column: "active", Kind: kind.LWW, Type: kind.Bool},
			{Name: "departmentId", Column: "department_id", Kind: kind.LWW, Type: kind.NullText, Ref: people.EntityDepartment},
		},
	})
	kind.Register(&kind.Type{
		// Departments (IT, HR, Facilities seeded; admins add more): groups and categories name
		// one, and the catalog's items too. Every signed-in person pulls them (requesters pick
		// from every department's catalog); only admins write them.
		Entity: people.EntityDepartment, Mirrored: true, Table: "departments",
		Rules:  kind.Rules{Create: createDepartment, Set: setDepartment, Archive: refuseArchive},
		Public: func(kind.Doc) bool { return true },
		Seeds: []kind.Doc{departmentSeed(people.DepartmentIT, "IT"), departmentSeed(people.DepartmentHR, "HR"),
			departmentSeed(people.DepartmentFacilities, "Facilities")},
		Fields: []kind.Field{
			{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
			{Name: "name", Column: "name", Kind: kind.LWW, Type: kind.Text, Max: 100 * 4},
			{Name: "description", Column: "description", Kind: kind.LWW, Type: kind.Text, Max: 500 * 4},
			{Name: "active", Column: "active", Kind: kind.LWW, Type: kind.Bool},
			{Name: "createdAt", Column: "created_at", Kind: kind.Fixed, Type: kind.Int},
			{Name: "updatedAt", Column: "updated_at", Kind: kind.Local, Type: kind.Int, From: "createdAt"},
		},
	})
	kind.Register(&kind.Type{
		Entity: people.EntityService, Table: "services",
		Rules: kind.Rules{Create: createListItem("service"), Set: setListItem("service"), Archive: refuseArchive},
		Fields: []kind.Field{
			{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
			{Name: "name", Column: "name", Kind: kind.LWW, Type: kind.Text, Max: 100 * 4},
			{Name: "description", Column: "description", Kind: kind.LWW, Type: kind.Text, Max: 500 * 4},
			{Name: "active", Column: "active", Kind: kind.LWW, Type: kind.Bool},
			{Name: "createdAt", Column: "created_at", Kind: kind.Fixed, Type: kind.Int},
		},
	})
}

// decode reads a directory record's document into its struct; what names the kind in the error.
func decode[T any](doc kind.Doc, what string) (*T, error) {
	var out T
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fault.Field(what, "not a %s: %v", what, err)
	}
	return &out, nil
}

func personOf(doc kind.Doc) (*people.User, error) { return decode[people.User](doc, "person") }

func groupOf(doc kind.Doc) (*people.Group, error) { return decode[people.Group](doc, "group") }

func createPerson(_ kind.Reader, act people.Actor, doc kind.Doc) error {
	u, err := personOf(doc)
	if err != nil {
		return err
	}
	return people.CheckPerson(act, nil, u, 0)
}

func setPerson(r kind.Reader, act people.Actor, before kind.Doc, field string, value json.RawMessage) error {
	b, err := personOf(before)
	if err != nil {
		return err
	}
	a, err := personOf(kind.With(before, field, value))
	if err != nil {
		return err
	}
	admins := 0
	if c, ok := r.(AdminCounter); ok {
		if admins, err = c.ActiveAdmins(); err != nil {
			return err
		}
	}
	return people.CheckPerson(act, b, a, admins)
}

func createGroup(r kind.Reader, act people.Actor, doc kind.Doc) error {
	g, err := groupOf(doc)
	if err != nil {
		return err
	}
	if err := people.CheckGroup(act, g); err != nil {
		return err
	}
	return checkDepartmentRef(r, doc["departmentId"])
}

func setGroup(r kind.Reader, act people.Actor, before kind.Doc, field string, value json.RawMessage) error {
	g, err := groupOf(kind.With(before, field, value))
	if err != nil {
		return err
	}
	if err := people.CheckGroup(act, g); err != nil {
		return err
	}
	if field == "departmentId" {
		return checkDepartmentRef(r, value)
	}
	return nil
}

// checkDepartmentRef: a group or category names a department that exists (or none).
func checkDepartmentRef(r kind.Reader, value json.RawMessage) error {
	id, ok := kind.JSONString(value)
	if !ok || id == "" {
		return nil
	}
	doc, err := r.Get(people.EntityDepartment, id)
	if err != nil {
		return err
	}
	if doc == nil {
		return fault.Field("departmentId", "no such department")
	}
	return nil
}

func departmentSeed(id, name string) kind.Doc {
	raw := func(v any) json.RawMessage {
		b, _ := json.Marshal(v)
		return b
	}
	return kind.Doc{"id": raw(id), "name": raw(name), "description": raw(""), "active": raw(true), "createdAt": raw(0)}
}

func departmentOf(doc kind.Doc) (*people.Department, error) {
	return decode[people.Department](doc, "department")
}

func createDepartment(_ kind.Reader, act people.Actor, doc kind.Doc) error {
	d, err := departmentOf(doc)
	if err != nil {
		return err
	}
	return people.CheckDepartment(act, d)
}

func setDepartment(_ kind.Reader, act people.Actor, before kind.Doc, field string, value json.RawMessage) error {
	d, err := departmentOf(kind.With(before, field, value))
	if err != nil {
		return err
	}
	return people.CheckDepartment(act, d)
}

func curate(action string) func(kind.Reader, people.Actor, kind.Doc) error {
	return func(_ kind.Reader, act people.Actor, _ kind.Doc) error { return people.RequireCurator(act, action) }
}

func curateSet(action string) func(kind.Reader, people.Actor, kind.Doc, string, json.RawMessage) error {
	return func(_ kind.Reader, act people.Actor, _ kind.Doc, _ string, _ json.RawMessage) error {
		return people.RequireCurator(act, action)
	}
}

func createListItem(what string) func(kind.Reader, people.Actor, kind.Doc) error {
	return func(r kind.Reader, act people.Actor, doc kind.Doc) error {
		name, _ := kind.JSONString(doc["name"])
		if err := people.CheckListName(act, what, name); err != nil {
			return err
		}
		desc, _ := kind.JSONString(doc["description"])
		if err := people.CheckListText("description", "a "+what+"'s description", desc); err != nil {
			return err
		}
		return checkDepartmentRef(r, doc["departmentId"])
	}
}

func setListItem(what string) func(kind.Reader, people.Actor, kind.Doc, string, json.RawMessage) error {
	return func(r kind.Reader, act people.Actor, _ kind.Doc, field string, value json.RawMessage) error {
		s, _ := kind.JSONString(value)
		switch field {
		case "departmentId":
			if err := people.RequireCurator(act, "edit "+what+"s"); err != nil {
				return err
			}
			return checkDepartmentRef(r, value)
		case "name":
			return people.CheckListName(act, what, s)
		case "description":
			if err := people.RequireCurator(act, "edit "+what+"s"); err != nil {
				return err
			}
			return people.CheckListText("description", "a "+what+"'s description", s)
		}
		return people.RequireCurator(act, "edit "+what+"s")
	}
}

// refuseArchive: the directory's records are deactivated (active false), never archived.
func refuseArchive(_ kind.Reader, _ people.Actor, before kind.Doc) error {
	id, _ := kind.JSONString(before["id"])
	return fmt.Errorf("archive %s: deactivate it instead: %w", id, fault.ErrInvalidTransition)
}
