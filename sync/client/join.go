package client

import (
	"fmt"

	"gorm.io/gorm"

	"outpost/domain/desk"
	"outpost/domain/people"
	"outpost/domain/replica"
)

// rekey replaces one user or group id by another everywhere the profile holds it and in the
// changes not yet pushed, so history written before joining uploads under the server's ids.
// kind is "user" or "group". The audit trail is left as written (it is append-only and
// hash-chained): its entries keep the old user, who stays in the directory, inactive, under
// their name; the caller records the replacement in the trail.
func rekey(tx *gorm.DB, kind, old, new string) error {
	if old == "" || old == new {
		return nil
	}
	for _, typ := range replica.Types() {
		if typ.Entity == people.EntityMember {
			continue // a membership's id holds both ids: re-made below
		}
		for _, f := range typ.Fields {
			if f.Ref == kind || (kind == "user" && f.Ref == "agent") {
				if err := tx.Exec(`UPDATE `+typ.Table+` SET `+f.Column+` = ? WHERE `+f.Column+` = ?`, new, old).Error; err != nil {
					return fmt.Errorf("rekey %s.%s: %w", typ.Table, f.Column, err)
				}
			}
		}
	}
	if err := rekeyMemberChanges(tx, kind, old, new); err != nil {
		return err
	}
	stmts := []string{
		// Ids are UUIDs: replacing the text inside a change's JSON value cannot hit anything else.
		`UPDATE changes SET value = replace(value, ?, ?) WHERE pushed = 0 AND instr(value, ?) > 0`,
		// The record ids of a person or group (its own) and of a membership (holding it).
		`UPDATE changes SET record_id = replace(record_id, ?, ?) WHERE pushed = 0 AND instr(record_id, ?) > 0`,
	}
	args := [][]any{{old, new, old}, {old, new, old}}
	if kind == "user" {
		stmts = append(stmts,
			`UPDATE changes SET author_id = ? WHERE pushed = 0 AND author_id = ?`,
			`INSERT INTO group_members(id, group_id, user_id, active) SELECT group_id || ':' || ?, group_id, ?, active FROM group_members WHERE user_id = ? ON CONFLICT DO NOTHING`,
			`DELETE FROM group_members WHERE user_id = ?`,
			`UPDATE settings SET value = ? WHERE key = 'owner_id' AND value = ?`,
			`UPDATE users SET active = 0 WHERE id = ?`)
		args = append(args, []any{new, old}, []any{new, new, old}, []any{old}, []any{new, old}, []any{old})
	} else {
		stmts = append(stmts,
			`INSERT INTO group_members(id, group_id, user_id, active) SELECT ? || ':' || user_id, ?, user_id, active FROM group_members WHERE group_id = ? ON CONFLICT DO NOTHING`,
			`DELETE FROM group_members WHERE group_id = ?`,
			`DELETE FROM assignment_groups WHERE id = ?`)
		args = append(args, []any{new, new, old}, []any{old}, []any{old})
	}
	for i, q := range stmts {
		if err := tx.Exec(q, args[i]...).Error; err != nil {
			return fmt.Errorf("rekey %s: %w", kind, err)
		}
	}
	// The memberships re-made above hold placeholder ids until they get their own.
	return desk.RekeyMembers(tx)
}

// rekeyMemberChanges renames, in the changes not yet pushed, the memberships of the user or
// group being rekeyed: a membership's id is made from both ids.
func rekeyMemberChanges(tx *gorm.DB, kind, old, new string) error {
	col := "user_id"
	if kind == "group" {
		col = "group_id"
	}
	var ms []struct{ GroupID, UserID string }
	if err := tx.Raw(`SELECT group_id, user_id FROM group_members WHERE `+col+` = ?`, old).Scan(&ms).Error; err != nil {
		return err
	}
	for _, m := range ms {
		from := people.MemberID(m.GroupID, m.UserID)
		to := people.MemberID(m.GroupID, new)
		if kind == "group" {
			to = people.MemberID(new, m.UserID)
		}
		if err := tx.Exec(`UPDATE changes SET record_id = ?, value = replace(value, ?, ?) WHERE pushed = 0 AND record_id = ?`, to, from, to, from).Error; err != nil {
			return fmt.Errorf("rekey membership %s: %w", from, err)
		}
	}
	return nil
}
