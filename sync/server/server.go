// Package server is Outpost's sync server: accounts and devices, push (idempotent, every op
// re-checked against the user's current role and the record's state machine), scoped pull,
// number leases and content-addressed blobs, over plain net/http. It keeps no state outside
// its database, so several instances can serve one PostgreSQL.
package server

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"golang.org/x/crypto/bcrypt"

	"outpost/domain/fault"
	"outpost/domain/hlc"
	"outpost/domain/people"
	"outpost/sync/protocol"
	"outpost/sync/server/store"
)

// Server is one instance of the sync service.
type Server struct {
	Store *store.Store
	Now   func() time.Time
	Clock *hlc.Clock
	// FirstNumber is the first human number of each kind.
	FirstNumber int64
	// BcryptCost is the password hashing cost (bcrypt.DefaultCost unless a test lowers it).
	BcryptCost int
	// LoginWindow and LoginMax rate-limit failed logins per email and per client address.
	LoginWindow time.Duration
	LoginMax    int
	// MaxLease is the largest block of numbers one lease may take.
	MaxLease int64
	// LeaseOutstanding caps the leased numbers of one kind a device holds and has not used
	// yet: a lease past it is refused (the desk goes on with provisional numbers).
	LeaseOutstanding int64
	// BlobQuota caps the bytes a user has uploaded that no record refers to; BlobGrace is how
	// long after its last upload an unreferenced blob is kept.
	BlobQuota int64
	BlobGrace time.Duration

	// checkPassword compares a password with a bcrypt hash (a test counts the checks).
	checkPassword func(hash, password []byte) error
	dummyOnce     sync.Once
	dummy         []byte
}

// New returns a server over st with the default limits.
func New(st *store.Store, now func() time.Time) *Server {
	return &Server{Store: st, Now: now, Clock: hlc.NewClock(now, 0), FirstNumber: 1001,
		BcryptCost: bcrypt.DefaultCost, LoginWindow: 15 * time.Minute, LoginMax: 10, MaxLease: 1000,
		LeaseOutstanding: 2000, BlobQuota: 512 << 20, BlobGrace: 24 * time.Hour}
}

// ErrUnauthorized is a missing, wrong, tampered or revoked token, or a wrong password.
var ErrUnauthorized = errors.New("unauthorized")

// ErrRateLimited is a login refused because of too many recent failures.
var ErrRateLimited = errors.New("too many failed logins")

// CreateUser adds an account with a password (admin command).
func (s *Server) CreateUser(ctx context.Context, name, email, role, password string) (*store.User, error) {
	u := people.User{Name: name, Email: email, Role: people.Role(role)}
	if err := u.Validate(); err != nil {
		return nil, err
	}
	if len(password) < 8 {
		return nil, fault.Field("password", "a password has at least 8 characters")
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), s.BcryptCost)
	if err != nil {
		return nil, err
	}
	su := store.User{ID: uuid.Must(uuid.NewV7()).String(), Name: u.Name, Email: u.Email, Role: string(u.Role), Active: true,
		PasswordHash: string(hash), PasswordVersion: 1, CreatedAt: s.Now().UnixMilli()}
	if err := s.Store.CreateUser(ctx, su); err != nil {
		return nil, err
	}
	return &su, nil
}

// ResetPassword sets a new password (admin command).
func (s *Server) ResetPassword(ctx context.Context, email, password string) error {
	if len(password) < 8 {
		return fault.Field("password", "a password has at least 8 characters")
	}
	hash, err := bcrypt.GenerateFromPassword([]byte(password), s.BcryptCost)
	if err != nil {
		return err
	}
	return s.Store.SetPassword(ctx, strings.ToLower(strings.TrimSpace(email)), string(hash))
}

// dummyHash is compared against when the email is unknown, so both cases take as long.
// It is made with the server's cost: a cheaper one would tell unknown emails from known ones.
func (s *Server) dummyHash() []byte {
	s.dummyOnce.Do(func() { s.dummy, _ = bcrypt.GenerateFromPassword([]byte("outpost-dummy-password"), s.BcryptCost) })
	return s.dummy
}

// Login checks a password and registers the device with a fresh random token; the server
// keeps only the token's hash. Failures are counted per email and per client address.
func (s *Server) Login(ctx context.Context, req *protocol.LoginRequest, addr string) (*protocol.LoginResponse, error) {
	email := strings.ToLower(strings.TrimSpace(req.Email))
	now, window := s.Now().UnixMilli(), s.LoginWindow.Milliseconds()
	keys := []string{"email:" + email, "addr:" + addr}
	// Each attempt takes a slot per key before its password is checked and counts as a
	// failure unless it succeeds, so concurrent attempts cannot all pass the limit.
	for i, k := range keys {
		limit := s.LoginMax
		if i == 1 {
			limit = 5 * s.LoginMax // an office behind one address has many users
		}
		ok, err := s.Store.TakeLoginAttempt(ctx, k, now, window, limit)
		if err == nil && !ok {
			err = ErrRateLimited
		}
		if err != nil {
			for _, taken := range keys[:i] {
				_ = s.Store.ReturnLoginAttempt(ctx, taken)
			}
			return nil, err
		}
	}
	u, err := s.Store.UserByEmail(ctx, email)
	hash := s.dummyHash()
	if err == nil {
		hash = []byte(u.PasswordHash)
	} else if !errors.Is(err, fault.ErrNotFound) {
		return nil, err
	}
	check := s.checkPassword
	if check == nil {
		check = bcrypt.CompareHashAndPassword
	}
	if check(hash, []byte(req.Password)) != nil || err != nil || !u.Active {
		return nil, fmt.Errorf("wrong email or password: %w", ErrUnauthorized)
	}
	_ = s.Store.LoginSucceeded(ctx, "email:"+email)
	_ = s.Store.ReturnLoginAttempt(ctx, "addr:"+addr)
	token, tokenHash := newToken()
	dev, err := s.Store.PutDevice(ctx, store.Device{ID: req.DeviceID, UserID: u.ID, Name: req.DeviceName, TokenHash: tokenHash, CreatedAt: now})
	if err != nil {
		return nil, err
	}
	return &protocol.LoginResponse{Token: token, User: publicUser(u, true), LastOpID: dev.LastOpID}, nil
}

func newToken() (token, hash string) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand never fails on supported platforms
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken is how a token is stored.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Session is an authenticated request's device and user.
type Session struct {
	Device *store.Device
	User   *store.User
	Actor  people.Actor
}

// Authenticate resolves a bearer token to its live device and active user.
func (s *Server) Authenticate(ctx context.Context, token string) (*Session, error) {
	if token == "" || len(token) > 200 {
		return nil, fmt.Errorf("no token: %w", ErrUnauthorized)
	}
	dev, err := s.Store.DeviceByToken(ctx, HashToken(token))
	if err != nil {
		if errors.Is(err, fault.ErrNotFound) {
			return nil, fmt.Errorf("unknown or revoked token: %w", ErrUnauthorized)
		}
		return nil, err
	}
	u, err := s.Store.UserByID(ctx, nil, dev.UserID)
	if err != nil {
		return nil, err
	}
	if !u.Active {
		return nil, fmt.Errorf("user %s is inactive: %w", u.Email, ErrUnauthorized)
	}
	groups, err := s.Store.UserGroups(ctx, nil, u.ID)
	if err != nil {
		return nil, err
	}
	return &Session{Device: dev, User: u, Actor: people.Actor{ID: u.ID, Role: people.Role(u.Role), Groups: groups}}, nil
}

func publicUser(u *store.User, withEmail bool) protocol.User {
	out := protocol.User{ID: u.ID, Name: u.Name, Role: u.Role, Active: u.Active}
	if withEmail {
		out.Email, out.PasswordVersion = u.Email, u.PasswordVersion
	}
	return out
}

// Pull serves a page of changes after the cursor, scoped to what the user may see.
func (s *Server) Pull(ctx context.Context, sess *Session, after int64, limit int) (*protocol.PullResponse, error) {
	if limit <= 0 || limit > protocol.MaxPullLimit {
		limit = 1000
	}
	scope := store.Scope{UserID: sess.Actor.ID, All: sess.Actor.IsStaff(), Private: privateKinds(), Owned: ownedKinds(), Public: publicKinds()}
	page, total, err := s.Store.Pull(ctx, scope, after, limit, protocol.MaxPage)
	if err != nil {
		return nil, err
	}
	dev, err := s.Store.DeviceByID(ctx, sess.Device.ID)
	if err != nil {
		return nil, err
	}
	next := after
	if len(page) > 0 {
		next = page[len(page)-1].Seq
	}
	resp := &protocol.PullResponse{After: after, Changes: page, Next: next, More: total > int64(len(page)), LastOpID: dev.LastOpID, Total: total}
	ep, err := s.Store.Epoch(ctx)
	if err != nil {
		return nil, err
	}
	if ep.ID != 0 {
		resp.Epoch = &ep
	}
	return resp, nil
}

// Directory lists users and groups: staff see emails, requesters only names and roles.
func (s *Server) Directory(ctx context.Context, sess *Session) (*protocol.Directory, error) {
	users, err := s.Store.Users(ctx)
	if err != nil {
		return nil, err
	}
	groups, members, err := s.Store.Groups(ctx)
	if err != nil {
		return nil, err
	}
	out := &protocol.Directory{Users: []protocol.User{}, Groups: []protocol.Group{}}
	for i := range users {
		out.Users = append(out.Users, publicUser(&users[i], sess.Actor.IsStaff() || users[i].ID == sess.User.ID))
	}
	for _, g := range groups {
		m := members[g.ID]
		if m == nil {
			m = []string{}
		}
		out.Groups = append(out.Groups, protocol.Group{ID: g.ID, Name: g.Name, Description: g.Description, Members: m})
	}
	return out, nil
}

// Lease hands the device a block of human numbers (staff and requesters alike log tickets).
func (s *Server) Lease(ctx context.Context, sess *Session, req *protocol.LeaseRequest) (*protocol.Lease, error) {
	prefix := leasePrefix(req.Kind)
	if prefix == "" {
		return nil, fault.Field("kind", "unknown kind %q", req.Kind)
	}
	if req.Size < 1 || req.Size > s.MaxLease {
		return nil, fault.Field("size", "a lease holds 1 to %d numbers", s.MaxLease)
	}
	format := func(n int64) string { return fmt.Sprintf("%s%07d", prefix, n) }
	l, err := s.Store.Lease(ctx, sess.Device.ID, req.Kind, req.Size, s.FirstNumber, s.LeaseOutstanding, format)
	if err != nil {
		return nil, err
	}
	return &l, nil
}

// PutBlob stores uploaded content after re-hashing it: the name must be its SHA-256.
func (s *Server) PutBlob(ctx context.Context, sess *Session, sha string, data []byte) error {
	if len(data) == 0 {
		return fault.Field("file", "the file is empty")
	}
	if int64(len(data)) > protocol.MaxBlob {
		return fmt.Errorf("a file has at most %d bytes: %w", protocol.MaxBlob, fault.ErrTooLarge)
	}
	sum := sha256.Sum256(data)
	if hex.EncodeToString(sum[:]) != sha {
		return fault.Field("sha256", "the content does not hash to %s", sha)
	}
	return s.Store.PutBlob(ctx, sess.User.ID, sha, data, s.Now().UnixMilli(), s.BlobQuota)
}

// Blob serves content the user may see through an attachment.
func (s *Server) Blob(ctx context.Context, sess *Session, sha string) ([]byte, error) {
	ok, err := s.Store.BlobVisible(ctx, sha, sess.Actor.ID, sess.Actor.IsStaff())
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, fmt.Errorf("blob %s: %w", sha, fault.ErrNotFound)
	}
	return s.Store.Blob(ctx, sha)
}

// CollectBlobs deletes blobs no record refers to whose last upload is older than BlobGrace
// at now, and returns how many.
func (s *Server) CollectBlobs(ctx context.Context, now time.Time) (int64, error) {
	return s.Store.CollectBlobs(ctx, now.Add(-s.BlobGrace).UnixMilli())
}
