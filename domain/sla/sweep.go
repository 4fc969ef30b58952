package sla

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/store"
	"outpost/domain/ticket"
)

// Sweeper fires the SLA levels whose time has come: it records each as an SLA event, runs the
// policy's escalation actions and writes notifications, all in one transaction per batch.
// Each level fires once: the sla_events key turns a repeat into a no-op, so overlapping ticks
// and restarts are safe, and levels missed while the desk was closed fire on the next tick,
// in order, stamped with the instant they were reached.
type Sweeper struct {
	SLA *Service
	// SystemID is the user escalation writes are made as (audit shows "Outpost").
	SystemID string
	// Batch is how many due levels one transaction takes (default 2000; a ticket's levels at
	// one instant are never split).
	Batch int
}

// Fired is one level that fired.
type Fired struct {
	TicketID string `json:"ticketId"`
	Number   string `json:"number"`
	Kind     string `json:"kind"`
	Percent  int    `json:"percent"`
	Target   string `json:"target"`
	At       int64  `json:"at"`
	Stage    string `json:"stage"`
}

// SweepResult says what a tick did.
type SweepResult struct {
	Fired    []Fired  `json:"fired"`
	Notified []string `json:"notified"` // users who got a notification
	Writes   int      `json:"writes"`   // escalation writes to tickets
}

// NewSweeper returns the sweeper of s, acting as the profile's system user.
func (s *Service) NewSweeper(ctx context.Context) (*Sweeper, error) {
	var id string
	if err := s.DB.WithContext(ctx).Raw(`SELECT value FROM settings WHERE key = 'system_user_id'`).Scan(&id).Error; err != nil {
		return nil, err
	}
	return &Sweeper{SLA: s, SystemID: id}, nil
}

type dueTicket struct {
	id, number, title, assignee, group, policyID string
	priority                                     int
}

// unpack reads the ticket's columns as the sweep's read packs them: number, assignee, group
// and policy (ids and numbers, which hold no control character) each ended by the unit
// separator, then the title, whole (it may hold anything). One text column where there were
// five: each column a row costs modernc three calls under the connection's mutex and a copy.
func (t *dueTicket) unpack(s string) {
	t.number, s, _ = strings.Cut(s, "\x1f")
	t.assignee, s, _ = strings.Cut(s, "\x1f")
	t.group, s, _ = strings.Cut(s, "\x1f")
	t.policyID, t.title, _ = strings.Cut(s, "\x1f")
}

type fire struct {
	t *dueTicket
	planned
}

// Tick fires every level due at or before now.
func (w *Sweeper) Tick(ctx context.Context, now time.Time) (*SweepResult, error) {
	batch := w.Batch
	if batch <= 0 {
		batch = 2000
	}
	res := &SweepResult{Fired: []Fired{}, Notified: []string{}}
	notified := map[string]bool{}
	for round := 0; round < 50; round++ {
		n := 0
		err := store.Tx(ctx, w.SLA.DB, func(tx *gorm.DB) error {
			var err error
			n, err = w.tick(ctx, tx, now, batch, res, notified)
			return err
		})
		if err != nil {
			return res, err
		}
		if n < batch {
			break
		}
	}
	return res, nil
}

// kindRank orders the levels of one instant as the clock computes them: response first.
func kindRank(kind string) int {
	if kind == Response {
		return 0
	}
	return 1
}

// tick fires up to batch due levels in one transaction and returns how many it took. The
// levels come from sla_schedule, clustered by due time: the range read here is deleted here,
// so the transaction writes a few pages of the schedule, the new events and notifications,
// and nothing per ticket (the shown stage follows from the events; see QueueSQL).
func (w *Sweeper) tick(ctx context.Context, tx *gorm.DB, now time.Time, batch int, res *SweepResult, notified map[string]bool) (int, error) {
	byID := map[string]*dueTicket{}
	var fires []fire
	var unread []*dueTicket // tickets the rowid hint did not find
	// Each level's ticket is read by the rowid its schedule row keeps (0044), checked against
	// the id (+t.id: not by the id index): one row look-up, where the join by id searched the
	// id index first (1000 due levels over 100k tickets, a fresh page cache: 4.9 ms of CPU to
	// read them by id, 3.9 ms by rowid). A level whose hint missed (0 when its writer had no
	// rowid, or rowids moved by a VACUUM) comes with no ticket (priority 0: tickets' priority
	// is 1 to 5) and is read by id below. The statements are kept (store.QueryEach): a tick
	// no longer parses them.
	load := func(where, limit string, args ...any) (int, error) {
		n := 0
		err := store.QueryEach(tx, `SELECT s.at, s.ticket_id, s.kind, s.level, s.target, s.stage, COALESCE(t.priority, 0),
			COALESCE(t.number || char(31) || COALESCE(t.assignee_id, '') || char(31) || COALESCE(t.group_id, '') || char(31) ||
				COALESCE(t.sla_policy_id, '') || char(31) || t.title, '')
			FROM sla_schedule s LEFT JOIN tickets t ON t.rowid = s.ticket_rowid AND +t.id = s.ticket_id
			WHERE `+where+` ORDER BY s.at, s.ticket_id, s.kind, s.level, s.target`+limit, args, func(rows *sql.Rows) error {
			var f fire
			var level, priority int64 // database/sql scans an int64 into an int by formatting and parsing it
			var packed string
			t := &dueTicket{}
			if err := rows.Scan(&f.At, &t.id, &f.Kind, &level, &f.Target, &f.Stage, &priority, &packed); err != nil {
				return err
			}
			t.unpack(packed)
			f.Percent, t.priority = int(level), int(priority)
			n++
			if seen := byID[t.id]; seen != nil {
				t = seen
			} else {
				byID[t.id] = t
				if t.priority == 0 {
					unread = append(unread, t)
				}
			}
			f.t = t
			fires = append(fires, f)
			return nil
		})
		return n, err
	}
	read, err := load(`s.at <= ?`, ` LIMIT ?`, now.UnixMilli(), batch)
	if err != nil {
		return 0, err
	}
	// Drop what was read (and any orphans before it) before the escalation writes, whose
	// hook may schedule new levels, even past ones, for the next tick.
	if read < batch {
		err = store.Exec(tx, `DELETE FROM sla_schedule WHERE at <= ?`, now.UnixMilli())
	} else {
		// A full batch takes the rest of its last ticket's levels at that instant too, so
		// they fire in the clock's order below, not split across transactions.
		l := fires[len(fires)-1]
		if _, err := load(`s.at = ? AND s.ticket_id = ? AND (s.kind, s.level, s.target) > (?, ?, ?)`, ``,
			l.At, l.t.id, l.Kind, l.Percent, l.Target); err != nil {
			return 0, err
		}
		err = store.Exec(tx, `DELETE FROM sla_schedule WHERE (at, ticket_id) <= (?, ?)`, l.At, l.t.id)
	}
	if err != nil {
		return 0, fmt.Errorf("clear SLA schedule: %w", err)
	}
	if len(unread) > 0 {
		if fires, err = readByID(tx, fires, unread); err != nil {
			return 0, err
		}
	}
	if len(fires) == 0 {
		return read, nil
	}
	// The schedule's order is the due time, then ticket; within one ticket and instant, fire
	// in the clock's order (response before resolution, lower levels first).
	for i := 0; i < len(fires); {
		j := i + 1
		for j < len(fires) && fires[j].At == fires[i].At && fires[j].t == fires[i].t {
			j++
		}
		if j-i > 1 {
			group := fires[i:j]
			sort.SliceStable(group, func(a, b int) bool {
				if ka, kb := kindRank(group[a].Kind), kindRank(group[b].Kind); ka != kb {
					return ka < kb
				}
				return group[a].Percent < group[b].Percent
			})
		}
		i = j
	}
	fresh, err := w.record(ctx, tx, fires, now)
	if err != nil {
		return 0, err
	}
	n := &notifier{tx: tx, systemID: w.SystemID, now: now, members: map[string][]string{}, rows: make([]Notification, 0, len(fires))}
	res.Fired = slices.Grow(res.Fired, len(fires))
	var writes []func(svc *ticket.Service, sys people.Actor) error
	policies := map[string]*Policy{}
	for i, f := range fires {
		if !fresh[i] {
			continue
		}
		res.Fired = append(res.Fired, Fired{TicketID: f.t.id, Number: f.t.number, Kind: f.Kind, Percent: f.Percent, Target: f.Target, At: f.At, Stage: f.Stage})
		p, ok := policies[f.t.policyID]
		if !ok {
			p = w.SLA.policy(f.t.policyID)
			policies[f.t.policyID] = p
		}
		if p == nil {
			continue
		}
		n.from = len(n.rows)
		for _, e := range p.Escalations {
			if e.Percent != f.Percent || (e.Kind != "" && e.Kind != f.Kind) {
				continue
			}
			for i, a := range e.Actions {
				if wr := n.act(f, a); wr != nil {
					writes = append(writes, caused(wr, Cause(f.t.id, f.Kind, f.Target, f.Percent, i)))
				}
			}
		}
	}
	if err := n.flush(ctx); err != nil {
		return 0, err
	}
	for _, u := range n.users {
		if !notified[u] {
			notified[u] = true
			res.Notified = append(res.Notified, u)
		}
	}
	if len(writes) > 0 {
		// The writes go through the ticket service bound to this transaction (GORM nests it as
		// a savepoint), so the event, its notifications and its escalation commit together;
		// the SLA hook then recomputes those tickets.
		svc := *w.SLA.Tickets
		svc.DB = tx
		svc.Now = func() time.Time { return now }
		sys := people.Actor{ID: w.SystemID, Role: people.Admin}
		for _, wr := range writes {
			if err := wr(&svc, sys); err != nil {
				return 0, err
			}
			res.Writes++
		}
	}
	return read, nil
}

// readByID reads by id the tickets whose schedule rows' rowid hint missed and returns fires
// without the levels of tickets that are gone (the schedule has no foreign key; the range
// delete has dropped their rows).
func readByID(tx *gorm.DB, fires []fire, unread []*dueTicket) ([]fire, error) {
	byID := make(map[string]*dueTicket, len(unread))
	ids := make([]string, len(unread))
	for i, t := range unread {
		byID[t.id] = t
		ids[i] = t.id
	}
	for i := 0; i < len(ids); i += store.MaxValues {
		marks, args := store.InList(ids[i:min(i+store.MaxValues, len(ids))])
		err := store.QueryEach(tx, `SELECT id, priority, number, title, COALESCE(assignee_id, ''), COALESCE(group_id, ''),
			COALESCE(sla_policy_id, '') FROM tickets WHERE id IN (`+marks+`)`, args, func(rows *sql.Rows) error {
			var id string
			var r dueTicket
			if err := rows.Scan(&id, &r.priority, &r.number, &r.title, &r.assignee, &r.group, &r.policyID); err != nil {
				return err
			}
			if t := byID[id]; t != nil {
				r.id = id
				*t = r
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	kept := fires[:0]
	for _, f := range fires {
		if f.t.priority != 0 {
			kept = append(kept, f)
		}
	}
	return kept, nil
}

// chunk is how many events one multi-row INSERT carries (9 values each); the transaction
// keeps the statement (store.Exec), so a tick parses it once or twice.
const chunk = store.MaxValues / 9

// values returns "(?,?,?),(?,?,?)" for rows rows of width placeholders.
func values(rows, width int) string {
	one := "(" + strings.Repeat("?,", width-1) + "?)"
	return strings.Repeat(one+",", rows-1) + one
}

// record inserts the SLA events and says, per fire, whether it was new: the key (ticket,
// kind, level, target) turns a repeat into a no-op, so a level fires once.
func (w *Sweeper) record(ctx context.Context, tx *gorm.DB, fires []fire, now time.Time) ([]bool, error) {
	conn := tx.Statement.ConnPool
	fresh := make([]bool, len(fires))
	firedAt := any(now.UnixMilli()) // boxed once, not once a row
	for i := 0; i < len(fires); i += chunk {
		part := fires[i:min(i+chunk, len(fires))]
		ids := make([]any, len(part))
		args := make([]any, 0, len(part)*9)
		for j, f := range part {
			ids[j] = uuid.Must(uuid.NewV7()).String()
			args = append(args, ids[j], f.t.id, f.Kind, f.Percent, f.Target, f.At, firedAt, f.t.priority, f.Stage)
		}
		res, err := store.ExecResult(tx, `INSERT INTO sla_events(id, ticket_id, kind, level, target, at, fired_at, priority, stage)
			VALUES `+values(len(part), 9)+` ON CONFLICT(ticket_id, kind, level, target) DO NOTHING`, args...)
		if err != nil {
			return nil, fmt.Errorf("record SLA events: %w", err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return nil, err
		} else if int(n) == len(part) {
			for j := range part {
				fresh[i+j] = true
			}
			continue
		}
		// Some had fired already (the schedule held a fired level): the new rows are the
		// ones with this tick's ids.
		rows, err := conn.QueryContext(ctx, `SELECT id FROM sla_events WHERE id IN (`+strings.TrimSuffix(strings.Repeat("?,", len(ids)), ",")+`)`, ids...)
		if err != nil {
			return nil, err
		}
		got := map[string]bool{}
		for rows.Next() {
			var id string
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return nil, err
			}
			got[id] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
		for j := range part {
			fresh[i+j] = got[ids[j].(string)]
		}
	}
	return fresh, nil
}

// notifier collects the notifications of one tick and writes them in a few statements.
type notifier struct {
	tx       *gorm.DB
	systemID string
	now      time.Time
	members  map[string][]string
	from     int // rows[from:] are the notifications of the level being acted on
	managers []string
	loaded   bool
	rows     []Notification
	users    []string
	err      error
}

func (n *notifier) groupMembers(group string) []string {
	if group == "" {
		return nil
	}
	if m, ok := n.members[group]; ok {
		return m
	}
	var ids []string
	n.setErr(n.tx.Raw(`SELECT u.id FROM group_members gm JOIN users u ON u.id = gm.user_id
		WHERE gm.group_id = ? AND gm.active = 1 AND u.active = 1 AND u.role <> 'requester' AND u.id <> ? ORDER BY u.id`, group, n.systemID).Scan(&ids).Error)
	n.members[group] = ids
	return ids
}

func (n *notifier) managerIDs() []string {
	if !n.loaded {
		n.loaded = true
		n.setErr(n.tx.Raw(`SELECT id FROM users WHERE active = 1 AND role IN ('manager', 'admin') AND id <> ? ORDER BY id`, n.systemID).Scan(&n.managers).Error)
	}
	return n.managers
}

func (n *notifier) setErr(err error) {
	if err != nil && n.err == nil {
		n.err = err
	}
}

func describe(f fire) (kind, msg string) {
	switch {
	case f.Percent < 100:
		kind, msg = "sla_warning", fmt.Sprintf("%s reached %d%% of its %s target (%s): %s", f.t.number, f.Percent, f.Kind, f.Target, f.t.title)
	case f.Percent == 100:
		kind, msg = "sla_breach", fmt.Sprintf("%s breached its %s target (%s): %s", f.t.number, f.Kind, f.Target, f.t.title)
	default:
		kind, msg = "sla_escalation", fmt.Sprintf("%s is at %d%% of its %s target (%s): %s", f.t.number, f.Percent, f.Kind, f.Target, f.t.title)
	}
	return kind, msg
}

// act performs a notify action now, or returns a ticket write to run after the batch.
func (n *notifier) act(f fire, a Action) func(*ticket.Service, people.Actor) error {
	var to []string
	switch a.Kind {
	case NotifyAssignee:
		if f.t.assignee != "" {
			to = []string{f.t.assignee}
		} else {
			to = n.groupMembers(f.t.group)
		}
	case NotifyGroup:
		to = n.groupMembers(f.t.group)
	case NotifyManagers:
		to = n.managerIDs()
	case Reassign:
		group := a.GroupID
		if group == f.t.group {
			return nil
		}
		f.t.group, f.t.assignee = group, ""
		return func(svc *ticket.Service, sys people.Actor) error {
			_, err := svc.Update(context.Background(), sys, f.t.id, ticket.Patch{GroupID: &group})
			return ignoreGone(err)
		}
	case RaisePriority:
		if f.t.priority <= 1 {
			return nil
		}
		f.t.priority--
		p, reason := f.t.priority, fmt.Sprintf("SLA escalation: %s at %d%% of %s", f.Kind, f.Percent, f.Target)
		return func(svc *ticket.Service, sys people.Actor) error {
			_, err := svc.Update(context.Background(), sys, f.t.id, ticket.Patch{Priority: &p, PriorityReason: &reason})
			return ignoreGone(err)
		}
	case WorkNote:
		_, msg := describe(f)
		note := strings.TrimSpace(a.Note)
		if note == "" {
			note = "SLA: " + msg + " (reached " + time.UnixMilli(f.At).UTC().Format("2006-01-02 15:04 UTC") + ")"
		}
		return func(svc *ticket.Service, sys people.Actor) error {
			_, err := svc.AddComment(context.Background(), sys, f.t.id, ticket.KindNote, note, 0)
			return ignoreGone(err)
		}
	}
	if len(to) == 0 {
		return nil
	}
	kind, msg := describe(f)
next:
	for _, u := range to {
		// A user that several actions of the level name is notified once. A level acts once
		// a tick (sla_events' key), so only its own rows need a look: a map of every row sent
		// was 5 % of the bytes a 1000-level tick allocated.
		for _, r := range n.rows[n.from:] {
			if r.UserID == u {
				continue next
			}
		}
		n.rows = append(n.rows, Notification{ID: uuid.Must(uuid.NewV7()).String(), UserID: u, TicketID: f.t.id, Kind: kind, Message: msg, CreatedAt: n.now.UnixMilli()})
	}
	return nil
}

// ignoreGone lets an escalation on a ticket that cannot take it (closed meanwhile, a priority
// that needs no change) pass: the level has fired and is recorded either way.
func ignoreGone(err error) error {
	var v *fault.Validation
	if errors.Is(err, fault.ErrInvalidTransition) || errors.As(err, &v) {
		return nil
	}
	return err
}

func (n *notifier) flush(ctx context.Context) error {
	if n.err != nil {
		return n.err
	}
	seen := map[string]bool{}
	created := any(n.now.UnixMilli())
	const chunk = store.MaxValues / 6 // 6 values a row; see chunk above
	for i := 0; i < len(n.rows); i += chunk {
		part := n.rows[i:min(i+chunk, len(n.rows))]
		args := make([]any, 0, len(part)*6)
		for _, r := range part {
			args = append(args, r.ID, r.UserID, r.TicketID, r.Kind, r.Message, created)
			if !seen[r.UserID] {
				seen[r.UserID] = true
				n.users = append(n.users, r.UserID)
			}
		}
		if err := store.Exec(n.tx, `INSERT INTO notifications(id, user_id, ticket_id, kind, message, created_at)
			VALUES `+values(len(part), 6), args...); err != nil {
			return fmt.Errorf("write notifications: %w", err)
		}
	}
	return nil
}
