package people

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"outpost/domain/fault"
)

// A person's local password is kept as an argon2id verifier: the algorithm, its parameters,
// a random salt and the derived key, in the PHC string format
// ($argon2id$v=19$m=…,t=…,p=…$salt$key). Never the password itself.

// Params are argon2id's cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32
	Threads uint8
	KeyLen  uint32
}

// DefaultParams are OWASP's argon2id minimum (19 MiB, 2 passes, 1 lane): tens of
// milliseconds per check on a laptop, enough to make guessing a stolen profile's verifiers slow.
var DefaultParams = Params{Memory: 19 * 1024, Time: 2, Threads: 1, KeyLen: 32}

// Credential sources.
const (
	SourceLocal  = "local"  // set at this desk
	SourceServer = "server" // the person's server password, kept to sign in offline
)

// Sign-in rate limit: after MaxFailures failed sign-ins of one person within FailureWindow,
// further attempts are refused until the window ends.
const (
	MaxFailures   = 5
	FailureWindow = 15 * time.Minute
)

// Password lengths, in characters.
const (
	minPassword = 8
	maxPassword = 256
)

// Credential is a person's password verifier at this desk.
type Credential struct {
	UserID   string `gorm:"column:user_id;primaryKey"`
	Verifier string `gorm:"column:verifier"`
	SetAt    int64  `gorm:"column:set_at"`
	Source   string `gorm:"column:source"`
	// Version is the server's password version a server verifier was made from (0 if local).
	Version int64 `gorm:"column:version"`
}

// TableName is the credentials table.
func (Credential) TableName() string { return "credentials" }

// CheckPassword refuses a new password that is too short or too long; field names the input.
func CheckPassword(field, password string) error {
	switch n := utf8.RuneCountInString(password); {
	case n < minPassword:
		return fault.Field(field, "a password has at least %d characters", minPassword)
	case n > maxPassword:
		return fault.Field(field, "a password has at most %d characters", maxPassword)
	}
	return nil
}

// HashPassword makes a verifier of password with p and a fresh random salt.
func HashPassword(password string, p Params) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, p.Memory, p.Time, p.Threads,
		b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword reports whether password matches verifier, comparing in constant time. A
// verifier it cannot read is an error, not a mismatch.
func VerifyPassword(verifier, password string) (bool, error) {
	p, salt, key, err := parseVerifier(verifier)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

func parseVerifier(v string) (Params, []byte, []byte, error) {
	var p Params
	parts := strings.Split(v, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return p, nil, nil, fmt.Errorf("password verifier: not an argon2id PHC string")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, nil, nil, fmt.Errorf("password verifier: argon2 version %q", parts[2])
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil {
		return p, nil, nil, fmt.Errorf("password verifier: parameters %q: %w", parts[3], err)
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return p, nil, nil, fmt.Errorf("password verifier: salt: %w", err)
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) == 0 {
		return p, nil, nil, fmt.Errorf("password verifier: key: %v", err)
	}
	p.KeyLen = uint32(len(key))
	return p, salt, key, nil
}

// LockedOutError is a sign-in refused by the rate limit until Until.
type LockedOutError struct{ Until time.Time }

func (e *LockedOutError) Error() string {
	return fmt.Sprintf("too many failed sign-ins: try again after %s", e.Until.UTC().Format("2006-01-02 15:04 UTC"))
}

// Unwrap makes the error's code locked_out.
func (e *LockedOutError) Unwrap() error { return fault.ErrLockedOut }

// LockedUntil applies the rate limit: a key with failures since windowStart is refused until
// the window ends once it holds MaxFailures failures. ok is false while refused.
func LockedUntil(failures int, windowStart, now time.Time) (until time.Time, ok bool) {
	end := windowStart.Add(FailureWindow)
	if failures >= MaxFailures && now.Before(end) {
		return end, false
	}
	return time.Time{}, true
}

// IdleLocked reports whether a desk whose person was last active at lastActive is locked at
// now, with idle the time after which it locks (0 = never).
func IdleLocked(lastActive, now time.Time, idle time.Duration) bool {
	return idle > 0 && !lastActive.IsZero() && now.Sub(lastActive) >= idle
}

// MaxIdleMinutes is the longest idle lock an admin may set (a day).
const MaxIdleMinutes = 24 * 60

// CheckIdleMinutes refuses an idle lock outside 0 (never) to MaxIdleMinutes.
func CheckIdleMinutes(minutes int) error {
	if minutes < 0 || minutes > MaxIdleMinutes {
		return fault.Field("idleLockMinutes", "between 0 (never) and %d minutes", MaxIdleMinutes)
	}
	return nil
}
