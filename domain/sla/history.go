package sla

import (
	"database/sql"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"outpost/domain/store"
	"outpost/domain/ticket"
)

// record is a ticket with what matching a policy and computing its clock need.
type record struct {
	rowid                    int64
	ID, Number, Title, Type  string
	Category, Service        string
	GroupID, AssigneeID      string
	Priority                 int
	State                    ticket.State
	CreatedAt                int64
	PolicyID                 string // the policy it had at its last computation
	Plan                     string // the levels left to fire at its last computation (JSON)
	history                  History
	firstPriorityFromHistory bool
}

func (r *record) subject() Subject {
	return Subject{Type: r.Type, Priority: r.Priority, Category: r.Category, Service: r.Service, GroupID: r.GroupID}
}

// loadRecords reads the tickets selected by where (over tickets t) with their SLA history:
// state, hold reason and priority changes from the audit trail, and the first public reply by
// staff. Three queries, however many tickets.
func loadRecords(db *gorm.DB, where string, args ...any) ([]*record, error) {
	return loadRecordsBy(db, "t.created_at, t.id", where, args...)
}

// loadRecordsBy is loadRecords with the tickets in the given order. A recompute of every open
// ticket reads them in rowid order: a plain scan of the table, where the created_at order
// read the tickets_created index and looked up each row from it, then sorted ties in a temporary
// b-tree; and its writes then visit the table's pages in order.
func loadRecordsBy(db *gorm.DB, order, where string, args ...any) ([]*record, error) {
	return readRecords(db, order, where, false, args...)
}

// loadOpenRecords reads every ticket that can hold SLA state (open, or with levels still
// planned), in rowid order, for a recompute of all of them. Their histories are read without
// naming the tickets: a CPU profile of a 100k-ticket recompute had the two history queries
// search the audit and comment indexes once per ticket (100k searches each, from a list of
// the tickets' ids) where nearly every ticket is wanted; scanning the history lines of the
// three fields and the staff replies once, and skipping those of tickets not read, gives the
// same histories (lines still come per ticket in (at, written) order).
func loadOpenRecords(db *gorm.DB) ([]*record, error) {
	return readRecords(db, "t.rowid", openWhere, true)
}

// readRecords is loadRecordsBy; with allHistory the histories are read for every ticket and
// kept for the tickets selected.
func readRecords(db *gorm.DB, order, where string, allHistory bool, args ...any) ([]*record, error) {
	rows, err := db.Raw(`SELECT t.rowid, t.id, t.number, t.title, t.type, t.category, `+ticket.ServiceName+`, COALESCE(t.group_id, ''),
		COALESCE(t.assignee_id, ''), t.priority, t.state, t.created_at, COALESCE(t.sla_policy_id, ''), t.sla_plan
		FROM tickets t WHERE `+where+` ORDER BY `+order, args...).Rows()
	if err != nil {
		return nil, err
	}
	var out []*record
	byID := map[string]*record{}
	for rows.Next() {
		r := &record{}
		if err := rows.Scan(&r.rowid, &r.ID, &r.Number, &r.Title, &r.Type, &r.Category, &r.Service, &r.GroupID, &r.AssigneeID,
			&r.Priority, &r.State, &r.CreatedAt, &r.PolicyID, &r.Plan); err != nil {
			rows.Close()
			return nil, err
		}
		r.history = History{Created: time.UnixMilli(r.CreatedAt).UTC(), Priority: r.Priority}
		out = append(out, r)
		byID[r.ID] = r
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	sub := `SELECT t.id FROM tickets t WHERE ` + where
	auditOf, replyOf := ` AND a.ticket_id IN (`+sub+`)`, ` AND c.ticket_id IN (`+sub+`)`
	if allHistory {
		auditOf, replyOf, args = "", "", nil
	}
	rows, err = db.Raw(`SELECT a.ticket_id, a.at, a.field, a.old_value, a.new_value FROM audit_trail a
		WHERE a.field IN ('state', 'holdReason', 'priority')`+auditOf+`
		ORDER BY a.ticket_id, a.at, a.seq`, args...).Rows()
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, field, old, new string
		var at int64
		if err := rows.Scan(&id, &at, &field, &old, &new); err != nil {
			rows.Close()
			return nil, err
		}
		if r := byID[id]; r != nil {
			r.addAudit(at, field, old, new)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = db.Raw(`SELECT c.ticket_id, MIN(c.created_at) FROM comments c JOIN users u ON u.id = c.author_id
		WHERE c.kind = 'reply' AND u.role <> 'requester'`+replyOf+` GROUP BY c.ticket_id`, args...).Rows()
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id string
		var at int64
		if err := rows.Scan(&id, &at); err != nil {
			rows.Close()
			return nil, err
		}
		if r := byID[id]; r != nil {
			r.history.Changes = append(r.history.Changes, Change{At: time.UnixMilli(at).UTC(), Responded: true})
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	for _, r := range out {
		r.sortHistory()
	}
	return out, nil
}

// streamOpenRecords reads what loadOpenRecords reads (but a ticket's number, title,
// assignee, stored policy and plan), with the histories read first and the
// tickets after, and hands them to fn a chunk of size at a time as the scan of tickets goes:
// the scan is most of the read (0.8 s of 1.0 s for 100k tickets, by CPU profile), and a
// recompute writes the first chunks' state while the rest are read (Service.recomputeAll).
// It returns how many tickets it read.
func streamOpenRecords(db *gorm.DB, size int, fn func([]*record) error) (int, error) {
	type line struct {
		at               int64
		field, old, new_ string
	}
	lines := map[string][]line{}
	rows, err := db.Raw(`SELECT a.ticket_id, a.at, a.field, a.old_value, a.new_value FROM audit_trail a
		WHERE a.field IN ('state', 'holdReason', 'priority') ORDER BY a.ticket_id, a.at, a.seq`).Rows()
	if err := store.EachRow(rows, err, func(rows *sql.Rows) error {
		var id string
		var l line
		if err := rows.Scan(&id, &l.at, &l.field, &l.old, &l.new_); err != nil {
			return err
		}
		lines[id] = append(lines[id], l)
		return nil
	}); err != nil {
		return 0, err
	}
	replied := map[string]int64{}
	rows, err = db.Raw(`SELECT c.ticket_id, MIN(c.created_at) FROM comments c JOIN users u ON u.id = c.author_id
		WHERE c.kind = 'reply' AND u.role <> 'requester' GROUP BY c.ticket_id`).Rows()
	if err := store.EachRow(rows, err, func(rows *sql.Rows) error {
		var id string
		var at int64
		if err := rows.Scan(&id, &at); err != nil {
			return err
		}
		replied[id] = at
		return nil
	}); err != nil {
		return 0, err
	}
	// Only what matching a policy and the clock need (no number, title or assignee), and the
	// service's name from a map (ticket.ServiceName is a search of services for every row).
	services := map[string]string{}
	rows, err = db.Raw(`SELECT id, name FROM services`).Rows()
	if err := store.EachRow(rows, err, func(rows *sql.Rows) error {
		var id, name string
		if err := rows.Scan(&id, &name); err != nil {
			return err
		}
		services[id] = name
		return nil
	}); err != nil {
		return 0, err
	}
	// Nor the ticket's stored policy and plan: the recompute empties the schedule whole, so the
	// old plan names no rows to delete (Service.recomputeAll), and the plan's JSON was a third
	// of the bytes the scan copied out of each row.
	// The texts come as one column (openTicket.unpack): each text column of each row cost
	// modernc three calls under the connection's mutex and a copy.
	rows, err = db.Raw(`SELECT t.rowid, t.priority, t.created_at,
		t.id || char(31) || t.type || char(31) || t.state || char(31) || COALESCE(t.service_id, '') || char(31) ||
			COALESCE(t.group_id, '') || char(31) || length(CAST(t.category AS BLOB)) || char(31) || t.category || t.service
		FROM tickets t WHERE ` + openWhere + ` ORDER BY t.rowid`).Rows()
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	chunk := make([]*record, 0, size)
	for rows.Next() {
		r := &record{}
		var serviceID, packed string
		if err := rows.Scan(&r.rowid, &r.Priority, &r.CreatedAt, &packed); err != nil {
			return n, err
		}
		if serviceID, err = r.unpack(packed); err != nil {
			return n, err
		}
		if name, ok := services[serviceID]; ok && serviceID != "" {
			r.Service = name
		}
		r.history = History{Created: time.UnixMilli(r.CreatedAt).UTC(), Priority: r.Priority}
		for _, l := range lines[r.ID] {
			r.addAudit(l.at, l.field, l.old, l.new_)
		}
		if at, ok := replied[r.ID]; ok {
			r.history.Changes = append(r.history.Changes, Change{At: time.UnixMilli(at).UTC(), Responded: true})
		}
		r.sortHistory()
		n++
		if chunk = append(chunk, r); len(chunk) == size {
			if err := fn(chunk); err != nil {
				return n, err
			}
			chunk = make([]*record, 0, size)
		}
	}
	if err := rows.Err(); err != nil {
		return n, err
	}
	if len(chunk) > 0 {
		return n, fn(chunk)
	}
	return n, nil
}

// unpack reads the text columns of a ticket as streamOpenRecords packs them: id, type,
// state, service id and group id (ids and names of the code's, which hold no control
// character), each ended by the unit separator, then the category's length in bytes and the
// separator, then the category and the service's name, which may hold anything. It returns
// the service id.
func (r *record) unpack(s string) (string, error) {
	var state, serviceID, size string
	r.ID, s, _ = strings.Cut(s, "\x1f")
	r.Type, s, _ = strings.Cut(s, "\x1f")
	state, s, _ = strings.Cut(s, "\x1f")
	serviceID, s, _ = strings.Cut(s, "\x1f")
	r.GroupID, s, _ = strings.Cut(s, "\x1f")
	size, s, _ = strings.Cut(s, "\x1f")
	n, err := strconv.Atoi(size)
	if err != nil || n > len(s) {
		return "", fmt.Errorf("ticket %s: unreadable packed columns", r.ID)
	}
	r.State, r.Category, r.Service = ticket.State(state), s[:n], s[n:]
	return serviceID, nil
}

// openWhere selects the tickets that can hold SLA state: open, or with levels still planned.
const openWhere = "(t.active = 1 OR t.sla_next_at IS NOT NULL)"

// addAudit takes one line of the ticket's audit trail into its history; lines come in the
// order (at, written).
func (r *record) addAudit(at int64, field, old, new string) {
	h := &r.history
	when := time.UnixMilli(at).UTC()
	switch field {
	case "state":
		h.Changes = append(h.Changes, Change{At: when, State: ticket.State(new)})
	case "holdReason":
		if n := len(h.Changes); n > 0 && h.Changes[n-1].State == ticket.OnHold && h.Changes[n-1].At.Equal(when) {
			h.Changes[n-1].HoldReason = new
		}
	case "priority":
		p, _ := strconv.Atoi(new)
		if !r.firstPriorityFromHistory {
			if first, err := strconv.Atoi(old); err == nil {
				h.Priority = first
			}
			r.firstPriorityFromHistory = true
		}
		h.Changes = append(h.Changes, Change{At: when, Priority: p})
	}
}

func (r *record) sortHistory() {
	c := r.history.Changes
	sort.SliceStable(c, func(i, j int) bool { return c[i].At.Before(c[j].At) })
}

// insertedRecord is loadRecords' record of a ticket the transaction inserted, built from what
// its writer holds: no stored SLA state, no events fired, no replies (ticket.Inserted).
func insertedRecord(k *ticket.Inserted) *record {
	r := &record{ID: k.ID, Number: k.Number, Title: k.Title, Type: string(k.Type), Category: k.Category,
		Service: k.Service, GroupID: k.GroupID, AssigneeID: k.AssigneeID, Priority: k.Priority, State: k.State,
		CreatedAt: k.CreatedAt}
	r.history = History{Created: time.UnixMilli(k.CreatedAt).UTC(), Priority: k.Priority}
	trail := make([]ticket.AuditEntry, 0, len(k.Trail))
	for _, e := range k.Trail {
		if e.Field == "state" || e.Field == "holdReason" || e.Field == "priority" {
			trail = append(trail, e)
		}
	}
	sort.SliceStable(trail, func(i, j int) bool { return trail[i].At < trail[j].At })
	for _, e := range trail {
		r.addAudit(e.At, e.Field, e.OldValue, e.NewValue)
	}
	r.sortHistory()
	return r
}
