package people

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"gorm.io/gorm"

	"outpost/domain/fault"
)

// ErrUnreachable is what a Remote returns when it cannot ask its server: the sign-in falls
// back to the verifier kept at the desk.
var ErrUnreachable = errors.New("the server cannot be reached")

// Remote checks a person's password with the server a joined desk belongs to. The desk
// declares it; the app passes one backed by the sync client.
type Remote interface {
	// Verify returns the server's password version when password is the person's, an error
	// wrapping fault.ErrWrongPassword when the server refuses it, or one wrapping
	// ErrUnreachable when the server cannot be asked.
	Verify(ctx context.Context, email, password string) (version int64, err error)
}

// Credentials reads and writes the desk's password verifiers and counts failed sign-ins.
type Credentials struct {
	DB  *gorm.DB
	Now func() time.Time
	// Params are the argon2id costs of new verifiers (DefaultParams when zero).
	Params Params

	dummyOnce sync.Once
	dummy     string
}

func (c *Credentials) params() Params {
	if c.Params == (Params{}) {
		return DefaultParams
	}
	return c.Params
}

// dummyVerifier is checked when the person is unknown or has no password, made with the
// same costs as a real one, so a sign-in takes as long whoever is named.
func (c *Credentials) dummyVerifier() string {
	c.dummyOnce.Do(func() { c.dummy, _ = HashPassword("outpost-dummy-password", c.params()) })
	return c.dummy
}

// Guarded reports whether any active person has a password: then the desk opens on the
// sign-in screen and locks when idle.
func (c *Credentials) Guarded(ctx context.Context) (bool, error) {
	var n int64
	err := c.DB.WithContext(ctx).Raw(`SELECT COUNT(*) FROM credentials c JOIN users u ON u.id = c.user_id WHERE u.active = 1`).Scan(&n).Error
	return n > 0, err
}

// Holders lists the ids of the people who have a password at this desk.
func (c *Credentials) Holders(ctx context.Context) ([]string, error) {
	var out []string
	err := c.DB.WithContext(ctx).Raw(`SELECT user_id FROM credentials ORDER BY user_id`).Scan(&out).Error
	return out, err
}

func (c *Credentials) get(ctx context.Context, userID string) (*Credential, error) {
	var cr Credential
	err := c.DB.WithContext(ctx).Where("user_id = ?", userID).Take(&cr).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	return &cr, err
}

func (c *Credentials) userByEmail(ctx context.Context, email string) (*User, error) {
	var u User
	err := c.DB.WithContext(ctx).Where("email = ?", email).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, nil
	}
	return &u, err
}

func (c *Credentials) user(ctx context.Context, id string) (*User, error) {
	var u User
	err := c.DB.WithContext(ctx).Where("id = ?", id).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("user %s: %w", id, fault.ErrNotFound)
	}
	return &u, err
}

func (c *Credentials) put(ctx context.Context, userID, password, source string, version int64) error {
	v, err := HashPassword(password, c.params())
	if err != nil {
		return err
	}
	cr := Credential{UserID: userID, Verifier: v, SetAt: c.Now().UnixMilli(), Source: source, Version: version}
	return c.DB.WithContext(ctx).Exec(`INSERT INTO credentials(user_id, verifier, set_at, source, version) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT(user_id) DO UPDATE SET verifier = excluded.verifier, set_at = excluded.set_at,
		source = excluded.source, version = excluded.version`, cr.UserID, cr.Verifier, cr.SetAt, cr.Source, cr.Version).Error
}

// attempt runs check under the rate limit of key: refused while key is locked out; a check
// that does not pass counts as a failure, one that passes clears key's failures. The slot is
// taken before the (slow) check, so concurrent attempts cannot all slip under the limit.
func (c *Credentials) attempt(ctx context.Context, key string, check func() (bool, error)) error {
	db := c.DB.WithContext(ctx)
	now := c.Now()
	window := FailureWindow.Milliseconds()
	var taken []int64
	err := db.Raw(`INSERT INTO signin_failures(key, failures, window_start) VALUES (?, 1, ?)
		ON CONFLICT(key) DO UPDATE SET
		  failures = CASE WHEN signin_failures.window_start + ? <= ? THEN 1 ELSE signin_failures.failures + 1 END,
		  window_start = CASE WHEN signin_failures.window_start + ? <= ? THEN ? ELSE signin_failures.window_start END
		WHERE signin_failures.window_start + ? <= ? OR signin_failures.failures < ?
		RETURNING failures`,
		key, now.UnixMilli(), window, now.UnixMilli(), window, now.UnixMilli(), now.UnixMilli(), window, now.UnixMilli(), MaxFailures).Scan(&taken).Error
	if err != nil {
		return fmt.Errorf("count a sign-in attempt: %w", err)
	}
	if len(taken) == 0 {
		var row struct {
			Failures    int
			WindowStart int64
		}
		if err := db.Raw(`SELECT failures, window_start FROM signin_failures WHERE key = ?`, key).Scan(&row).Error; err != nil {
			return err
		}
		until, _ := LockedUntil(row.Failures, time.UnixMilli(row.WindowStart), now)
		if until.IsZero() {
			until = now.Add(FailureWindow)
		}
		return &LockedOutError{Until: until}
	}
	ok, err := check()
	if err != nil {
		// Not a verdict on the password (the database failed): give the slot back.
		_ = db.Exec(`UPDATE signin_failures SET failures = failures - 1 WHERE key = ? AND failures > 0`, key).Error
		return err
	}
	if !ok {
		return fmt.Errorf("sign in: %w", fault.ErrWrongPassword)
	}
	return db.Exec(`DELETE FROM signin_failures WHERE key = ?`, key).Error
}

// matches checks password against u's verifier, or against the dummy verifier when there is
// no u or no verifier, so every refusal costs one hash.
func (c *Credentials) matches(ctx context.Context, u *User, password string) (bool, error) {
	var cr *Credential
	if u != nil {
		var err error
		if cr, err = c.get(ctx, u.ID); err != nil {
			return false, err
		}
	}
	if cr == nil {
		_, _ = VerifyPassword(c.dummyVerifier(), password)
		return false, nil
	}
	return VerifyPassword(cr.Verifier, password)
}

// SignIn checks email and password and returns the person. With remote (a desk joined to a
// server), the server checks the password when it can be reached and the desk keeps a
// verifier of it for offline sign-ins; otherwise the desk's verifier decides. An unknown
// email and a wrong password are the same refusal; a deactivated person is refused.
func (c *Credentials) SignIn(ctx context.Context, email, password string, remote Remote) (*User, error) {
	email = strings.ToLower(strings.TrimSpace(email))
	u, err := c.userByEmail(ctx, email)
	if err != nil {
		return nil, err
	}
	key := "email:" + email
	if u != nil {
		key = "user:" + u.ID
	}
	err = c.attempt(ctx, key, func() (bool, error) {
		if remote != nil && u != nil {
			version, err := remote.Verify(ctx, email, password)
			switch {
			case err == nil:
				return true, c.put(ctx, u.ID, password, SourceServer, version)
			case errors.Is(err, fault.ErrWrongPassword):
				_, _ = VerifyPassword(c.dummyVerifier(), password)
				return false, nil
			case !errors.Is(err, ErrUnreachable):
				return false, err
			}
		}
		return c.matches(ctx, u, password)
	})
	if err != nil {
		return nil, err
	}
	return u, activeOrRefused(u)
}

// Verify checks the password of a known person (switching to them, unlocking the desk),
// under the same rate limit as SignIn.
func (c *Credentials) Verify(ctx context.Context, userID, password string) (*User, error) {
	u, err := c.user(ctx, userID)
	if err != nil {
		return nil, err
	}
	if err := c.attempt(ctx, "user:"+u.ID, func() (bool, error) { return c.matches(ctx, u, password) }); err != nil {
		return nil, err
	}
	return u, activeOrRefused(u)
}

func activeOrRefused(u *User) error {
	if !u.Active {
		return fmt.Errorf("%s is deactivated and cannot sign in: %w", u.Email, fault.ErrForbidden)
	}
	return nil
}

// SetOwn sets the actor's own password; one they already have must be given as old. A
// password the desk keeps of the server's is changed on the server, not here.
func (c *Credentials) SetOwn(ctx context.Context, actor Actor, old, password string) error {
	if actor.ID == "" {
		return fmt.Errorf("set a password: %w", fault.ErrSignedOut)
	}
	if err := CheckPassword("newPassword", password); err != nil {
		return err
	}
	cr, err := c.get(ctx, actor.ID)
	if err != nil {
		return err
	}
	if cr != nil {
		if cr.Source == SourceServer {
			return fmt.Errorf("this password is the server's: an admin changes it on the server: %w", fault.ErrForbidden)
		}
		if _, err := c.Verify(ctx, actor.ID, old); err != nil {
			if errors.Is(err, fault.ErrWrongPassword) {
				return &fault.Validation{Fields: map[string]string{"oldPassword": "the current password is wrong"}}
			}
			return err
		}
	}
	return c.put(ctx, actor.ID, password, SourceLocal, 0)
}

// SetFor sets or resets another person's local password (admins only).
func (c *Credentials) SetFor(ctx context.Context, actor Actor, userID, password string) error {
	if err := actor.Require(Admin, "set another person's password"); err != nil {
		return err
	}
	if err := CheckPassword("password", password); err != nil {
		return err
	}
	if _, err := c.user(ctx, userID); err != nil {
		return err
	}
	if err := c.put(ctx, userID, password, SourceLocal, 0); err != nil {
		return err
	}
	// A reset lets the person in at once, whatever they tried before.
	return c.DB.WithContext(ctx).Exec(`DELETE FROM signin_failures WHERE key = ?`, "user:"+userID).Error
}

// KeepServer keeps a verifier of userID's server password, which the server has just
// accepted, at version, so the person can sign in here while the server cannot be reached.
func (c *Credentials) KeepServer(ctx context.Context, userID, password string, version int64) error {
	return c.put(ctx, userID, password, SourceServer, version)
}

// Forget drops the verifier a desk kept of userID's server password (the server refused the
// device's token: the password may have changed).
func (c *Credentials) Forget(ctx context.Context, userID string) error {
	return c.DB.WithContext(ctx).Exec(`DELETE FROM credentials WHERE user_id = ? AND source = ?`, userID, SourceServer).Error
}

// DropStale drops, in tx, the server verifier of userID made from a password version other
// than version: the password changed on the server since the desk kept it.
func DropStale(tx *gorm.DB, userID string, version int64) error {
	return tx.Exec(`DELETE FROM credentials WHERE user_id = ? AND source = ? AND version <> ?`, userID, SourceServer, version).Error
}
