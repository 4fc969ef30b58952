package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/robfig/cron/v3"

	"outpost/domain/canned"
	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/replica"
	"outpost/domain/sla"
	"outpost/domain/ticket"
	"outpost/sync/client"
	"outpost/sync/protocol"
)

// Sync is bound to the frontend: connect the profile to a shared server, sync in the
// background and on demand, and show what sync could not merge by itself (conflicts) or what
// the server refused (rejections). The work is sync/client's; this maps DTOs, events and errors.
type Sync struct{ app *App }

// NewSync returns the sync facade of a.
func NewSync(a *App) *Sync { return &Sync{app: a} }

// Error codes of sync failures, beside domain/fault's. Like those, they are part of the API.
const (
	CodeOffline      = "offline"      // the server cannot be reached
	CodeUnauthorized = "unauthorized" // wrong password, or the device token was revoked
	CodeRateLimited  = "rate_limited" // too many failed logins
	CodeNotOutpost   = "not_outpost"  // something answers at the URL, but not an Outpost server
	CodeServerError  = "server_error" // the server failed
	CodeNotJoined    = "not_joined"   // the profile is not connected to a server
	CodeBlobQuota    = "blob_quota"   // the user's files uploaded and not attached yet fill their quota
)

// Background sync runs every defaultSyncEvery unless the profile setting keySyncEvery holds
// another Go duration (at least 10 s); it takes effect when the profile opens.
const (
	keySyncEvery     = "sync_every"
	defaultSyncEvery = 2 * time.Minute
)

// syncer is the app's sync state: the client of the open profile and what the status
// indicator shows between syncs.
type syncer struct {
	mu       sync.Mutex
	client   *client.Client
	user     string // the server user the profile acts as while joined, "" otherwise
	running  int
	progress SyncProgress
	lastErr  *SyncFault
	ctx      context.Context // canceled at shutdown, so a sync in flight stops
	cancel   context.CancelFunc
}

// SyncProgress is how far a pull has got, for a first sync's progress bar.
type SyncProgress struct {
	Done  int64 `json:"done"`
	Total int64 `json:"total"`
}

// SyncFault is the last sync's error as the indicator shows it.
type SyncFault struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	At      int64  `json:"at"`
}

// SyncStatus is what the status indicator and the Server settings show.
type SyncStatus struct {
	// State is "local" (not connected), "syncing", "offline" (the last try could not reach the
	// server), "error" (the last try failed otherwise) or "synced".
	State         string       `json:"state"`
	Joined        bool         `json:"joined"`
	Server        string       `json:"server"`
	UserID        string       `json:"userId"`
	UserName      string       `json:"userName"`
	Email         string       `json:"email"`
	Pending       int64        `json:"pending"`
	LastSync      int64        `json:"lastSync"` // unix ms, 0 if never
	Now           int64        `json:"now"`      // Go's clock, so "2 min ago" counts from it
	OpenConflicts int          `json:"openConflicts"`
	Rejected      int          `json:"rejected"`
	Progress      SyncProgress `json:"progress"`
	LastError     *SyncFault   `json:"lastError"`
}

// SyncReport is what one sync did.
type SyncReport struct {
	client.Report
	Status *SyncStatus `json:"status"`
}

// ServerInfo is what TestConnection found at a URL.
type ServerInfo struct {
	URL     string `json:"url"`
	Status  string `json:"status"`
	Version string `json:"version"`
}

// ConflictDTO is a conflict with the record and both values as the inbox shows them.
type ConflictDTO struct {
	replica.Conflict
	RecordNumber string `json:"recordNumber"`
	RecordTitle  string `json:"recordTitle"`
	MineText     string `json:"mineText"`
	TheirsText   string `json:"theirsText"`
	// Editable: the field can be settled with an edited value from the inbox.
	Editable bool `json:"editable"`
}

// RejectionDTO is an op of mine the server refused, with the record it was for.
type RejectionDTO struct {
	replica.Rejection
	// TicketID is the ticket the op was about: the record itself, or a comment's or file's
	// ticket ("" when not known here).
	TicketID     string `json:"ticketId"`
	RecordNumber string `json:"recordNumber"`
	RecordTitle  string `json:"recordTitle"`
	ValueText    string `json:"valueText"`
}

// openSync makes the sync client of a freshly opened profile and returns the server user it
// acts as, if the profile is joined.
func (a *App) openSync(ctx context.Context, d *desk.Desk) (people.Actor, bool) {
	c := client.New(d)
	c.Progress = func(done, total int64) {
		p := SyncProgress{Done: done, Total: total}
		a.syncer.mu.Lock()
		a.syncer.progress = p
		a.syncer.mu.Unlock()
		a.emit("sync:progress", p)
	}
	sctx, cancel := context.WithCancel(context.Background())
	a.syncer.mu.Lock()
	a.syncer.client, a.syncer.ctx, a.syncer.cancel = c, sctx, cancel
	a.syncer.mu.Unlock()
	st, err := c.Status(ctx)
	if err != nil || !st.Joined || st.UserID == "" {
		return people.Actor{}, false
	}
	actor, err := d.People.ActorFor(ctx, st.UserID)
	if err != nil {
		slog.Error("open sync: the signed-in server user", "err", err)
		return people.Actor{}, false
	}
	a.setSyncUser(st.UserID)
	return actor, true
}

// stopSync cancels a sync in flight (at shutdown).
func (a *App) stopSync() {
	a.syncer.mu.Lock()
	defer a.syncer.mu.Unlock()
	if a.syncer.cancel != nil {
		a.syncer.cancel()
	}
}

func (a *App) setSyncUser(id string) {
	a.syncer.mu.Lock()
	a.syncer.user = id
	a.syncer.mu.Unlock()
}

// syncUser is the server user the app acts as while joined ("" otherwise).
func (a *App) syncUser() string {
	a.syncer.mu.Lock()
	defer a.syncer.mu.Unlock()
	return a.syncer.user
}

func (a *App) syncClient() (*client.Client, context.Context, error) {
	a.syncer.mu.Lock()
	defer a.syncer.mu.Unlock()
	if a.syncer.client == nil {
		return nil, nil, fmt.Errorf("the profile is not open")
	}
	return a.syncer.client, a.syncer.ctx, nil
}

// startSync registers background sync on c: every two minutes unless the profile says
// otherwise, skipped while the profile is not connected.
func (a *App) startSync(c *cron.Cron) {
	every := defaultSyncEvery
	if d := a.current(); d != nil {
		if v, _ := d.Setting(context.Background(), keySyncEvery); v != "" {
			if p, err := time.ParseDuration(v); err == nil && p >= 10*time.Second {
				every = p
			}
		}
	}
	if _, err := c.AddFunc("@every "+every.String(), a.backgroundSync); err != nil {
		slog.Error("schedule background sync", "err", err)
	}
}

func (a *App) backgroundSync() {
	if a.syncUser() == "" {
		return
	}
	if _, err := a.runSync(); err != nil && errCode(err) == fault.CodeInternal {
		slog.Error("background sync", "err", err)
	}
}

// runSync runs one sync, keeps its outcome for the indicator and tells the frontend.
func (a *App) runSync() (*client.Report, error) {
	c, ctx, err := a.syncClient()
	if err != nil {
		return nil, err
	}
	a.syncer.mu.Lock()
	a.syncer.running++
	a.syncer.progress = SyncProgress{}
	a.syncer.mu.Unlock()
	a.emitStatus()
	before := a.latestNotification(ctx)
	rep, err := c.Sync(ctx)
	err = syncError(err)
	if rep != nil && rep.Pulled > 0 {
		a.tellNew(ctx, before)
	}
	a.syncer.mu.Lock()
	a.syncer.running--
	if err != nil {
		a.syncer.lastErr = &SyncFault{Code: errCode(err), Message: err.Error(), At: a.clock.Now().UnixMilli()}
	} else {
		a.syncer.lastErr = nil
	}
	a.syncer.mu.Unlock()
	if rep != nil && (rep.Pulled > 0 || rep.Rejected > 0) {
		a.emit("ticket:changed", "")
	}
	a.emitStatus()
	return rep, err
}

func (a *App) emitStatus() {
	if a.ctx == nil || a.ctx.Value("events") == nil {
		return
	}
	st, err := a.syncStatus(context.Background())
	if err != nil {
		slog.Error("sync status", "err", err)
		return
	}
	a.emit("sync:status", st)
}

func (a *App) syncStatus(ctx context.Context) (*SyncStatus, error) {
	c, _, err := a.syncClient()
	if err != nil {
		return nil, err
	}
	cs, err := c.Status(ctx)
	if err != nil {
		return nil, err
	}
	st := &SyncStatus{Joined: cs.Joined, Server: cs.Server, Pending: cs.Pending, LastSync: cs.LastSync,
		OpenConflicts: cs.OpenConflicts, Rejected: cs.Rejected, Now: a.clock.Now().UnixMilli()}
	if cs.UserID != "" {
		st.UserID = cs.UserID
		if u, err := c.Desk.People.User(ctx, cs.UserID); err == nil {
			st.UserName, st.Email = u.Name, u.Email
		}
	}
	a.syncer.mu.Lock()
	running, progress, last := a.syncer.running, a.syncer.progress, a.syncer.lastErr
	a.syncer.mu.Unlock()
	st.Progress, st.LastError = progress, last
	switch {
	case !cs.Joined:
		st.State = "local"
	case running > 0:
		st.State = "syncing"
	case last != nil && last.Code == CodeOffline:
		st.State = "offline"
	case last != nil:
		st.State = "error"
	default:
		st.State = "synced"
	}
	return st, nil
}

// syncError turns what the client returned into an error the UI can use: a network failure
// is "offline", the server's refusals keep their meaning, the rest stays internal.
func syncError(err error) error {
	if err == nil {
		return nil
	}
	var re *client.RemoteError
	var ue *url.Error
	var ne net.Error
	switch {
	case errors.Is(err, client.ErrNotJoined):
		return Error{Code: CodeNotJoined, Message: "This profile is not connected to a server."}
	case errors.As(err, &re):
		return remoteError(re)
	case errors.Is(err, context.Canceled):
		return Error{Code: CodeOffline, Message: "Sync stopped: Outpost is closing."}
	case errors.Is(err, client.ErrStalePage):
		return Error{Code: CodeOffline, Message: "The network answered with an old page of changes; the next sync asks again."}
	case errors.As(err, &ue), errors.As(err, &ne), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, context.DeadlineExceeded):
		return Error{Code: CodeOffline, Message: "Cannot reach the server: " + netReason(err)}
	}
	return err
}

func remoteError(re *client.RemoteError) error {
	msg := re.Body.Message
	switch {
	case re.Status == http.StatusUnauthorized:
		return Error{Code: CodeUnauthorized, Message: "The server no longer accepts this device: connect again."}
	case re.Status == http.StatusTooManyRequests:
		return Error{Code: CodeRateLimited, Message: "Too many failed sign-ins: wait a minute and try again."}
	case re.Body.Code == CodeBlobQuota:
		return Error{Code: CodeBlobQuota, Message: "The server holds too many of your files that are not attached yet; the next sync tries again: " + msg}
	case re.Body.Code == "bad_response":
		return Error{Code: CodeNotOutpost, Message: fmt.Sprintf("The server answered %d, but not as an Outpost server does.", re.Status)}
	case re.Status == http.StatusForbidden:
		return Error{Code: fault.CodeForbidden, Message: "The server refused: " + msg}
	case re.Status >= 500:
		return Error{Code: CodeServerError, Message: fmt.Sprintf("The server failed (%d): %s", re.Status, msg)}
	}
	return Error{Code: CodeServerError, Message: fmt.Sprintf("The server refused the request (%d %s): %s", re.Status, re.Body.Code, msg)}
}

// errCode is the code the UI gets for err.
func errCode(err error) string {
	var e Error
	if errors.As(err, &e) {
		return e.Code
	}
	return fault.Code(err)
}

// netReason says briefly why a request did not get through.
func netReason(err error) string {
	var ne net.Error
	var op *net.OpError
	switch {
	case errors.As(err, &ne) && ne.Timeout():
		return "it did not answer in time."
	case errors.As(err, &op) && op.Op == "dial":
		return "the connection was refused or the host is unknown."
	}
	return "the connection failed."
}

// connectFields checks the connection form; every problem is reported beside its input.
func connectFields(serverURL, email, password string, needLogin bool) (string, error) {
	v := &fault.Validation{}
	serverURL = strings.TrimRight(strings.TrimSpace(serverURL), "/")
	if serverURL == "" {
		v.Add("serverUrl", "Enter the server's address, e.g. https://outpost.example.com")
	} else if u, err := url.Parse(serverURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		v.Add("serverUrl", "The address starts with http:// or https:// and names a host")
	}
	if needLogin {
		if strings.TrimSpace(email) == "" {
			v.Add("email", "Enter the email you sign in to the server with")
		}
		if password == "" {
			v.Add("password", "Enter your password")
		}
	}
	return serverURL, v.Err()
}

// withField puts a coded error's message beside an input as well.
func withField(err error, field string) error {
	var e Error
	if errors.As(err, &e) {
		e.Fields = map[string]string{field: e.Message}
		return e
	}
	return err
}

// TestConnection checks that an Outpost server answers at serverURL, without signing in.
func (s *Sync) TestConnection(serverURL string) (*ServerInfo, error) {
	serverURL, err := connectFields(serverURL, "", "", false)
	if err != nil {
		return nil, err
	}
	_, ctx, err := s.app.syncClient()
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, serverURL+"/"+protocol.Version+"/health", nil)
	if err != nil {
		return nil, fault.Field("serverUrl", "Not a usable address: %v", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, withField(syncError(err), "serverUrl")
	}
	defer resp.Body.Close()
	var body struct {
		Status string `json:"status"`
	}
	if resp.StatusCode != http.StatusOK || json.NewDecoder(io.LimitReader(resp.Body, 4096)).Decode(&body) != nil || body.Status != "ok" {
		return nil, withField(Error{Code: CodeNotOutpost,
			Message: fmt.Sprintf("Something answers at this address (%d), but not an Outpost server.", resp.StatusCode)}, "serverUrl")
	}
	return &ServerInfo{URL: serverURL, Status: body.Status, Version: protocol.Version}, nil
}

// Connect signs the profile in to a server and runs the first sync (its progress arrives as
// sync:progress events). From then on the app acts as the signed-in server user. A first sync
// that fails leaves the profile connected; the status says why, and the next sync resumes.
func (s *Sync) Connect(serverURL, email, password string) (*SyncStatus, error) {
	serverURL, err := connectFields(serverURL, email, password, true)
	if err != nil {
		return nil, err
	}
	c, ctx, err := s.app.syncClient()
	if err != nil {
		return nil, err
	}
	_, actor, err := s.app.who(ctx)
	if err != nil {
		return nil, err
	}
	// Before its first join, the profile's admin decides where its desk goes; once joined,
	// any server user may sign in again from it.
	if joined, err := c.UserID(ctx); err != nil {
		return nil, err
	} else if joined == "" {
		if err := actor.Require(people.Admin, "connect the profile to a server"); err != nil {
			return nil, err
		}
	}
	u, err := c.Login(ctx, serverURL, strings.TrimSpace(email), password)
	if err != nil {
		var re *client.RemoteError
		switch {
		case errors.As(err, &re) && re.Status == http.StatusUnauthorized:
			return nil, Error{Code: CodeUnauthorized, Message: "The server did not accept this email and password.",
				Fields: map[string]string{"password": "The server did not accept this email and password."}}
		case errors.As(err, &re) && re.Status == http.StatusBadRequest:
			return nil, fault.Field("email", "The server refused the sign-in: %s", re.Body.Message)
		}
		return nil, withField(syncError(err), "serverUrl")
	}
	next, err := s.app.current().People.ActorFor(ctx, u.ID)
	if err != nil {
		return nil, fmt.Errorf("act as %s: %w", u.Email, err)
	}
	// The server accepted the password: keep a verifier of it to sign in while offline.
	if err := c.Desk.Credentials.KeepServer(ctx, u.ID, password, u.PasswordVersion); err != nil {
		return nil, err
	}
	if err := s.app.refreshGate(ctx, c.Desk); err != nil {
		return nil, err
	}
	s.app.setSyncUser(u.ID)
	s.app.mu.Lock()
	s.app.actor = next
	s.app.mu.Unlock()
	s.app.emit("session:changed", u.ID)
	if _, err := s.app.runSync(); err != nil && errCode(err) == fault.CodeInternal {
		slog.Error("first sync", "err", err)
	}
	return s.app.syncStatus(ctx)
}

// Disconnect signs the profile out of its server. Its records stay; pending changes wait
// until it connects again.
func (s *Sync) Disconnect() (*SyncStatus, error) {
	c, ctx, err := s.app.syncClient()
	if err != nil {
		return nil, err
	}
	if err := c.Logout(ctx); err != nil {
		return nil, err
	}
	s.app.setSyncUser("")
	s.app.syncer.mu.Lock()
	s.app.syncer.lastErr = nil
	s.app.syncer.mu.Unlock()
	st, err := s.app.syncStatus(ctx)
	if err == nil {
		s.app.emit("sync:status", st)
	}
	return st, err
}

// Status reports the profile's sync state.
func (s *Sync) Status() (*SyncStatus, error) {
	return s.app.syncStatus(context.Background())
}

// SyncNow runs a sync at once and says what it did.
func (s *Sync) SyncNow() (*SyncReport, error) {
	ctx := context.Background()
	if s.app.syncUser() == "" {
		return nil, Error{Code: CodeNotJoined, Message: "Connect this profile to a server first (Settings → Server)."}
	}
	rep, err := s.app.runSync()
	if err != nil {
		return nil, err
	}
	st, err := s.app.syncStatus(ctx)
	if err != nil {
		return nil, err
	}
	return &SyncReport{Report: *rep, Status: st}, nil
}

// Conflicts lists the open conflicts, oldest first, with both values readable.
func (s *Sync) Conflicts() ([]ConflictDTO, error) {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		return nil, err
	}
	c, _, err := s.app.syncClient()
	if err != nil {
		return nil, err
	}
	list, err := c.Conflicts(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]ConflictDTO, 0, len(list))
	for _, cf := range list {
		dto := ConflictDTO{Conflict: cf}
		dto.RecordNumber, dto.RecordTitle = describeRecord(ctx, d, actor, cf.Entity, cf.RecordID)
		dto.MineText = displayValue(ctx, d, cf.Entity, cf.Field, cf.Mine)
		dto.TheirsText = displayValue(ctx, d, cf.Entity, cf.Field, cf.Theirs)
		dto.Editable = editable(cf.Entity, cf.Field)
		out = append(out, dto)
	}
	return out, nil
}

// Settle choices the frontend sends.
const (
	SettleKeepMine   = "keep-mine"
	SettleKeepTheirs = "keep-theirs"
	SettleEdit       = "edit"
)

// Settle closes a conflict: keep-mine, keep-theirs, or edit with value (as typed; numbers and
// yes/no are converted for fields that hold them). The chosen value syncs as a new edit.
func (s *Sync) Settle(conflictID, choice, value string) error {
	ctx := context.Background()
	_, actor, err := s.app.who(ctx)
	if err != nil {
		return err
	}
	c, _, err := s.app.syncClient()
	if err != nil {
		return err
	}
	var cf *replica.Conflict
	list, err := c.Conflicts(ctx)
	if err != nil {
		return err
	}
	for i := range list {
		if list[i].ID == conflictID {
			cf = &list[i]
		}
	}
	if cf == nil {
		return fmt.Errorf("conflict %s: %w", conflictID, fault.ErrNotFound)
	}
	var edited json.RawMessage
	var how string
	switch choice {
	case SettleKeepMine:
		how = client.KeepMine
	case SettleKeepTheirs:
		how = client.KeepTheirs
	case SettleEdit:
		how = client.Edit
		if edited, err = editedValue(cf.Entity, cf.Field, value); err != nil {
			return err
		}
	default:
		return fault.Field("choice", "Choose keep-mine, keep-theirs or edit")
	}
	if err := c.Settle(ctx, actor, conflictID, how, edited); err != nil {
		return err
	}
	s.app.emit("ticket:changed", cf.RecordID)
	s.app.emitStatus()
	return nil
}

// Rejections lists the ops of the signed-in user that the server refused, newest first.
func (s *Sync) Rejections() ([]RejectionDTO, error) {
	ctx := context.Background()
	d, actor, err := s.app.who(ctx)
	if err != nil {
		return nil, err
	}
	c, _, err := s.app.syncClient()
	if err != nil {
		return nil, err
	}
	list, err := c.Rejections(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]RejectionDTO, 0, len(list))
	for _, r := range list {
		dto := RejectionDTO{Rejection: r}
		entity, id := r.Entity, r.RecordID
		if parent := refusedParent(r.Entity, r.Value); parent != "" {
			entity, id = ticket.EntityTicket, parent
		}
		dto.RecordNumber, dto.RecordTitle = describeRecord(ctx, d, actor, entity, id)
		if dto.RecordNumber != "" && entity == ticket.EntityTicket {
			dto.TicketID = id
		}
		if r.Field != "" {
			dto.ValueText = displayValue(ctx, d, r.Entity, r.Field, r.Value)
		}
		out = append(out, dto)
	}
	return out, nil
}

// refusedParent is the ticket a refused child op (a comment, a file, a link) was for. The
// refused record was taken back on this desk, so only the op's value still names its ticket.
func refusedParent(entity string, value json.RawMessage) string {
	typ, ok := replica.Lookup(entity)
	if !ok || typ.Parent == "" {
		return ""
	}
	var doc map[string]json.RawMessage
	if json.Unmarshal(value, &doc) != nil {
		return ""
	}
	var id string
	_ = json.Unmarshal(doc[typ.Parent], &id)
	return id
}

// describeRecord names the record a conflict or rejection is about: the ticket's number and
// title (the parent ticket's for a comment or attachment).
func describeRecord(ctx context.Context, d *desk.Desk, actor people.Actor, entity, id string) (string, string) {
	if typ, ok := replica.Lookup(entity); ok && typ.Parent != "" {
		if doc, err := replica.ReadDoc(d.DB.WithContext(ctx), typ, id); err == nil && doc != nil {
			var parent string
			if json.Unmarshal(doc[typ.Parent], &parent) == nil && parent != "" {
				entity, id = ticket.EntityTicket, parent
			}
		}
	}
	if label, ok := configLabels[entity]; ok {
		// Configuration has no number: its kind and its name stand in for them.
		name := ""
		if typ, ok := replica.Lookup(entity); ok {
			if raw, found, err := replica.ReadField(d.DB.WithContext(ctx), typ, id, "name"); err == nil && found {
				name, _ = replica.JSONString(raw)
			}
		}
		return label, name
	}
	if entity != ticket.EntityTicket {
		return "", ""
	}
	t, err := d.Tickets.Get(ctx, actor, id)
	if err != nil {
		return "", ""
	}
	return t.Number, t.Title
}

// configLabels name the configuration kinds where a ticket would show its number.
var configLabels = map[string]string{sla.EntityPolicy: "SLA policy", sla.EntityCalendar: "SLA calendar", desk.EntitySettings: "Desk settings",
	canned.EntityReply: "Canned reply", canned.EntityTicket: "Ticket template"}

// displayValue shows a field's JSON value as a person reads it: text as is, user and group
// ids by name, nothing as "(empty)".
func displayValue(ctx context.Context, d *desk.Desk, entity, field string, raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return "(empty)"
	}
	var s string
	if json.Unmarshal(raw, &s) != nil {
		var b bool
		if json.Unmarshal(raw, &b) == nil {
			if b {
				return "yes"
			}
			return "no"
		}
		return string(raw)
	}
	if s == "" {
		return "(empty)"
	}
	if typ, ok := replica.Lookup(entity); ok {
		if f, ok := typ.Field(field); ok {
			switch f.Ref {
			case "user", "agent":
				if u, err := d.People.User(ctx, s); err == nil {
					return u.Name
				}
			case "group":
				if g, err := d.People.Groups(ctx); err == nil {
					for _, gr := range g {
						if gr.ID == s {
							return gr.Name
						}
					}
				}
			}
		}
	}
	return s
}

// editable says whether a conflict on field can be settled by typing a value: plain text,
// numbers and yes/no; references and state changes are settled by keeping one side.
func editable(entity, field string) bool {
	typ, ok := replica.Lookup(entity)
	if !ok || entity != ticket.EntityTicket {
		return false
	}
	f, ok := typ.Field(field)
	return ok && f.Ref == "" && (f.Kind == replica.LWW || f.Kind == replica.LongText)
}

// editedValue turns what the user typed into the field's JSON value.
func editedValue(entity, field, value string) (json.RawMessage, error) {
	if !editable(entity, field) {
		return nil, fault.Field("value", "This field is settled by keeping one of the two values")
	}
	typ, _ := replica.Lookup(entity)
	f, _ := typ.Field(field)
	switch f.Type {
	case replica.Int, replica.NullInt:
		n, err := strconv.ParseInt(strings.TrimSpace(value), 10, 64)
		if err != nil {
			return nil, fault.Field("value", "Enter a whole number")
		}
		return json.RawMessage(strconv.FormatInt(n, 10)), nil
	case replica.Bool:
		b, err := strconv.ParseBool(strings.TrimSpace(value))
		if err != nil {
			return nil, fault.Field("value", "Enter true or false")
		}
		return json.RawMessage(strconv.FormatBool(b)), nil
	}
	if strings.TrimSpace(value) == "" && field == "title" {
		return nil, fault.Field("value", "A title is required")
	}
	b, _ := json.Marshal(value)
	return b, nil
}
