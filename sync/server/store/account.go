package store

import (
	"context"
	"database/sql"
	"fmt"

	"gorm.io/gorm"

	"outpost/domain/fault"
)

// User is an account on the server.
type User struct {
	ID           string `gorm:"column:id;primaryKey"`
	Name         string `gorm:"column:name"`
	Email        string `gorm:"column:email"`
	Role         string `gorm:"column:role"`
	Active       bool   `gorm:"column:active"`
	PasswordHash string `gorm:"column:password_hash"`
	// PasswordVersion goes up with each password change (desks drop older offline verifiers).
	PasswordVersion int64 `gorm:"column:password_version"`
	CreatedAt       int64 `gorm:"column:created_at"`
}

// TableName is the users table.
func (User) TableName() string { return "users" }

// Device is a signed-in device.
type Device struct {
	ID        string `gorm:"column:id;primaryKey"`
	UserID    string `gorm:"column:user_id"`
	Name      string `gorm:"column:name"`
	TokenHash string `gorm:"column:token_hash"`
	LastOpID  int64  `gorm:"column:last_op_id"`
	Revoked   bool   `gorm:"column:revoked"`
	CreatedAt int64  `gorm:"column:created_at"`
	LastSeen  int64  `gorm:"column:last_seen"`
}

// TableName is the devices table.
func (Device) TableName() string { return "devices" }

// Group is an assignment group.
type Group struct {
	ID          string `gorm:"column:id;primaryKey"`
	Name        string `gorm:"column:name"`
	Description string `gorm:"column:description"`
}

// TableName is the groups table.
func (Group) TableName() string { return "assignment_groups" }

// CreateUser adds an account; the email must be free.
func (s *Store) CreateUser(ctx context.Context, u User) error {
	var n int64
	if err := s.DB.WithContext(ctx).Model(&User{}).Where("email = ?", u.Email).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return fault.Field("email", "%s is already taken", u.Email)
	}
	return s.DB.WithContext(ctx).Create(&u).Error
}

// UserByEmail reads an account by email.
func (s *Store) UserByEmail(ctx context.Context, email string) (*User, error) {
	var u User
	err := s.DB.WithContext(ctx).Where("email = ?", email).Take(&u).Error
	return &u, notFound(err, "user "+email)
}

// UserByID reads an account.
func (s *Store) UserByID(ctx context.Context, db *gorm.DB, id string) (*User, error) {
	if db == nil {
		db = s.DB.WithContext(ctx)
	}
	var u User
	err := db.Where("id = ?", id).Take(&u).Error
	return &u, notFound(err, "user "+id)
}

// SetPassword replaces a user's password hash and revokes every device token of the user in
// the same transaction: whoever held the old password (or a stolen laptop) must sign in again.
// The password version goes up, so desks drop the offline verifier of the old password.
func (s *Store) SetPassword(ctx context.Context, email, hash string) error {
	return s.Tx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&User{}).Where("email = ?", email).
			Updates(map[string]any{"password_hash": hash, "password_version": gorm.Expr("password_version + 1")})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("user %s: %w", email, fault.ErrNotFound)
		}
		return tx.Exec(`UPDATE devices SET revoked = ? WHERE user_id IN (SELECT id FROM users WHERE email = ?)`, true, email).Error
	})
}

// Users lists every account by name.
func (s *Store) Users(ctx context.Context) ([]User, error) {
	var out []User
	return out, s.DB.WithContext(ctx).Order("name").Find(&out).Error
}

// UserGroups lists the groups a user belongs to.
func (s *Store) UserGroups(ctx context.Context, db *gorm.DB, userID string) ([]string, error) {
	if db == nil {
		db = s.DB.WithContext(ctx)
	}
	var out []string
	return out, db.Raw(`SELECT group_id FROM group_members WHERE user_id = ? ORDER BY group_id`, userID).Scan(&out).Error
}

// CreateGroup adds an assignment group with members.
func (s *Store) CreateGroup(ctx context.Context, g Group, members []string) error {
	return s.Tx(ctx, func(tx *gorm.DB) error {
		if err := tx.Create(&g).Error; err != nil {
			return err
		}
		for _, m := range members {
			if err := tx.Exec(`INSERT INTO group_members(group_id, user_id) VALUES (?, ?)`, g.ID, m).Error; err != nil {
				return err
			}
		}
		return nil
	})
}

// Groups lists groups with their members.
func (s *Store) Groups(ctx context.Context) ([]Group, map[string][]string, error) {
	var gs []Group
	if err := s.DB.WithContext(ctx).Order("name").Find(&gs).Error; err != nil {
		return nil, nil, err
	}
	rows, err := s.DB.WithContext(ctx).Raw(`SELECT group_id, user_id FROM group_members ORDER BY group_id, user_id`).Rows()
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	members := map[string][]string{}
	for rows.Next() {
		var g, u string
		if err := rows.Scan(&g, &u); err != nil {
			return nil, nil, err
		}
		members[g] = append(members[g], u)
	}
	return gs, members, rows.Err()
}

// PutDevice registers a device (or re-registers it on a new login) with a new token hash.
// A device id belongs to one user: another user signing in with it is refused.
func (s *Store) PutDevice(ctx context.Context, d Device) (*Device, error) {
	var out Device
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		var cur Device
		err := tx.Where("id = ?", d.ID).Take(&cur).Error
		switch {
		case err == gorm.ErrRecordNotFound:
			out = d
			return tx.Create(&d).Error
		case err != nil:
			return err
		case cur.UserID != d.UserID:
			return fmt.Errorf("device %s belongs to another user: %w", d.ID, fault.ErrForbidden)
		}
		cur.TokenHash, cur.Name, cur.Revoked = d.TokenHash, d.Name, false
		out = cur
		return tx.Model(&Device{}).Where("id = ?", d.ID).Updates(map[string]any{"token_hash": d.TokenHash, "name": d.Name, "revoked": false}).Error
	})
	return &out, err
}

// DeviceByToken finds the live device whose token hashes to hash.
func (s *Store) DeviceByToken(ctx context.Context, hash string) (*Device, error) {
	var d Device
	err := s.DB.WithContext(ctx).Where("token_hash = ? AND revoked = ?", hash, false).Take(&d).Error
	return &d, notFound(err, "device token")
}

// LockDevice reads a device inside tx, locking its row on PostgreSQL.
func (s *Store) LockDevice(tx *gorm.DB, id string) (*Device, error) {
	var d Device
	q := `SELECT id, user_id, name, token_hash, last_op_id, revoked, created_at, last_seen FROM devices WHERE id = ?`
	if s.Postgres {
		q += ` FOR UPDATE`
	}
	err := querySQL(tx, q, []any{id}, func(rows *sql.Rows) error {
		return rows.Scan(&d.ID, &d.UserID, &d.Name, &d.TokenHash, &d.LastOpID, &d.Revoked, &d.CreatedAt, &d.LastSeen)
	})
	if err == nil && d.ID == "" {
		err = gorm.ErrRecordNotFound
	}
	return &d, notFound(err, "device "+id)
}

// DeviceByID reads a device without locking it.
func (s *Store) DeviceByID(ctx context.Context, id string) (*Device, error) {
	var d Device
	err := s.DB.WithContext(ctx).Where("id = ?", id).Take(&d).Error
	return &d, notFound(err, "device "+id)
}

// SetLastOpID records the highest op id a device has had answered.
func SetLastOpID(tx *gorm.DB, deviceID string, opID, now int64) error {
	return execSQL(tx, `UPDATE devices SET last_op_id = ?, last_seen = ? WHERE id = ?`, opID, now, deviceID)
}

// Devices lists devices, newest first.
func (s *Store) Devices(ctx context.Context) ([]Device, error) {
	var out []Device
	return out, s.DB.WithContext(ctx).Order("created_at DESC").Find(&out).Error
}

// RevokeDevice makes a device's token useless.
func (s *Store) RevokeDevice(ctx context.Context, id string) error {
	res := s.DB.WithContext(ctx).Model(&Device{}).Where("id = ?", id).Update("revoked", true)
	if res.Error == nil && res.RowsAffected == 0 {
		return fmt.Errorf("device %s: %w", id, fault.ErrNotFound)
	}
	return res.Error
}

// TakeLoginAttempt reserves one of key's (an email's or an address's) max attempts in the
// window at now, counting it as a failure until ReturnLoginAttempt gives it back. It reports
// false, counting nothing, when the window's attempts are used up. One statement both checks
// and counts, so concurrent attempts can never all pass the check before any is counted.
func (s *Store) TakeLoginAttempt(ctx context.Context, key string, now, window int64, max int) (bool, error) {
	var taken []int64
	err := s.Tx(ctx, func(tx *gorm.DB) error {
		taken = taken[:0]
		return tx.Raw(`INSERT INTO login_failures(key, failures, window_start) VALUES (?, 1, ?)
		ON CONFLICT (key) DO UPDATE SET
		  failures = CASE WHEN login_failures.window_start + ? <= ? THEN 1 ELSE login_failures.failures + 1 END,
		  window_start = CASE WHEN login_failures.window_start + ? <= ? THEN ? ELSE login_failures.window_start END
		WHERE login_failures.window_start + ? <= ? OR login_failures.failures < ?
		RETURNING failures`,
			key, now, window, now, window, now, now, window, now, max).Scan(&taken).Error
	})
	if err != nil {
		return false, fmt.Errorf("take a login attempt: %w", err)
	}
	return len(taken) == 1 && taken[0] <= int64(max), nil
}

// ReturnLoginAttempt gives back an attempt taken for key that did not fail (a right password,
// or one refused for another key before any password was checked).
func (s *Store) ReturnLoginAttempt(ctx context.Context, key string) error {
	return s.DB.WithContext(ctx).Exec(`UPDATE login_failures SET failures = failures - 1 WHERE key = ? AND failures > 0`, key).Error
}

// LoginSucceeded clears key's failures.
func (s *Store) LoginSucceeded(ctx context.Context, key string) error {
	return s.DB.WithContext(ctx).Exec(`DELETE FROM login_failures WHERE key = ?`, key).Error
}
