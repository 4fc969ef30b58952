package replica

import (
	"encoding/json"
	"fmt"

	"outpost/domain/fault"
	"outpost/domain/people"
)

// AdminCounter is a Reader that can count the active admins (the desk's system account
// aside): the last-admin rule reads it. A Reader without it counts none, so the rule refuses
// demoting or deactivating any admin rather than risk the last one.
type AdminCounter interface {
	ActiveAdmins() (int, error)
}

// ActiveAdmins counts the desk's active admins, its system account aside.
func (r TxReader) ActiveAdmins() (int, error) {
	var n int64
	err := r.Tx.Raw(`SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1
		AND id NOT IN (SELECT value FROM settings WHERE key = 'system_user_id')`).Scan(&n).Error
	return int(n), err
}

// The directory's kinds: people, groups, memberships, categories and services. They carry no
// password hash (a desk holds none); a person made on a desk has no server password until
// one is set on the server.
func init() {
	Register(&Type{
		Entity: people.EntityPerson, Mirrored: true, Table: "users",
		Rules: Rules{Create: createPerson, Set: setPerson, Archive: refuseArchive},
		Fields: []Field{
			{Name: "id", Column: "id", Kind: Fixed, Type: Text},
			{Name: "name", Column: "name", Kind: LWW, Type: Text, Max: 100 * 4},
			{Name: "email", Column: "email", Kind: LWW, Type: Text, Max: 254 * 4},
			{Name: "role", Column: "role", Kind: LWW, Type: Text, Max: 20},
			{Name: "active", Column: "active", Kind: LWW, Type: Bool},
			{Name: "createdAt", Column: "created_at", Kind: Fixed, Type: Int},
			{Name: "updatedAt", Column: "updated_at", Kind: Local, Type: Int, From: "createdAt"},
		},
	})
	Register(&Type{
		Entity: people.EntityGroup, Mirrored: true, Table: "assignment_groups",
		Rules: Rules{Create: createGroup, Set: setGroup, Archive: refuseArchive},
		Fields: []Field{
			{Name: "id", Column: "id", Kind: Fixed, Type: Text},
			{Name: "name", Column: "name", Kind: LWW, Type: Text, Max: 100 * 4},
			{Name: "description", Column: "description", Kind: LWW, Type: Text, Max: 500 * 4},
			{Name: "active", Column: "active", Kind: LWW, Type: Bool},
			{Name: "createdAt", Column: "created_at", Kind: Fixed, Type: Int},
			{Name: "updatedAt", Column: "updated_at", Kind: Local, Type: Int, From: "createdAt"},
		},
	})
	Register(&Type{
		// A membership's id is people.MemberID(group, user); taking someone out sets active.
		Entity: people.EntityMember, Mirrored: true, Table: "group_members",
		Rules: Rules{Create: curate("add a member"), Set: curateSet("change a group's members"), Archive: refuseArchive},
		Fields: []Field{
			{Name: "id", Column: "id", Kind: Fixed, Type: Text},
			{Name: "groupId", Column: "group_id", Kind: Fixed, Type: Text, Ref: "group"},
			{Name: "userId", Column: "user_id", Kind: Fixed, Type: Text, Ref: "user"},
			{Name: "active", Column: "active", Kind: LWW, Type: Bool},
		},
	})
	Register(&Type{
		Entity: people.EntityCategory, Mirrored: true, Table: "categories",
		Rules: Rules{Create: createListItem("category"), Set: setListItem("category"), Archive: refuseArchive},
		Fields: []Field{
			{Name: "id", Column: "id", Kind: Fixed, Type: Text},
			{Name: "name", Column: "name", Kind: LWW, Type: Text, Max: 100 * 4},
			{Name: "parentId", Column: "parent_id", Kind: Fixed, Type: NullText, Ref: people.EntityCategory},
			{Name: "active", Column: "active", Kind: LWW, Type: Bool},
		},
	})
	Register(&Type{
		Entity: people.EntityService, Table: "services",
		Rules: Rules{Create: createListItem("service"), Set: setListItem("service"), Archive: refuseArchive},
		Fields: []Field{
			{Name: "id", Column: "id", Kind: Fixed, Type: Text},
			{Name: "name", Column: "name", Kind: LWW, Type: Text, Max: 100 * 4},
			{Name: "description", Column: "description", Kind: LWW, Type: Text, Max: 500 * 4},
			{Name: "active", Column: "active", Kind: LWW, Type: Bool},
			{Name: "createdAt", Column: "created_at", Kind: Fixed, Type: Int},
		},
	})
}

// personOf decodes a person's document.
func personOf(doc Doc) (*people.User, error) {
	var u people.User
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &u); err != nil {
		return nil, fault.Field("person", "not a person: %v", err)
	}
	return &u, nil
}

func createPerson(_ Reader, act people.Actor, doc Doc) error {
	u, err := personOf(doc)
	if err != nil {
		return err
	}
	return people.CheckPerson(act, nil, u, 0)
}

func setPerson(r Reader, act people.Actor, before Doc, field string, value json.RawMessage) error {
	after := Doc{}
	for k, v := range before {
		after[k] = v
	}
	after[field] = value
	b, err := personOf(before)
	if err != nil {
		return err
	}
	a, err := personOf(after)
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

func groupOf(doc Doc) (*people.Group, error) {
	var g people.Group
	b, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &g); err != nil {
		return nil, fault.Field("group", "not a group: %v", err)
	}
	return &g, nil
}

func createGroup(_ Reader, act people.Actor, doc Doc) error {
	g, err := groupOf(doc)
	if err != nil {
		return err
	}
	return people.CheckGroup(act, g)
}

func setGroup(_ Reader, act people.Actor, before Doc, field string, value json.RawMessage) error {
	after := Doc{}
	for k, v := range before {
		after[k] = v
	}
	after[field] = value
	g, err := groupOf(after)
	if err != nil {
		return err
	}
	return people.CheckGroup(act, g)
}

func curate(action string) func(Reader, people.Actor, Doc) error {
	return func(_ Reader, act people.Actor, _ Doc) error { return people.RequireCurator(act, action) }
}

func curateSet(action string) func(Reader, people.Actor, Doc, string, json.RawMessage) error {
	return func(_ Reader, act people.Actor, _ Doc, _ string, _ json.RawMessage) error {
		return people.RequireCurator(act, action)
	}
}

func createListItem(what string) func(Reader, people.Actor, Doc) error {
	return func(_ Reader, act people.Actor, doc Doc) error {
		name, _ := JSONString(doc["name"])
		if err := people.CheckListName(act, what, name); err != nil {
			return err
		}
		desc, _ := JSONString(doc["description"])
		return people.CheckListText("description", "a "+what+"'s description", desc)
	}
}

func setListItem(what string) func(Reader, people.Actor, Doc, string, json.RawMessage) error {
	return func(_ Reader, act people.Actor, _ Doc, field string, value json.RawMessage) error {
		s, _ := JSONString(value)
		switch field {
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
func refuseArchive(_ Reader, _ people.Actor, before Doc) error {
	id, _ := JSONString(before["id"])
	return fmt.Errorf("archive %s: deactivate it instead: %w", id, fault.ErrInvalidTransition)
}
