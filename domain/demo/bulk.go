package demo

import (
	"context"
	"database/sql"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"outpost/domain/audit"
	"outpost/domain/changelog"
	"outpost/domain/desk"
	"outpost/domain/hlc"
	"outpost/domain/notify"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

// BulkOptions tune Bulk.
type BulkOptions struct {
	// History also writes, per ticket, the audit entries and change-log rows its life would
	// have left: "created", then every state change (with hold reason, resolution code, reason),
	// each at its own time. SLA and sync benchmarks need it; plain queue benchmarks do not.
	History bool
	// Batch is how many tickets go in one transaction (default 20000).
	Batch int
	// Span is how far back created_at reaches from the desk's now (default one year).
	Span time.Duration
}

// BulkUsers is how many people Bulk adds (agents, managers and requesters), once per seed.
const BulkUsers = 50

// Bulk inserts n generated tickets fast, with raw multi-row INSERTs in large transactions
// instead of going through ticket.Service, for benchmarks and load tests. Each ticket gets its
// search row (tickets_fts rowid = tickets.rowid) and, when its story has any, reply and work
// note comments; about 40% are open. created_at is spread over the year before the desk's now,
// older tickets being further along. The counters move past the numbers used, so a later
// Service.Create issues the next free number. The same seed on a desk with the same clock gives
// the same tickets (ids included).
func Bulk(ctx context.Context, d *desk.Desk, n int, seed uint64, opts ...BulkOptions) error {
	var o BulkOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	if o.Batch <= 0 {
		o.Batch = 20000
	}
	if o.Span <= 0 {
		o.Span = 365 * 24 * time.Hour
	}
	if n <= 0 {
		return nil
	}
	g := &bulkGen{seed: seed, opts: o, matrix: d.Tickets.Matrix, device: d.DeviceID, now: d.Now().UTC().UnixMilli()}
	sqlDB, err := d.DB.DB()
	if err != nil {
		return err
	}
	if err := sqlDB.QueryRowContext(ctx, `SELECT COALESCE(MAX(rowid), 0) FROM tickets`).Scan(&g.rowid); err != nil {
		return err
	}
	// Where the run starts is part of the stream, so a second run on the same profile draws
	// fresh ids instead of repeating the first run's.
	g.rng = rand.New(rand.NewPCG(seed, seed^0xb5ad4eceda1ce2a9^uint64(g.rowid)))
	if err := g.people(ctx, d, sqlDB); err != nil {
		return fmt.Errorf("bulk people: %w", err)
	}
	for _, t := range []ticket.Type{ticket.Incident, ticket.Request} {
		var next int64
		err := sqlDB.QueryRowContext(ctx, `SELECT next FROM counters WHERE kind = ?`, string(t)).Scan(&next)
		if errors.Is(err, sql.ErrNoRows) {
			next = 1001 // what the first Service.Create would issue
		} else if err != nil {
			return err
		}
		g.next[typeIndex(t)] = next
	}
	start := g.now - o.Span.Milliseconds()
	slot := float64(o.Span.Milliseconds()) / float64(n)
	for done := 0; done < n; {
		size := min(o.Batch, n-done)
		if err := g.batch(ctx, sqlDB, done, size, start, slot); err != nil {
			return fmt.Errorf("bulk tickets %d–%d: %w", done, done+size, err)
		}
		done += size
	}
	if o.History {
		// Later local writes must order after the history written here.
		d.Log.Clock.Observe(hlc.New(g.now, 0))
	}
	// Generated history is not news: the notification rules start after it.
	return notify.Skip(ctx, d.DB)
}

type bulkGen struct {
	rng    *rand.Rand
	seed   uint64
	opts   BulkOptions
	matrix ticket.Matrix
	device string
	now    int64

	rowid      int64
	next       [2]int64 // indexed by typeIndex
	groupID    map[string]string
	groupIDs   []string
	agentsOf   map[string][]string
	chain      *audit.Chain // the audit chain of the batch being written
	requesters []string
	agents     []string
}

func (g *bulkGen) uuidAt(ms int64) string {
	var b [16]byte
	binary.BigEndian.PutUint64(b[0:8], uint64(ms)<<16|uint64(g.rng.Uint32()&0x0fff)|0x7000)
	binary.BigEndian.PutUint64(b[8:16], g.rng.Uint64()&0x3fffffffffffffff|0x8000000000000000)
	return uuid.UUID(b).String()
}

// people adds the bulk users (once per seed: a second run reuses them) and spreads agents
// over the seeded groups.
func (g *bulkGen) people(ctx context.Context, d *desk.Desk, db *sql.DB) error {
	groups, err := d.People.Groups(ctx)
	if err != nil {
		return err
	}
	if len(groups) == 0 {
		return errors.New("the profile has no assignment groups")
	}
	g.groupID, g.agentsOf = map[string]string{}, map[string][]string{}
	for _, gr := range groups {
		g.groupID[gr.Name] = gr.ID
		g.groupIDs = append(g.groupIDs, gr.ID)
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	for i := 0; i < BulkUsers; i++ {
		first, last := firstNames[i%len(firstNames)], lastNames[(i*7+i/len(firstNames))%len(lastNames)]
		role := "requester"
		switch {
		case i < 14:
			role = "agent"
		case i < 16:
			role = "manager"
		}
		email := fmt.Sprintf("%s.%s.%d.%d@bulk.example.com", strings.ToLower(first), strings.ToLower(last), g.seed, i)
		email = strings.NewReplacer("é", "e").Replace(email)
		id := g.uuidAt(g.now)
		if _, err := tx.ExecContext(ctx, `INSERT INTO users(id, name, email, role, active, created_at, updated_at)
			VALUES (?, ?, ?, ?, 1, ?, ?) ON CONFLICT(email) DO NOTHING`, id, first+" "+last, email, role, g.now, g.now); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT id FROM users WHERE email = ?`, email).Scan(&id); err != nil {
			return err
		}
		if role == "requester" {
			g.requesters = append(g.requesters, id)
			continue
		}
		g.agents = append(g.agents, id)
		// Each agent works in one group, every third also in a second one.
		member := []string{g.groupIDs[i%len(g.groupIDs)]}
		if i%3 == 0 {
			member = append(member, g.groupIDs[(i+2)%len(g.groupIDs)])
		}
		for _, gid := range member {
			if _, err := tx.ExecContext(ctx, `INSERT INTO group_members(id, group_id, user_id) VALUES (?, ?, ?)
				ON CONFLICT DO NOTHING`, people.MemberID(gid, id), gid, id); err != nil {
				return err
			}
			g.agentsOf[gid] = append(g.agentsOf[gid], id)
		}
	}
	for _, ids := range g.agentsOf {
		sort.Strings(ids)
	}
	return tx.Commit()
}

func typeIndex(t ticket.Type) int {
	if t == ticket.Request {
		return 1
	}
	return 0
}

// event is one state change in a generated ticket's life.
type event struct {
	at       int64
	from, to ticket.State
	hold     string
	code     string
	notes    string
	reason   string
}

type bulkComment struct {
	at     int64
	kind   string
	body   string
	author string
	mins   int
}

const (
	hour = int64(time.Hour / time.Millisecond)
	day  = 24 * hour
)

// rows buffers the rows of one table and writes them in multi-row INSERTs: the driver
// prepares a statement on every Exec, so one statement per row would spend most of its time in
// SQLite's parser.
type rows struct {
	head string // INSERT INTO t(a, b, ...) VALUES
	cols int
	n    int
	args []any
}

func newRows(table, cols string) *rows {
	return &rows{head: "INSERT INTO " + table + "(" + cols + ") VALUES ", cols: strings.Count(cols, ",") + 1}
}

func (r *rows) add(args ...any) {
	r.args = append(r.args, args...)
	r.n++
}

func (r *rows) flush(ctx context.Context, tx *sql.Tx) error {
	if r.n == 0 {
		return nil
	}
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", r.cols), ",") + ")"
	q := r.head + strings.TrimSuffix(strings.Repeat(one+",", r.n), ",")
	if _, err := tx.ExecContext(ctx, q, r.args...); err != nil {
		return fmt.Errorf("%s...: %w", r.head, err)
	}
	r.n, r.args = 0, r.args[:0]
	return nil
}

// chunk is how many tickets go in one multi-row INSERT: the driver binds arguments in
// quadratic time, so a few hundred parameters per statement is the sweet spot.
const chunk = 16

func (g *bulkGen) batch(ctx context.Context, db *sql.DB, from, size int, start int64, slot float64) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	// A bigger page cache for this connection while it fills a dozen indexes, then back.
	var cache int64
	if err := tx.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&cache); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `PRAGMA cache_size = -131072`); err != nil {
		return err
	}
	defer func() { _, _ = db.ExecContext(ctx, fmt.Sprintf(`PRAGMA cache_size = %d`, cache)) }()
	tickets := newRows("tickets", `rowid, id, number, type, title, description, requester_id,
		category, subcategory, service, ci, impact, urgency, priority, state, hold_reason,
		resolution_code, resolution_notes, group_id, assignee_id, source, tags, created_by,
		created_at, updated_at, resolved_at, closed_at`)
	comments := newRows("comments", "id, ticket_id, author_id, kind, body, minutes, created_at")
	trail := newRows("audit_entries", audit.Columns)
	// The trail is chained like any other writer's: after the tail this transaction reads.
	if g.chain, err = audit.TailSQL(ctx, tx); err != nil {
		return err
	}
	changes := newRows("changes", "id, entity, record_id, op, field, value, hlc, device_id, author_id")
	// Tickets first: the other rows refer to them.
	all := []*rows{tickets, comments, trail, changes}
	first := g.rowid + 1
	for i := from; i < from+size; i++ {
		created := start + int64((float64(i)+g.rng.Float64())*slot)
		t, events, cs := g.ticket(created)
		g.rowid++
		tickets.add(g.rowid, t.ID, t.Number, string(t.Type), t.Title, t.Description,
			t.RequesterID, t.Category, t.Subcategory, t.Service, t.CI, t.Impact, t.Urgency, t.Priority,
			string(t.State), t.HoldReason, t.ResolutionCode, t.ResolutionNotes, t.GroupID, t.AssigneeID,
			t.Source, t.Tags, t.CreatedBy, t.CreatedAt, t.UpdatedAt, t.ResolvedAt, t.ClosedAt)
		for _, c := range cs {
			comments.add(g.uuidAt(c.at), t.ID, c.author, c.kind, c.body, c.mins, c.at)
		}
		if g.opts.History {
			if err := g.history(trail, changes, t, events); err != nil {
				return err
			}
		}
		if tickets.n == chunk || i == from+size-1 {
			for _, r := range all {
				if err := r.flush(ctx, tx); err != nil {
					return err
				}
			}
		}
	}
	// The search rows in one statement: FTS5 flushes its pending terms to disk at the end of
	// every statement, so row-by-row inserts would leave thousands of tiny segments to merge.
	// Replies and notes are laid out as AddComment appends them.
	if _, err := tx.ExecContext(ctx, `INSERT INTO tickets_fts(rowid, number, title, description, replies, notes)
		SELECT t.rowid, t.number, t.title, t.description,
			COALESCE((SELECT group_concat(char(10) || c.body, '' ORDER BY c.created_at, c.rowid) FROM comments c
				WHERE c.ticket_id = t.id AND c.kind = 'reply' AND c.body <> ''), ''),
			COALESCE((SELECT group_concat(char(10) || c.body, '' ORDER BY c.created_at, c.rowid) FROM comments c
				WHERE c.ticket_id = t.id AND c.kind <> 'reply' AND c.body <> ''), '')
		FROM tickets t WHERE t.rowid BETWEEN ? AND ?`, first, g.rowid); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	for _, typ := range []ticket.Type{ticket.Incident, ticket.Request} {
		if _, err := tx.ExecContext(ctx, `INSERT INTO counters(kind, next) VALUES (?, ?)
			ON CONFLICT(kind) DO UPDATE SET next = excluded.next`, string(typ), g.next[typeIndex(typ)]); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// history buffers the audit entries and change-log rows Service would have written.
func (g *bulkGen) history(auditRows, changeRows *rows, t *ticket.Ticket, events []event) error {
	line := func(at int64, actor, field, old, new string) {
		e := audit.Entry{ID: g.uuidAt(at), Entity: ticket.EntityTicket, RecordID: t.ID, ActorID: actor, At: at, Field: field, Old: old, New: new}
		auditRows.add(audit.Row(e, g.chain.Next(e))...)
	}
	change := func(at int64, actor, op, field string, value any) error {
		v, err := json.Marshal(value)
		if err != nil {
			return err
		}
		changeRows.add(g.uuidAt(at), ticket.EntityTicket, t.ID, op, field, string(v), int64(hlc.New(at, 0)), g.device, actor)
		return nil
	}
	// The create row carries the ticket as it was born.
	born := *t
	born.State, born.HoldReason, born.ResolutionCode, born.ResolutionNotes = ticket.New, "", "", ""
	born.UpdatedAt, born.ResolvedAt, born.ClosedAt = born.CreatedAt, nil, nil
	line(t.CreatedAt, t.CreatedBy, "created", "", t.Number)
	if err := change(t.CreatedAt, t.CreatedBy, changelog.OpCreate, "", born); err != nil {
		return err
	}
	for _, e := range events {
		actor := t.CreatedBy
		if t.AssigneeID != nil {
			actor = *t.AssigneeID
		}
		line(e.at, actor, "state", string(e.from), string(e.to))
		if e.to == ticket.OnHold {
			line(e.at, actor, "holdReason", "", e.hold)
		}
		if e.to == ticket.Resolved {
			line(e.at, actor, "resolutionCode", "", e.code)
		}
		if e.reason != "" {
			line(e.at, actor, "reason", "", e.reason)
		}
		if err := change(e.at, actor, changelog.OpTransition, "state", map[string]any{
			"from": e.from, "to": e.to, "holdReason": e.hold, "resolutionCode": e.code,
			"resolutionNotes": e.notes, "reason": e.reason}); err != nil {
			return err
		}
	}
	return nil
}

// ticket generates one ticket created at created, its state changes and its comments.
func (g *bulkGen) ticket(created int64) (*ticket.Ticket, []event, []bulkComment) {
	r := g.rng
	sc := Scenarios[r.IntN(len(Scenarios))]
	ti := typeIndex(sc.Type)
	num := g.next[ti]
	g.next[ti]++
	impact, urgency := clamp(sc.Impact+r.IntN(3)-1), clamp(sc.Urgency+r.IntN(3)-1)
	t := &ticket.Ticket{
		ID: g.uuidAt(created), Number: ticket.FormatNumber(sc.Type, num), Type: sc.Type,
		Title:       sc.Titles[r.IntN(len(sc.Titles))] + bulkPick(r, titleSuffixes),
		Description: sc.Description + "\n\n" + bulkPick(r, details) + " " + bulkPick(r, details),
		RequesterID: g.requesters[r.IntN(len(g.requesters))], Category: sc.Category, Subcategory: sc.Subcategory,
		Service: bulkPick(r, services), Impact: impact, Urgency: urgency, Priority: g.matrix.Priority(impact, urgency),
		Source: ticket.Sources[r.IntN(len(ticket.Sources))], CreatedAt: created,
	}
	if r.IntN(3) == 0 {
		t.CI = fmt.Sprintf("%s-%04d", bulkPick(r, ciPrefixes), r.IntN(2000))
	}
	if r.IntN(4) == 0 {
		t.Tags = ticket.NormalizeTags([]string{bulkPick(r, tags), bulkPick(r, tags)})
	}
	t.CreatedBy = t.RequesterID
	if t.Source != "portal" {
		t.CreatedBy = g.agents[r.IntN(len(g.agents))] // logged by the desk for the caller
	}
	gid := g.groupID[sc.Group]
	if gid == "" || r.IntN(10) == 0 {
		gid = g.groupIDs[r.IntN(len(g.groupIDs))]
	}
	t.GroupID = &gid

	// Older tickets are further along; some old ones still linger open (the backlog).
	age := g.now - created
	openChance := 32
	switch {
	case age < 30*day:
		openChance = 90
	case age < 120*day:
		openChance = 45
	}
	var final ticket.State
	if r.IntN(100) < openChance {
		final = []ticket.State{ticket.New, ticket.InProgress, ticket.InProgress, ticket.OnHold}[r.IntN(4)]
		if final == ticket.New && age > 7*day && r.IntN(2) == 0 {
			final = ticket.InProgress
		}
	} else if r.IntN(12) == 0 {
		final = ticket.Canceled
	} else {
		final = ticket.Closed // may become resolved below if it was resolved recently
	}
	if final != ticket.New || r.IntN(5) < 2 {
		if agents := g.agentsOf[gid]; len(agents) > 0 {
			a := agents[r.IntN(len(agents))]
			t.AssigneeID = &a
		}
	}
	staff := t.CreatedBy
	if t.AssigneeID != nil {
		staff = *t.AssigneeID
	}

	// Walk the ticket through its life; every step is later than the one before and not after now.
	at := created
	step := func(within int64) int64 {
		at = min(g.now, at+10*60*1000+r.Int64N(within))
		return at
	}
	var events []event
	var comments []bulkComment
	move := func(to ticket.State, e event) {
		e.from, e.to = t.State, to
		events = append(events, e)
		t.State = to
	}
	t.State = ticket.New
	if final != ticket.New {
		if final == ticket.Canceled && r.IntN(2) == 0 {
			move(ticket.Canceled, event{at: step(2 * day), reason: bulkPick(r, cancelReasons)})
		} else {
			move(ticket.InProgress, event{at: step(8 * hour)})
			comments = append(comments, bulkComment{at: at, kind: ticket.KindReply, author: staff, body: bulkPick(r, agentReplies)})
			if final == ticket.OnHold || r.IntN(4) == 0 {
				hold := ticket.HoldReasons[r.IntN(len(ticket.HoldReasons))]
				move(ticket.OnHold, event{at: step(2 * day), hold: hold})
				if final != ticket.OnHold {
					if hold == "awaiting_caller" {
						comments = append(comments, bulkComment{at: step(day), kind: ticket.KindReply, author: t.RequesterID, body: bulkPick(r, callerReplies)})
					}
					move(ticket.InProgress, event{at: step(3 * day)})
				}
			}
			if r.IntN(3) == 0 {
				comments = append(comments, bulkComment{at: step(day), kind: ticket.KindNote, author: staff, body: bulkPick(r, workNotes)})
			}
			if r.IntN(3) == 0 {
				comments = append(comments, bulkComment{at: step(day), kind: ticket.KindWorklog, author: staff, body: bulkPick(r, workNotes), mins: 5 + r.IntN(120)})
			}
			switch final {
			case ticket.Canceled:
				move(ticket.Canceled, event{at: step(5 * day), reason: bulkPick(r, cancelReasons)})
			case ticket.Closed:
				code := ticket.ResolutionCodes[r.IntN(6)]
				if t.Type == ticket.Request {
					code = []string{"fulfilled", "fulfilled", "fulfilled", "rejected"}[r.IntN(4)]
				}
				notes := bulkPick(r, resolutionNotes)
				move(ticket.Resolved, event{at: step(5 * day), code: code, notes: notes})
				t.ResolutionCode, t.ResolutionNotes = code, notes
				resolved := at
				t.ResolvedAt = &resolved
				// Auto-close after 7 days; a recent resolution is still waiting for it.
				if resolved+7*day <= g.now {
					move(ticket.Closed, event{at: resolved + 7*day})
					at = resolved + 7*day
				}
			}
		}
	}
	if t.State == ticket.OnHold {
		t.HoldReason = events[len(events)-1].hold
	}
	if t.State == ticket.Closed || t.State == ticket.Canceled {
		c := at
		t.ClosedAt = &c
	}
	t.UpdatedAt = at
	for _, c := range comments {
		t.UpdatedAt = max(t.UpdatedAt, c.at)
	}
	return t, events, comments
}

func bulkPick(r *rand.Rand, list []string) string { return list[r.IntN(len(list))] }

// Texts that vary the generated tickets so search has a realistic vocabulary to chew on.
var (
	titleSuffixes = []string{"", "", "", " (Lyon site)", " (Berlin office)", " since this morning", " after update",
		" for the whole team", " on my laptop", " in warehouse", " (urgent)", " again", " at reception", " in Madrid branch"}
	details = []string{
		"Error code 0x80070005 shows up in the event log.", "It started after the weekend patch window.",
		"Colleagues in accounting see the same thing.", "Restarting did not help.",
		"The issue is intermittent, roughly every hour.", "Screenshot attached to the original email.",
		"Happens on both wired and wireless connections.", "The customer demo is tomorrow morning.",
		"Only affects users in the finance department.", "The firmware was updated last Tuesday.",
		"Working from home over the hotel network.", "Teams calls drop at the same time.",
		"Chrome shows ERR_CONNECTION_RESET.", "The badge reader at the main entrance is also slow.",
		"SAP transaction FB60 hangs.", "Printer queue shows 42 pending jobs.",
	}
	services     = []string{"Email", "ERP", "CRM", "VPN", "Wi-Fi", "File shares", "Printing", "Telephony", "Payroll", "Intranet", ""}
	ciPrefixes   = []string{"LAP", "DSK", "PRN", "SRV", "SW", "AP", "FW"}
	tags         = []string{"vip", "remote", "onsite", "hardware", "licence", "security", "recurring", "new-starter", "audit"}
	agentReplies = []string{
		"Thanks for reporting this, we are looking into it.", "Could you send a screenshot of the error message?",
		"We have reproduced the problem and are working on a fix.", "A technician will visit your desk this afternoon.",
		"Please try again now and let us know if the problem persists.", "We have escalated this to the network team.",
	}
	callerReplies = []string{
		"Here is the screenshot you asked for.", "I tried again and it still fails with the same error.",
		"It works now, thank you!", "I'm available after 3pm for the remote session.",
	}
	workNotes = []string{
		"Checked the DHCP leases, scope is exhausted.", "Vendor ticket opened, reference VND-20931.",
		"Reimaged the laptop with the standard build.", "Firewall rule 114 blocks the port, change requested.",
		"Cleared the print spooler and restarted the service.", "Reset MFA registration after identity check.",
	}
	resolutionNotes = []string{
		"Replaced the faulty power supply.", "Reset the password and unlocked the account.",
		"Reinstalled the VPN client with the new certificate.", "Licence assigned and software installed.",
		"Cleared the mailbox and raised the quota.", "Access granted after manager approval.",
	}
	cancelReasons = []string{"Raised by mistake", "Duplicate of a phone call already handled", "No longer needed"}
)
