package server

import (
	"encoding/json"
	"errors"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/sync/protocol"
	"outpost/sync/server/store"
)

// The directory's kinds (people, groups, memberships) sync as records like any other, and
// the server also projects them into its own users, assignment_groups and group_members
// tables: its sign-in, its /directory and its reference checks read those. A person made on
// a desk arrives with no password hash, so they cannot sign in to the server until one is
// set (outpost-server reset-password): a desk never holds a server password.

// ActiveAdmins counts the server's active admins, for the last-admin rule.
func (r reader) ActiveAdmins() (int, error) {
	var n int64
	err := r.p.tx.Raw(`SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = ?`, true).Scan(&n).Error
	return int(n), err
}

// project writes an accepted directory record into the server's own tables, in the push's
// transaction. A clash with another person's email or another group's name is refused as
// the desk refuses it.
func (p *pusher) project(rec *store.Record) error {
	s := func(name string) string { return str(rec.Doc, name) }
	b := func(name string) bool { return string(rec.Doc[name]) == "true" }
	switch rec.Entity {
	case people.EntityPerson:
		var n int64
		if err := p.tx.Raw(`SELECT COUNT(*) FROM users WHERE email = ? AND id <> ?`, s("email"), rec.ID).Scan(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return fault.Field("email", "%s is already taken", s("email"))
		}
		created, _ := json.Number(string(rec.Doc["createdAt"])).Int64()
		if err := p.tx.Exec(`INSERT INTO users(id, name, email, role, active, password_hash, created_at) VALUES (?, ?, ?, ?, ?, '', ?)
			ON CONFLICT(id) DO UPDATE SET name = excluded.name, email = excluded.email, role = excluded.role, active = excluded.active`,
			rec.ID, s("name"), s("email"), s("role"), b("active"), created).Error; err != nil {
			return err
		}
		delete(p.users, rec.ID)
	case people.EntityGroup:
		var n int64
		if err := p.tx.Raw(`SELECT COUNT(*) FROM assignment_groups WHERE name = ? AND id <> ?`, s("name"), rec.ID).Scan(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return fault.Field("name", "a group called %s exists already", s("name"))
		}
		if err := p.tx.Exec(`INSERT INTO assignment_groups(id, name, description) VALUES (?, ?, ?)
			ON CONFLICT(id) DO UPDATE SET name = excluded.name, description = excluded.description`,
			rec.ID, s("name"), s("description")).Error; err != nil {
			return err
		}
		delete(p.groups, rec.ID)
	case people.EntityMember:
		if !b("active") {
			return p.tx.Exec(`DELETE FROM group_members WHERE group_id = ? AND user_id = ?`, s("groupId"), s("userId")).Error
		}
		return p.tx.Exec(`INSERT INTO group_members(group_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, s("groupId"), s("userId")).Error
	}
	return nil
}

// fromDirectory answers for a person, group or membership the server's tables hold but no
// record does yet (made with the server's CLI, or before the directory synced) as if it
// were a record nobody has edited, so a desk may edit it like any other.
func (p *pusher) fromDirectory(entity, id string) (*store.Record, error) {
	var doc map[string]any
	switch entity {
	case people.EntityPerson:
		u, err := p.user(id)
		if errors.Is(err, fault.ErrNotFound) {
			return nil, nil
		} else if err != nil {
			return nil, err
		}
		doc = map[string]any{"id": u.ID, "name": u.Name, "email": u.Email, "role": u.Role, "active": u.Active, "createdAt": u.CreatedAt}
	case people.EntityGroup:
		var gs []struct{ Name, Description string }
		if err := p.tx.Raw(`SELECT name, description FROM assignment_groups WHERE id = ?`, id).Scan(&gs).Error; err != nil || len(gs) == 0 {
			return nil, err
		}
		doc = map[string]any{"id": id, "name": gs[0].Name, "description": gs[0].Description, "active": true, "createdAt": 0}
	case people.EntityMember:
		// A membership's id is a hash of its group and user: find it among the memberships
		// (a team's directory is small; this runs once per membership a desk edits first).
		var ms []struct{ GroupID, UserID string }
		if err := p.tx.Raw(`SELECT group_id, user_id FROM group_members`).Scan(&ms).Error; err != nil {
			return nil, err
		}
		for _, m := range ms {
			if people.MemberID(m.GroupID, m.UserID) == id {
				doc = map[string]any{"id": id, "groupId": m.GroupID, "userId": m.UserID, "active": true}
			}
		}
		if doc == nil {
			return nil, nil
		}
	default:
		return nil, nil
	}
	rec := &store.Record{Entity: entity, ID: id, Doc: map[string]json.RawMessage{}, Versions: map[string]protocol.Stamp{}, TicketID: id}
	for k, v := range doc {
		rec.Doc[k], _ = json.Marshal(v)
	}
	return rec, nil
}
