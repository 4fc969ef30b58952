package ticket

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"

	"outpost/domain/fault"
	"outpost/domain/people"
)

// Get reads one ticket the actor may see.
func (s *Service) Get(ctx context.Context, actor people.Actor, id string) (*Ticket, error) {
	var t Ticket
	err := s.DB.WithContext(ctx).Where("id = ?", id).Take(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) || (err == nil && !canSee(actor, &t)) {
		return nil, fmt.Errorf("ticket %s: %w", id, fault.ErrNotFound)
	}
	return &t, err
}

// GetByNumber reads one ticket by its human number.
func (s *Service) GetByNumber(ctx context.Context, actor people.Actor, number string) (*Ticket, error) {
	var id string
	err := s.DB.WithContext(ctx).Raw(`SELECT id FROM tickets WHERE number = ?`, strings.ToUpper(strings.TrimSpace(number))).Row().Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("ticket %s: %w", number, fault.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	return s.Get(ctx, actor, id)
}

// Views are the saved queue views every desk starts with.
var Views = []struct{ ID, Name string }{
	{"my_open", "My open"},
	{"unassigned", "Unassigned"},
	{"p1_p2", "P1–P2"},
	{"all_open", "All open"},
	{"recently_resolved", "Recently resolved"},
	{"all", "All tickets"},
	{"breaching_soon", "Breaching soon"},
	{"breached", "Breached"},
}

// requesterViews are a requester's: their own tickets ("My requests") first, their home.
var requesterViews = []struct{ ID, Name string }{
	{"my_requests", "My requests"},
	{"recently_resolved", "Recently resolved"},
	{"all", "All my tickets"},
}

// ViewsFor lists the views the actor's queue offers, their home first for a requester.
func ViewsFor(actor people.Actor) []struct{ ID, Name string } {
	if !actor.IsStaff() {
		return requesterViews
	}
	return Views
}

// Query selects a page of a queue. Filtering, sorting and paging all happen in SQL.
type Query struct {
	View        string   `json:"view"`
	Type        string   `json:"type"`
	States      []string `json:"states"`
	Priorities  []int    `json:"priorities"`
	AssigneeID  string   `json:"assigneeId"`
	GroupID     string   `json:"groupId"`
	RequesterID string   `json:"requesterId"`
	// DepartmentID narrows the queue to one department's desk: tickets of its groups, and
	// tickets in no group whose category is the department's.
	DepartmentID string `json:"departmentId"`
	// Search narrows the queue to a search (ParseSearch): words, phrases, -exclusions and
	// field filters.
	Search string `json:"search"`
	Sort   string `json:"sort"`
	Desc   bool   `json:"desc"`
	Offset int    `json:"offset"`
	Limit  int    `json:"limit"`

	// Filters narrow the queue on any column (filter.go); all of them hold.
	Filters []Filter `json:"filters"`

	// all lifts the page limit (Each): every row, for an export.
	all bool
}

// Row is one line of a queue.
type Row struct {
	ID            string `json:"id"`
	Number        string `json:"number"`
	Type          string `json:"type"`
	Title         string `json:"title"`
	State         string `json:"state"`
	Priority      int    `json:"priority"`
	Category      string `json:"category"`
	RequesterName string `json:"requesterName"`
	AssigneeName  string `json:"assigneeName"`
	GroupName     string `json:"groupName"`
	Major         bool   `json:"major"`
	CreatedAt     int64  `json:"createdAt"`
	UpdatedAt     int64  `json:"updatedAt"`
	// SLADueAt is the nearest due time of a running SLA clock (nil when none runs); SLAStage
	// is ok, warning or breached. Both are kept by the SLA hook; the stage is raised by the
	// levels the SLA sweep fired since.
	SLADueAt *int64 `json:"slaDueAt"`
	SLAStage string `json:"slaStage"`
	// SLABreachAt is when the ticket's SLA breaches or breached: SLADueAt while a clock runs,
	// the due time a paused clock passed before it stopped; nil when neither.
	SLABreachAt *int64 `json:"slaBreachAt"`
}

// sortColumns whitelists what a queue can be sorted by; each ends with a unique tie-breaker so
// pages never overlap. Numbers count per type (INC and REQ each from 1001), so the number
// order across types is the creation order.
var sortColumns = map[string]string{
	"priority": "t.priority %s, t.created_at %s, t.rowid %s",
	"number":   "t.created_at %s, t.rowid %s",
	"created":  "t.created_at %s, t.rowid %s",
	"updated":  "t.updated_at %s, t.rowid %s",
	"title":    "t.title %s, t.created_at %s, t.rowid %s",
	"state":    "t.state %s, t.priority %s, t.rowid %s",
	// By when the SLA breaches or breached, so a ticket on hold after its breach sorts with
	// the breached ones.
	"sla": "t.sla_breach_at IS NULL, t.sla_breach_at %s, t.created_at %s, t.rowid %s",
}

const recentDays = 7

// where builds the filter of q for actor; f holds what the search's words name (lookup).
func (q Query) where(actor people.Actor, now time.Time, f *found) (string, []any, error) {
	var conds []string
	var args []any
	add := func(c string, a ...any) { conds = append(conds, c); args = append(args, a...) }
	switch q.View {
	case "", "all":
	case "my_open":
		add("t.assignee_id = ? AND t.active = 1", actor.ID)
	case "my_requests":
		add("(t.requester_id = ? OR t.created_by = ?) AND t.active = 1", actor.ID, actor.ID)
	case "unassigned":
		add("t.assignee_id IS NULL AND t.active = 1")
	case "p1_p2":
		add("t.active = 1 AND t.priority <= 2")
	case "all_open":
		add("t.active = 1")
	case "recently_resolved":
		add("t.state = 'resolved' AND t.resolved_at >= ?", now.Add(-recentDays*24*time.Hour).UnixMilli())
	case "breaching_soon":
		// Past the warning share of a running clock and not yet breached.
		add("t.active = 1 AND t.sla_due_at > ? AND t.sla_warn_at <= ?", now.UnixMilli(), now.UnixMilli())
	case "breached":
		// A running clock past its due time, or one paused after it.
		add("t.active = 1 AND t.sla_breach_at <= ?", now.UnixMilli())
	default:
		return "", nil, fault.Field("view", "unknown view %q", q.View)
	}
	if q.Type != "" {
		if !Type(q.Type).Valid() {
			return "", nil, fault.Field("type", "unknown type %q", q.Type)
		}
		add("t.type = ?", q.Type)
	}
	if len(q.States) > 0 {
		for _, s := range q.States {
			if !State(s).Valid() {
				return "", nil, fault.Field("states", "unknown state %q", s)
			}
		}
		add("t.state IN ?", q.States)
	}
	if len(q.Priorities) > 0 {
		add("t.priority IN ?", q.Priorities)
	}
	if q.AssigneeID != "" {
		add("t.assignee_id = ?", q.AssigneeID)
	}
	if q.GroupID != "" {
		add("t.group_id = ?", q.GroupID)
	}
	if q.RequesterID != "" {
		add("t.requester_id = ?", q.RequesterID)
	}
	if q.DepartmentID != "" {
		add(`(t.group_id IN (SELECT id FROM assignment_groups WHERE department_id = ?)
			OR (t.group_id IS NULL AND t.category IN (SELECT name FROM categories WHERE department_id = ? AND parent_id IS NULL)))`,
			q.DepartmentID, q.DepartmentID)
	}
	for _, f := range q.Filters {
		if err := f.where(add, actor, now); err != nil {
			return "", nil, err
		}
	}
	if !actor.IsStaff() {
		add("(t.requester_id = ? OR t.created_by = ?)", actor.ID, actor.ID)
	}
	if terms := ParseSearch(q.Search); !terms.Empty() {
		searchWhere(terms, f, actor, add)
	}
	if len(conds) == 0 {
		return "1=1", nil, nil
	}
	return strings.Join(conds, " AND "), args, nil
}

// slaStage is the SLA stage a queue row shows: the stage the SLA hook computed at sla_at,
// raised by the levels the sweep fired since (sla_events), so a sweep tick records a level
// without rewriting the ticket row. Those levels come from the hook's plan, whose first is due
// at sla_next_at: a ticket with none planned, or none due yet at now (the parameter), or
// already breached, skips the lookup.
const slaStage = `CASE WHEN t.sla_next_at <= ? AND t.sla_stage <> 'breached' THEN COALESCE((SELECT e.stage FROM sla_events e
		WHERE e.ticket_id = t.id AND e.fired_at > t.sla_at AND e.stage <> '' ORDER BY e.stage = 'breached' DESC LIMIT 1), t.sla_stage)
		ELSE t.sla_stage END`

// QueueSQL returns the SQL and arguments of a queue page, so benchmarks can time the same
// statement raw. A search's words are taken as text only: Queue also looks up the names they
// may stand for.
func (q Query) QueueSQL(actor people.Actor, now time.Time) (string, []any, error) {
	return q.queueSQL(actor, now, nil)
}

func (q Query) queueSQL(actor people.Actor, now time.Time, f *found) (string, []any, error) {
	where, args, err := q.where(actor, now, f)
	if err != nil {
		return "", nil, err
	}
	col := q.Sort
	if col == "" && (q.View == "breaching_soon" || q.View == "breached") {
		col = "sla"
	}
	if col == "" {
		col = "priority"
	}
	pattern, ok := sortColumns[col]
	if !ok {
		return "", nil, fault.Field("sort", "cannot sort by %q", q.Sort)
	}
	dir := "ASC"
	if q.Desc {
		dir = "DESC"
	}
	order := strings.ReplaceAll(pattern, "%s", dir)
	limit := q.Limit
	if limit <= 0 || limit > 500 {
		limit = 50
	}
	if q.all {
		limit = -1 // SQLite: no limit
	}
	if q.Offset < 0 {
		return "", nil, fault.Field("offset", "offset cannot be negative")
	}
	query := `SELECT t.id, t.number, t.type, t.title, t.state, t.priority, t.category,
		COALESCE(r.name, ''), COALESCE(a.name, ''), COALESCE(g.name, ''), t.major, t.created_at, t.updated_at, t.sla_due_at, ` + slaStage + `, t.sla_breach_at
		FROM tickets t
		LEFT JOIN users r ON r.id = t.requester_id
		LEFT JOIN users a ON a.id = t.assignee_id
		LEFT JOIN assignment_groups g ON g.id = t.group_id
		WHERE ` + where + ` ORDER BY ` + order + ` LIMIT ? OFFSET ?`
	if q.Search != "" {
		// A search may match many tickets, and none of them by the index the order follows:
		// the page is chosen first on the tickets alone, and only its rows are joined with
		// names and SLA stage (a sorter otherwise computes them for every match).
		query = `WITH p AS (SELECT t.rowid AS rid FROM tickets t WHERE ` + where + ` ORDER BY ` + order + ` LIMIT ? OFFSET ?)
		SELECT t.id, t.number, t.type, t.title, t.state, t.priority, t.category,
		COALESCE(r.name, ''), COALESCE(a.name, ''), COALESCE(g.name, ''), t.major, t.created_at, t.updated_at, t.sla_due_at, ` + slaStage + `, t.sla_breach_at
		FROM p JOIN tickets t ON t.rowid = p.rid
		LEFT JOIN users r ON r.id = t.requester_id
		LEFT JOIN users a ON a.id = t.assignee_id
		LEFT JOIN assignment_groups g ON g.id = t.group_id
		ORDER BY ` + order
		return query, append(append(args, limit, q.Offset), now.UnixMilli()), nil
	}
	// The stage's parameter comes first: the select list precedes the filter.
	return query, append(append([]any{now.UnixMilli()}, args...), limit, q.Offset), nil
}

// Queue returns one page of tickets for a view and filters.
func (s *Service) Queue(ctx context.Context, actor people.Actor, q Query) ([]Row, error) {
	f, err := s.lookup(ctx, q)
	if err != nil {
		return nil, err
	}
	query, args, err := q.queueSQL(actor, s.Now(), f)
	if err != nil {
		return nil, err
	}
	rows, err := s.DB.WithContext(ctx).Raw(query, args...).Rows()
	if err != nil {
		return nil, fmt.Errorf("queue: %w", err)
	}
	defer rows.Close()
	out := make([]Row, 0, 50)
	for rows.Next() {
		var r Row
		if err := r.scan(rows); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func (r *Row) scan(rows *sql.Rows) error {
	return rows.Scan(&r.ID, &r.Number, &r.Type, &r.Title, &r.State, &r.Priority, &r.Category,
		&r.RequesterName, &r.AssigneeName, &r.GroupName, &r.Major, &r.CreatedAt, &r.UpdatedAt, &r.SLADueAt, &r.SLAStage, &r.SLABreachAt)
}

// Each calls fn with every row of q that actor may see, in the queue's order: all pages, as
// one query (q's offset and limit are ignored). fn gets the same Row each time, refilled.
func (s *Service) Each(ctx context.Context, actor people.Actor, q Query, fn func(*Row) error) error {
	f, err := s.lookup(ctx, q)
	if err != nil {
		return err
	}
	q.Offset, q.all = 0, true
	query, args, err := q.queueSQL(actor, s.Now(), f)
	if err != nil {
		return err
	}
	rows, err := s.DB.WithContext(ctx).Raw(query, args...).Rows()
	if err != nil {
		return fmt.Errorf("queue: %w", err)
	}
	defer rows.Close()
	var r Row
	for rows.Next() {
		r = Row{}
		if err := r.scan(rows); err != nil {
			return err
		}
		if err := fn(&r); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Count returns how many tickets a queue holds (for the scroll height of the table).
func (s *Service) Count(ctx context.Context, actor people.Actor, q Query) (int64, error) {
	f, err := s.lookup(ctx, q)
	if err != nil {
		return 0, err
	}
	where, args, err := q.where(actor, s.Now(), f)
	if err != nil {
		return 0, err
	}
	var n int64
	err = s.DB.WithContext(ctx).Raw(`SELECT COUNT(*) FROM tickets t WHERE `+where, args...).Scan(&n).Error
	return n, err
}

// lookup finds what the words of a queue's search name besides text.
func (s *Service) lookup(ctx context.Context, q Query) (*found, error) {
	if q.Search == "" {
		return nil, nil
	}
	return lookup(s.DB.WithContext(ctx), ParseSearch(q.Search))
}

// Hit is one search result with a highlighted snippet. Highlights are marked with the
// characters \x02 and \x03, which the UI turns into <mark> elements as text, never as HTML.
type Hit struct {
	ID       string  `json:"id"`
	Number   string  `json:"number"`
	Title    string  `json:"title"`
	State    string  `json:"state"`
	Priority int     `json:"priority"`
	Snippet  string  `json:"snippet"`
	Rank     float64 `json:"rank"`
}

// Event is one line of a ticket's timeline: a comment, an attachment or an audit entry.
type Event struct {
	Kind       string      `json:"kind"` // reply, note, worklog, attachment, audit
	At         int64       `json:"at"`
	ActorID    string      `json:"actorId"`
	ActorName  string      `json:"actorName"`
	Comment    *Comment    `json:"comment,omitempty"`
	Attachment *Attachment `json:"attachment,omitempty"`
	Audit      *AuditEntry `json:"audit,omitempty"`
	// HTML is a comment's body rendered and sanitized for display (filled by the caller).
	HTML string `json:"html,omitempty"`
}

// Timeline returns a ticket's conversation, files and audit trail, oldest first. Requesters
// see replies, public files and state changes, not internal notes nor internal files.
func (s *Service) Timeline(ctx context.Context, actor people.Actor, ticketID string) ([]Event, error) {
	if _, err := s.Get(ctx, actor, ticketID); err != nil {
		return nil, err
	}
	db := s.DB.WithContext(ctx)
	var comments []Comment
	if err := db.Where("ticket_id = ?", ticketID).Order("created_at, id").Find(&comments).Error; err != nil {
		return nil, err
	}
	var files []Attachment
	if err := db.Where("ticket_id = ?", ticketID).Order("created_at, id").Find(&files).Error; err != nil {
		return nil, err
	}
	// Without withdrawn entries (audit_trail), and only the ticket's own: a catalog request
	// shares its ticket's id, and its lines are the request's.
	var audit []AuditEntry
	if err := db.Table("audit_trail").Where("ticket_id = ? AND entity = ?", ticketID, EntityTicket).Order("at, id").Find(&audit).Error; err != nil {
		return nil, err
	}
	names := map[string]string{}
	var users []people.User
	if err := db.Raw(`SELECT id, name FROM users`).Scan(&users).Error; err != nil {
		return nil, err
	}
	for _, u := range users {
		names[u.ID] = u.Name
	}
	out := []Event{}
	for i := range comments {
		c := &comments[i]
		if c.Kind != KindReply && !actor.IsStaff() {
			continue
		}
		out = append(out, Event{Kind: c.Kind, At: c.CreatedAt, ActorID: c.AuthorID, ActorName: names[c.AuthorID], Comment: c})
	}
	for i := range files {
		f := &files[i]
		if f.Internal && !actor.IsStaff() {
			continue
		}
		out = append(out, Event{Kind: "attachment", At: f.CreatedAt, ActorID: f.AuthorID, ActorName: names[f.AuthorID], Attachment: f})
	}
	for i := range audit {
		a := &audit[i]
		if !actor.IsStaff() && a.Field != "state" && a.Field != "created" {
			continue
		}
		out = append(out, Event{Kind: "audit", At: a.At, ActorID: a.ActorID, ActorName: names[a.ActorID], Audit: a})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At < out[j].At })
	return out, nil
}

// Links returns the tickets linked to one, either direction, with their numbers.
func (s *Service) Links(ctx context.Context, actor people.Actor, ticketID string) ([]LinkedTicket, error) {
	if _, err := s.Get(ctx, actor, ticketID); err != nil {
		return nil, err
	}
	out := []LinkedTicket{}
	err := s.DB.WithContext(ctx).Raw(`
		SELECT l.kind, 'out' AS direction, t.id, t.number, t.title, t.state FROM ticket_links l JOIN tickets t ON t.id = l.to_id WHERE l.from_id = ?
		UNION ALL
		SELECT l.kind, 'in', t.id, t.number, t.title, t.state FROM ticket_links l JOIN tickets t ON t.id = l.from_id WHERE l.to_id = ?
		UNION ALL
		SELECT 'child', 'out', t.id, t.number, t.title, t.state FROM tickets t WHERE t.parent_id = ?
		UNION ALL
		SELECT 'parent', 'out', t.id, t.number, t.title, t.state FROM tickets t WHERE t.id = (SELECT parent_id FROM tickets WHERE id = ?)`,
		ticketID, ticketID, ticketID, ticketID).Scan(&out).Error
	return out, err
}

// LinkedTicket is the other end of a link.
type LinkedTicket struct {
	Kind      string `json:"kind" gorm:"column:kind"`
	Direction string `json:"direction" gorm:"column:direction"`
	ID        string `json:"id" gorm:"column:id"`
	Number    string `json:"number" gorm:"column:number"`
	Title     string `json:"title" gorm:"column:title"`
	State     string `json:"state" gorm:"column:state"`
}
