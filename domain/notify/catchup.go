package notify

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/replica"
	"outpost/domain/store"
	"outpost/domain/ticket"
)

// The rules read the change log from a cursor (notify_state): every change this desk writes or
// pulls gets a row there, in the transaction that makes it, and a ticket write hook runs the
// rules over the rows past the cursor in that same transaction (a local write and a pulled
// page alike, see Hook). So a change is judged once, when it lands: a re-pulled change is
// already in the log (its id is unique) and adds no row, and a notification is keyed by
// (person, change, type) besides, so nothing is told twice.

type quietKey struct{}

// Quiet marks ctx so that the writes made with it notify nobody (loading demo data: its
// history is not news). The cursor still moves past them.
func Quiet(ctx context.Context) context.Context { return context.WithValue(ctx, quietKey{}, true) }

// Hook is the ticket write hook that runs the rules over the changes a write or a pulled page
// added to the log, in its transaction.
func Hook(deviceID string) ticket.Hook {
	return func(tx *gorm.DB, _ []string, now time.Time) error {
		_, err := Catchup(tx, deviceID, now)
		return err
	}
}

// SetEpoch makes changes pulled from other devices news only from at on (a desk joining a
// server pulls the team's history: none of it notifies).
func SetEpoch(tx *gorm.DB, at time.Time) error {
	return tx.Exec(`UPDATE notify_state SET value = ? WHERE key = 'epoch'`, at.UnixMilli()).Error
}

// Skip moves the cursor past every change in the log without judging them (after a bulk
// load of demo or benchmark data written straight into the tables).
func Skip(ctx context.Context, db *gorm.DB) error {
	return db.WithContext(ctx).Exec(`UPDATE notify_state SET value = (SELECT COALESCE(MAX(seq), 0) FROM changes) WHERE key = 'cursor'`).Error
}

type logRow struct {
	Seq      int64
	ID       string
	Entity   string
	RecordID string
	Op       string
	Field    string
	Value    string
	HLC      int64
	DeviceID string
	AuthorID string
}

// Catchup judges the changes past the cursor and writes their notifications; it returns the
// people it notified. It runs inside the caller's transaction.
func Catchup(tx *gorm.DB, deviceID string, now time.Time) ([]string, error) {
	// On the path of every ticket write: one statement, kept for the transaction's connection
	// (store.QueryEach), no reflection, when nothing was logged since the last run.
	ctx := tx.Statement.Context
	if ctx == nil {
		ctx = context.Background()
	}
	var cursor, epoch, last int64
	if err := store.QueryEach(tx, `SELECT
		(SELECT value FROM notify_state WHERE key = 'cursor'), (SELECT value FROM notify_state WHERE key = 'epoch'),
		(SELECT COALESCE(MAX(seq), 0) FROM changes)`, nil, func(r *sql.Rows) error {
		return r.Scan(&cursor, &epoch, &last)
	}); err != nil {
		return nil, fmt.Errorf("read notify state: %w", err)
	}
	if last <= cursor {
		return nil, nil
	}
	if _, err := tx.Statement.ConnPool.ExecContext(ctx, `UPDATE notify_state SET value = ? WHERE key = 'cursor'`, last); err != nil {
		return nil, err
	}
	if ctx.Value(quietKey{}) != nil {
		return nil, nil
	}
	rows, err := readLog(ctx, tx, cursor, last, deviceID, epoch)
	if err != nil {
		return nil, err
	}
	j := &judge{tx: tx}
	var events []event
	for _, r := range rows {
		ch := Change{ID: r.ID, Entity: r.Entity, RecordID: r.RecordID, Op: r.Op, Field: r.Field, Value: json.RawMessage(r.Value), AuthorID: r.AuthorID}
		tid := r.RecordID
		if r.Entity == ticket.EntityComment {
			var c struct {
				TicketID string `json:"ticketId"`
			}
			_ = json.Unmarshal(ch.Value, &c)
			tid = c.TicketID
		}
		if tid != "" {
			events = append(events, event{seq: r.Seq, ch: ch, ticketID: tid, device: r.DeviceID})
		}
	}
	if len(events) == 0 {
		return nil, nil
	}
	// Most changes concern nobody (an edit of a ticket nobody follows): keep the ones that
	// may, before reading the directory.
	if err := j.loadFollowers(events); err != nil {
		return nil, err
	}
	if j.joined, err = replica.State(tx, replica.KeyUserID); err != nil {
		return nil, err
	}
	kept := events[:0]
	for _, ev := range events {
		if len(j.followers[ev.ticketID]) > 0 || (mayConcern(ev.ch) && !elsewhere(ev.ch, j.joined)) {
			kept = append(kept, ev)
		}
	}
	if events = kept; len(events) == 0 {
		return nil, nil
	}
	if err := j.load(events); err != nil {
		return nil, err
	}
	if len(j.local) == 0 {
		return nil, nil
	}
	type row struct {
		id, user, ticket, kind, msg, change, actor string
	}
	var out []row
	told := map[string]bool{} // user -> notified (for the answer)
	// A write of several fields is several set ops in a row: it tells a follower once.
	followed := map[string]bool{}
	var run, prev string
	for _, ev := range events {
		if k := ev.ticketID + "/" + ev.ch.AuthorID + "/" + ev.device; ev.ch.Op != "set" || k != prev {
			run, prev = ev.ch.ID, k
		}
		t := j.tickets[ev.ticketID]
		if t == nil {
			continue
		}
		f := j.facts(t.ID)
		if ev.ch.Entity == ticket.EntityTicket && ev.ch.Op == "transition" && reopens(ev.ch.Value) {
			r, err := j.resolver(t.ID, ev.seq)
			if err != nil {
				return nil, err
			}
			f.Resolver = r
		}
		for _, n := range Derive(ev.ch, t, f) {
			if n.Type == Followed {
				key := n.UserID + "/" + run
				if followed[key] {
					continue
				}
				followed[key] = true
			}
			author := ""
			if p, ok := j.people[ev.ch.AuthorID]; ok {
				author = p.Name
			}
			out = append(out, row{uuid.Must(uuid.NewV7()).String(), n.UserID, t.ID, string(n.Type), Message(n.Type, t, author), ev.ch.ID, ev.ch.AuthorID})
			told[n.UserID] = true
		}
	}
	const per = store.MaxValues / 8
	at := now.UnixMilli()
	for i := 0; i < len(out); i += per {
		part := out[i:min(i+per, len(out))]
		marks := make([]string, len(part))
		args := make([]any, 0, len(part)*8)
		for k, r := range part {
			marks[k] = "(?, ?, ?, ?, ?, ?, ?, ?)"
			args = append(args, r.id, r.user, r.ticket, r.kind, r.msg, at, r.change, r.actor)
		}
		if err := store.Exec(tx, `INSERT INTO notifications(id, user_id, ticket_id, kind, message, created_at, change_id, actor_id)
			VALUES `+strings.Join(marks, ", ")+` ON CONFLICT(user_id, change_id, kind) WHERE change_id IS NOT NULL DO NOTHING`, args...); err != nil {
			return nil, fmt.Errorf("write notifications: %w", err)
		}
	}
	users := make([]string, 0, len(told))
	for u := range told {
		users = append(users, u)
	}
	return users, nil
}

type event struct {
	seq      int64
	ch       Change
	ticketID string
	device   string
}

// judge loads, in a few queries per batch, what the rules read.
type judge struct {
	tx        *gorm.DB
	joined    string // the desk's one person when it is joined to a server
	tickets   map[string]*Ticket
	local     map[string]bool
	people    map[string]Person
	members   map[string][]string
	followers map[string][]string
	off       map[string]map[Type]bool
}

func (j *judge) facts(ticketID string) Facts {
	return Facts{Local: j.local, People: j.people, Members: j.members, Followers: j.followers,
		Off: func(u string, t Type) bool { return j.off[u][t] }}
}

func (j *judge) load(events []event) error {
	ids := make([]string, 0, len(events))
	seen := map[string]bool{}
	for _, ev := range events {
		if !seen[ev.ticketID] {
			seen[ev.ticketID] = true
			ids = append(ids, ev.ticketID)
		}
	}
	// Plain statements kept for the transaction (store.QueryEach), no GORM scan: the rules run
	// in every ticket write, where reading these few rows through GORM's reflection and a
	// fresh prepare each was a sixth of a create's CPU.
	j.tickets = map[string]*Ticket{}
	for start := 0; start < len(ids); start += store.MaxValues {
		marks, args := store.InList(ids[start:min(start+store.MaxValues, len(ids))])
		err := store.QueryEach(j.tx, `SELECT id, number, title, requester_id, created_by, state, COALESCE(assignee_id, ''), COALESCE(group_id, '')
			FROM tickets WHERE id IN (`+marks+`)`, args, func(r *sql.Rows) error {
			x := &Ticket{}
			if err := r.Scan(&x.ID, &x.Number, &x.Title, &x.RequesterID, &x.CreatedBy, &x.State, &x.AssigneeID, &x.GroupID); err != nil {
				return err
			}
			j.tickets[x.ID] = x
			return nil
		})
		if err != nil {
			return fmt.Errorf("read tickets: %w", err)
		}
	}
	var system string
	err := store.QueryEach(j.tx, `SELECT value FROM settings WHERE key = 'system_user_id'`, nil, func(r *sql.Rows) error {
		return r.Scan(&system)
	})
	if err != nil {
		return err
	}
	j.people = map[string]Person{}
	err = store.QueryEach(j.tx, `SELECT id, name, email, role, active FROM users`, nil, func(r *sql.Rows) error {
		var p Person
		if err := r.Scan(&p.ID, &p.Name, &p.Email, &p.Role, &p.Active); err != nil {
			return err
		}
		if p.ID != system {
			j.people[p.ID] = p
		}
		return nil
	})
	if err != nil {
		return err
	}
	if err := j.loadLocal(); err != nil {
		return err
	}
	j.members = map[string][]string{}
	err = store.QueryEach(j.tx, `SELECT gm.group_id, gm.user_id FROM group_members gm JOIN users u ON u.id = gm.user_id
		WHERE gm.active = 1 AND u.active = 1 AND u.role <> 'requester' ORDER BY gm.group_id, gm.user_id`, nil, func(r *sql.Rows) error {
		var g, u string
		if err := r.Scan(&g, &u); err != nil {
			return err
		}
		j.members[g] = append(j.members[g], u)
		return nil
	})
	if err != nil {
		return err
	}
	j.off = map[string]map[Type]bool{}
	took := map[string]bool{}
	err = store.QueryEach(j.tx, `SELECT user_id, assigned, group_new, reply, mention, followed, reopened FROM notify_prefs ORDER BY user_id, id`, nil, func(r *sql.Rows) error {
		var u string
		var on [6]bool
		if err := r.Scan(&u, &on[0], &on[1], &on[2], &on[3], &on[4], &on[5]); err != nil {
			return err
		}
		if took[u] || !j.local[u] {
			return nil // the record with the smallest id is the person's (readPrefs)
		}
		took[u] = true
		for i, t := range []Type{Assigned, Group, Reply, Mention, Followed, Reopened} {
			if !on[i] {
				if j.off[u] == nil {
					j.off[u] = map[Type]bool{}
				}
				j.off[u][t] = true
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("read notification switches: %w", err)
	}
	return nil
}

// loadFollowers reads who follows the events' tickets.
func (j *judge) loadFollowers(events []event) error {
	ids := make([]string, 0, len(events))
	seen := map[string]bool{}
	for _, ev := range events {
		if !seen[ev.ticketID] {
			seen[ev.ticketID] = true
			ids = append(ids, ev.ticketID)
		}
	}
	j.followers = map[string][]string{}
	for start := 0; start < len(ids); start += store.MaxValues {
		marks, args := store.InList(ids[start:min(start+store.MaxValues, len(ids))])
		err := store.QueryEach(j.tx, `SELECT DISTINCT ticket_id, user_id FROM ticket_follows WHERE following = 1 AND ticket_id IN (`+marks+`)
			ORDER BY ticket_id, user_id`, args, func(r *sql.Rows) error {
			var t, u string
			if err := r.Scan(&t, &u); err != nil {
				return err
			}
			j.followers[t] = append(j.followers[t], u)
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// loadLocal finds the people who use this desk: on a desk joined to a server, its one server
// user; otherwise every active person of the profile (a shared office desk), but the system.
func (j *judge) loadLocal() error {
	j.local = map[string]bool{}
	if j.joined != "" {
		j.local[j.joined] = true
		return nil
	}
	for id, p := range j.people {
		if p.Active {
			j.local[id] = true
		}
	}
	return nil
}

// resolver is who made the last resolution of a ticket before the change at seq.
func (j *judge) resolver(ticketID string, seq int64) (string, error) {
	var by []string
	err := j.tx.Raw(`SELECT author_id FROM changes WHERE entity = ? AND record_id = ? AND op = 'transition' AND seq < ?
		AND json_extract(value, '$.to') = 'resolved' ORDER BY seq DESC LIMIT 1`, ticket.EntityTicket, ticketID, seq).Scan(&by).Error
	if err != nil || len(by) == 0 {
		return "", err
	}
	return by[0], nil
}

// reopens reports whether a transition's value moves a ticket out of Resolved.
func reopens(value json.RawMessage) bool {
	var m ticket.TransitionValue
	return json.Unmarshal(value, &m) == nil && m.From == ticket.Resolved
}

// mayConcern reports whether a change may notify someone besides the ticket's followers (a
// cheap look at the op, before the rules read the directory).
func mayConcern(ch Change) bool {
	switch {
	case ch.Entity == ticket.EntityComment:
		return true // a requester's reply, or a mention
	case ch.Op == "create":
		return strings.Contains(string(ch.Value), `"assigneeId":"`) || strings.Contains(string(ch.Value), `"groupId":"`)
	case ch.Op == "set":
		return ch.Field == "assigneeId" || ch.Field == "groupId"
	case ch.Op == "transition":
		return reopens(ch.Value)
	}
	return false
}

// readLog reads the ticket and comment changes in (after, upto] that Catchup may keep.
//
// Left out in the query, not read and dropped: changes other devices made before epoch (the
// team's history a joining desk pulls), and ticket changes that can concern only followers
// (mayConcern is false) of a ticket nobody follows. A pulled page is mostly field edits of
// tickets nobody here follows, and reading their values back was most of this hook's time
// in the pull's CPU profile. The test is mayConcern's, in SQL, but for moves (every one is
// read: whether it reopens is decided on the value).
func readLog(ctx context.Context, tx *gorm.DB, after, upto int64, deviceID string, epoch int64) ([]logRow, error) {
	rs, err := tx.Statement.ConnPool.QueryContext(ctx, `SELECT seq, id, entity, record_id, op, field, value, hlc, device_id, author_id
		FROM changes WHERE seq > ? AND seq <= ? AND entity IN (?, ?) AND (device_id = ? OR hlc >= ?)
		AND (entity = ? OR op = 'transition' OR (op = 'set' AND field IN ('assigneeId', 'groupId'))
		  OR (op = 'create' AND (instr(value, '"assigneeId":"') > 0 OR instr(value, '"groupId":"') > 0))
		  OR record_id IN (SELECT ticket_id FROM ticket_follows WHERE following = 1))
		ORDER BY seq`,
		after, upto, ticket.EntityTicket, ticket.EntityComment, deviceID, epoch<<16, ticket.EntityComment)
	if err != nil {
		return nil, fmt.Errorf("read changes: %w", err)
	}
	defer rs.Close()
	var out []logRow
	for rs.Next() {
		var r logRow
		if err := rs.Scan(&r.Seq, &r.ID, &r.Entity, &r.RecordID, &r.Op, &r.Field, &r.Value, &r.HLC, &r.DeviceID, &r.AuthorID); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rs.Err()
}

// elsewhere reports whether a change assigns a ticket to someone other than the joined desk's
// person (who alone is told anything there), so it concerns nobody here but followers.
func elsewhere(ch Change, joined string) bool {
	if joined == "" || ch.Entity != ticket.EntityTicket {
		return false
	}
	switch {
	case ch.Op == "set" && ch.Field == "assigneeId":
		return !strings.Contains(string(ch.Value), joined)
	case ch.Op == "create":
		return !strings.Contains(string(ch.Value), `"groupId":"`) && !strings.Contains(string(ch.Value), joined)
	}
	return false
}
