// Package client syncs one Outpost profile with a server: it pushes the profile's unpushed
// changes as ops with sequential op ids, pulls the server's changes page by page and applies
// them through the replica registry with the merge rules, keeping conflicts and rejected ops
// for the user to see, and keeps leased blocks of human numbers topped up.
//
// The app binds Login, Sync, Status, Conflicts, Settle, Rejections and Logout.
package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/desk"
	"outpost/domain/notify"
	"outpost/domain/replica"
	"outpost/domain/store"
	"outpost/domain/ticket"
	"outpost/sync/protocol"
)

// Client syncs one open profile. Its methods are safe for concurrent use; syncs run one at
// a time.
type Client struct {
	Desk *desk.Desk
	HTTP *http.Client
	// PageSize is how many changes one pull asks for; BatchSize how many ops one push sends.
	PageSize  int
	BatchSize int
	// LeaseSize numbers are leased per kind whenever fewer than LeaseLow are left.
	LeaseSize, LeaseLow int64
	// Progress, if set, is told how far a pull has got (for a first sync's progress bar).
	Progress func(done, total int64)

	mu sync.Mutex
}

// New returns a client for d and makes d's ticket numbers come from leased blocks once the
// profile has joined a server.
func New(d *desk.Desk) *Client {
	d.Tickets.Numbers = replica.Numberer(d.DeviceID)
	d.Knowledge.Numbers = replica.Issuer(d.DeviceID)
	d.Catalog.Numbers = replica.Issuer(d.DeviceID)
	return &Client{Desk: d, HTTP: &http.Client{Timeout: 60 * time.Second}, PageSize: 2000, BatchSize: 500, LeaseSize: 100, LeaseLow: 20}
}

// RemoteError is an error answer from the server.
type RemoteError struct {
	Status int
	Body   protocol.Error
}

func (e *RemoteError) Error() string {
	return fmt.Sprintf("server said %d %s: %s", e.Status, e.Body.Code, e.Body.Message)
}

// ErrNotJoined means the profile has not signed in to a server.
var ErrNotJoined = errors.New("this profile is not connected to a server")

// ErrStalePage means a pull was answered with a page for another cursor (a proxy or cache
// replaying an old answer); nothing of it was applied, and the next sync asks again.
var ErrStalePage = errors.New("stale pull page")

func (c *Client) state(ctx context.Context, key string) (string, error) {
	return replica.State(c.Desk.DB.WithContext(ctx), key)
}

// call sends one request; body may be nil, a []byte (sent raw) or a value sent as JSON; out
// may be nil, a *[]byte (raw answer) or a value decoded strictly from JSON.
func (c *Client) call(ctx context.Context, method, path string, body, out any) error {
	server, err := c.state(ctx, replica.KeyServer)
	if err != nil {
		return err
	}
	if server == "" {
		return ErrNotJoined
	}
	token, err := c.state(ctx, replica.KeyToken)
	if err != nil {
		return err
	}
	return c.do(ctx, server, token, method, path, body, out)
}

func (c *Client) do(ctx context.Context, server, token, method, path string, body, out any) error {
	var rd io.Reader
	ctype := "application/json"
	switch b := body.(type) {
	case nil:
	case []byte:
		rd, ctype = bytes.NewReader(b), "application/octet-stream"
	default:
		buf, err := jsonBytes(b)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(buf)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(server, "/")+"/"+protocol.Version+path, rd)
	if err != nil {
		return err
	}
	if rd != nil {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.HTTP.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		e := &RemoteError{Status: resp.StatusCode}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, protocol.MaxBody))
		if err := protocol.DecodeBytes(body, &e.Body); err != nil {
			// Not an Outpost server's answer (a proxy's page, plain HTTP to a TLS port):
			// show what it said.
			e.Body.Code, e.Body.Message = "bad_response", strings.TrimSpace(string(body[:min(len(body), 200)]))
			if e.Body.Message == "" {
				e.Body.Message = err.Error()
			}
		}
		return e
	}
	switch o := out.(type) {
	case nil:
		_, err = io.Copy(io.Discard, resp.Body)
		return err
	case *[]byte:
		*o, err = io.ReadAll(io.LimitReader(resp.Body, protocol.MaxBlob+1))
		return err
	default:
		return protocol.Decode(resp.Body, out)
	}
}

// Login signs the profile in to a server as a user from this device, remembers the device
// token, and fetches the server's users and groups so records can refer to them. On the
// first login the profile's owner becomes that server user: the desk's Owner() is then the
// signed-in user, and history written before joining is uploaded by the next Sync.
func (c *Client) Login(ctx context.Context, serverURL, email, password string) (*protocol.User, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	u, err := url.Parse(serverURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("server URL %q: want http(s)://host[:port]", serverURL)
	}
	var resp protocol.LoginResponse
	req := protocol.LoginRequest{Email: email, Password: password, DeviceID: c.Desk.DeviceID, DeviceName: "Outpost desktop"}
	if err := c.do(ctx, serverURL, "", http.MethodPost, "/login", req, &resp); err != nil {
		return nil, err
	}
	db := c.Desk.DB.WithContext(ctx)
	before, err := replica.State(db, replica.KeyUserID)
	if err != nil {
		return nil, err
	}
	for k, v := range map[string]string{replica.KeyServer: serverURL, replica.KeyToken: resp.Token, replica.KeyUserID: resp.User.ID} {
		if err := replica.SetState(db, k, v); err != nil {
			return nil, err
		}
	}
	if err := c.refreshDirectory(ctx); err != nil {
		return nil, err
	}
	if before == "" {
		// First join: the profile's owner becomes the server user, so what they wrote offline
		// before joining uploads as theirs (and the app acts as that user from now on).
		err := store.Tx(ctx, c.Desk.DB, func(tx *gorm.DB) error {
			// The team's history this desk is about to pull is not news to anyone here.
			if err := notify.SetEpoch(tx, c.Desk.Now()); err != nil {
				return err
			}
			var owner string
			if err := tx.Raw(`SELECT value FROM settings WHERE key = 'owner_id'`).Scan(&owner).Error; err != nil {
				return err
			}
			if err := rekey(tx, "user", owner, resp.User.ID); err != nil || owner == "" || owner == resp.User.ID {
				return err
			}
			// The trail keeps the owner's old id on what they wrote before joining; this entry
			// says who that is now, instead of rewriting (and re-chaining) the trail.
			return ticket.WriteAudit(tx, []ticket.AuditEntry{{ID: uuid.Must(uuid.NewV7()).String(), Entity: "user",
				TicketID: owner, ActorID: resp.User.ID, At: c.Desk.Now().UnixMilli(), Field: "id", OldValue: owner, NewValue: resp.User.ID}})
		})
		if err != nil {
			return nil, fmt.Errorf("adopt the server user: %w", err)
		}
	}
	return &resp.User, nil
}

// Logout forgets the token (the server keeps the device until an admin revokes it).
func (c *Client) Logout(ctx context.Context) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return replica.SetState(c.Desk.DB.WithContext(ctx), replica.KeyToken, "")
}

// UserID is the server user this profile signed in as ("" if none): the actor the app should
// use for local writes once joined.
func (c *Client) UserID(ctx context.Context) (string, error) { return c.state(ctx, replica.KeyUserID) }

// Status is what the status indicator shows.
type Status struct {
	Joined        bool   `json:"joined"`
	Server        string `json:"server"`
	UserID        string `json:"userId"`
	Pending       int64  `json:"pending"`
	LastSync      int64  `json:"lastSync"` // unix ms of the last complete sync, 0 if never
	Cursor        int64  `json:"cursor"`
	OpenConflicts int    `json:"openConflicts"`
	Rejected      int    `json:"rejected"`
}

// Status reports the profile's sync state.
func (c *Client) Status(ctx context.Context) (*Status, error) {
	db := c.Desk.DB.WithContext(ctx)
	s := &Status{}
	var err error
	if s.Server, err = replica.State(db, replica.KeyServer); err != nil {
		return nil, err
	}
	tok, _ := replica.State(db, replica.KeyToken)
	s.Joined = s.Server != "" && tok != ""
	s.UserID, _ = replica.State(db, replica.KeyUserID)
	s.LastSync, _ = replica.StateInt(db, replica.KeyLastSync)
	s.Cursor, _ = replica.StateInt(db, replica.KeyCursor)
	if s.Pending, err = replica.PendingCount(ctx, c.Desk.DB, c.Desk.DeviceID); err != nil {
		return nil, err
	}
	conflicts, err := replica.Conflicts(ctx, c.Desk.DB, false)
	if err != nil {
		return nil, err
	}
	s.OpenConflicts = len(conflicts)
	rej, err := c.Rejections(ctx)
	if err != nil {
		return nil, err
	}
	s.Rejected = len(rej)
	return s, nil
}
