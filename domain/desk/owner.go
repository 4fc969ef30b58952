package desk

import (
	"context"
	"fmt"

	"gorm.io/gorm"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/store"
)

// NeedsIntroduction reports whether the person of a new profile has yet to say who they are.
// Profiles from before the question count as introduced.
func (d *Desk) NeedsIntroduction(ctx context.Context) bool {
	v, err := d.Setting(ctx, keyIntroduced)
	return err == nil && v == "0"
}

// Introduce names the profile's admin after its person, once, on first start: the name and
// email are checked as any user's are, and a refusal changes nothing.
func (d *Desk) Introduce(ctx context.Context, name, email string) (*people.User, error) {
	var out *people.User
	err := store.Tx(ctx, d.DB, func(tx *gorm.DB) error {
		var v string
		if err := tx.Raw(`SELECT value FROM settings WHERE key = ?`, keyIntroduced).Scan(&v).Error; err != nil {
			return fmt.Errorf("read setting %s: %w", keyIntroduced, err)
		}
		if v != "0" {
			return fmt.Errorf("the profile's person is already introduced: %w", fault.ErrConflict)
		}
		var id string
		if err := tx.Raw(`SELECT value FROM settings WHERE key = ?`, keyOwnerID).Scan(&id).Error; err != nil {
			return fmt.Errorf("read setting %s: %w", keyOwnerID, err)
		}
		dir := &people.Directory{DB: tx, Now: d.Now, SystemID: d.People.SystemID}
		owner := people.Actor{ID: id, Role: people.Admin}
		u, err := dir.SetContact(ctx, owner, id, name, email)
		if err != nil {
			return err
		}
		out = u
		return tx.Exec(`UPDATE settings SET value = '1' WHERE key = ?`, keyIntroduced).Error
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
