package client

import (
	"context"
	"net/http"

	"gorm.io/gorm"

	"outpost/domain/people"
	"outpost/domain/store"
	"outpost/sync/protocol"
)

// refreshDirectory copies the server's users and groups into the profile: records refer to
// them, and the server is their authority once joined. A local group with the same name as a
// server group is merged into it.
func (c *Client) refreshDirectory(ctx context.Context) error {
	var dir protocol.Directory
	if err := c.call(ctx, http.MethodGet, "/directory", nil, &dir); err != nil {
		return err
	}
	now := c.Desk.Now().UnixMilli()
	return store.Tx(ctx, c.Desk.DB, func(tx *gorm.DB) error {
		for _, u := range dir.Users {
			email := u.Email
			if email == "" {
				email = u.ID + "@hidden.invalid"
			}
			// A local user holding the same email (made before joining) gives it up.
			if err := tx.Exec(`UPDATE users SET email = id || '@local.invalid' WHERE email = ? AND id <> ?`, email, u.ID).Error; err != nil {
				return err
			}
			if err := tx.Exec(`INSERT INTO users(id, name, email, role, active, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT(id) DO UPDATE SET name = excluded.name, email = excluded.email, role = excluded.role,
				active = excluded.active, updated_at = excluded.updated_at`, u.ID, u.Name, email, u.Role, u.Active, now, now).Error; err != nil {
				return err
			}
			if u.PasswordVersion > 0 {
				if err := people.DropStale(tx, u.ID, u.PasswordVersion); err != nil {
					return err
				}
			}
		}
		for _, g := range dir.Groups {
			// A group made locally before joining, with a server group's name, becomes it.
			var local []string
			if err := tx.Raw(`SELECT id FROM assignment_groups WHERE name = ? AND id <> ?`, g.Name, g.ID).Scan(&local).Error; err != nil {
				return err
			}
			for _, id := range local {
				if err := tx.Exec(`UPDATE assignment_groups SET name = id WHERE id = ?`, id).Error; err != nil {
					return err
				}
			}
			if err := tx.Exec(`INSERT INTO assignment_groups(id, name, description, created_at) VALUES (?, ?, ?, ?)
				ON CONFLICT(id) DO UPDATE SET name = excluded.name, description = excluded.description`, g.ID, g.Name, g.Description, now).Error; err != nil {
				return err
			}
			for _, id := range local {
				if err := rekey(tx, "group", id, g.ID); err != nil {
					return err
				}
			}
			// Memberships are records (a desk edits them): the server's list sets their active
			// flag rather than replacing the rows, so a membership keeps its id and history.
			if err := tx.Exec(`UPDATE group_members SET active = 0 WHERE group_id = ?`, g.ID).Error; err != nil {
				return err
			}
			for _, m := range g.Members {
				if err := tx.Exec(`INSERT INTO group_members(id, group_id, user_id, active) VALUES (?, ?, ?, 1)
					ON CONFLICT(id) DO UPDATE SET active = 1`, people.MemberID(g.ID, m), g.ID, m).Error; err != nil {
					return err
				}
			}
		}
		return nil
	})
}
