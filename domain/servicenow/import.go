package servicenow

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/audit"
	"outpost/domain/changelog"
	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/hlc"
	"outpost/domain/notify"
	"outpost/domain/people"
	"outpost/domain/replica"
	"outpost/domain/store"
	"outpost/domain/ticket"
)

// Format is the mapping's "format" that names this importer.
const Format = "servicenow-uci"

// Options tune an import. The zero value is the documented mapping.
type Options struct {
	// ResolutionCode is the Outpost resolution code of a resolved or closed incident whose
	// closed_code CloseCodes does not map (default solved_permanently): the export's codes
	// are anonymised ("code 6"), so nothing says which is which. The code itself is kept in
	// the resolution notes.
	ResolutionCode string `json:"resolutionCode"`
	// CloseCodes maps a closed_code to an Outpost resolution code.
	CloseCodes map[string]string `json:"closeCodes"`
	// EmailDomain is the domain of the addresses given to the people the import creates
	// (default servicenow-uci.invalid: .invalid never delivers).
	EmailDomain string `json:"emailDomain"`
}

// Mapping is the mapping file for this format (docs/mappings/servicenow-uci.json).
type Mapping struct {
	Format string `json:"format"`
	Options
}

// Progress is how far an import is: Phase is read, people, tickets, sla or done.
type Progress struct {
	Phase string `json:"phase"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// Report is what an import wrote.
type Report struct {
	Rows         int     `json:"rows"`         // events read
	Incidents    int     `json:"incidents"`    // tickets created
	Open         int     `json:"open"`         // of them still open
	StateChanges int     `json:"stateChanges"` // state lines of their history
	AuditLines   int     `json:"auditLines"`   // every line of their history
	Changes      int     `json:"changes"`      // change-log rows written (people, groups, tickets)
	People       int     `json:"people"`       // people created
	Groups       int     `json:"groups"`       // groups created
	Members      int     `json:"members"`      // memberships created
	Seconds      float64 `json:"seconds"`
}

// Import reads a ServiceNow incident log (xz-compressed or plain CSV) from r and writes its
// incidents as tickets on the desk, in one transaction: all of it, or nothing when a row is
// refused (a RowError with its line) or an incident's number is on the desk already (a
// second import of the same file is refused with conflict). Only an admin imports: it creates
// people and groups. progress, if not nil, is told how far it is.
func Import(ctx context.Context, d *desk.Desk, actor people.Actor, r io.Reader, opts Options, progress func(Progress)) (*Report, error) {
	started := time.Now()
	if err := actor.Require(people.Admin, "import a ServiceNow history"); err != nil {
		return nil, err
	}
	if opts.ResolutionCode == "" {
		opts.ResolutionCode = "solved_permanently"
	}
	if opts.EmailDomain == "" {
		opts.EmailDomain = "servicenow-uci.invalid"
	}
	if err := checkOptions(opts); err != nil {
		return nil, err
	}
	tell := func(phase string, done, total int) {
		if progress != nil {
			progress(Progress{Phase: phase, Done: done, Total: total})
		}
	}
	incs, rows, err := parse(r, func(n int) { tell("read", n, 0) })
	if err != nil {
		return nil, err
	}
	tell("read", rows, rows)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	im := &importer{d: d, actor: actor, opts: opts, incs: incs, now: d.Now().UTC(), tell: tell}
	err = store.Tx(ctx, d.DB, func(tx *gorm.DB) error {
		im.rep = Report{Rows: rows}
		im.tx = tx
		return im.run(ctx)
	})
	if err != nil {
		return nil, err
	}
	im.rep.Seconds = time.Since(started).Seconds()
	tell("done", im.rep.Incidents, im.rep.Incidents)
	return &im.rep, nil
}

func checkOptions(o Options) error {
	if !contains(ticket.ResolutionCodes, o.ResolutionCode) {
		return fault.Field("resolutionCode", "%q is not a resolution code (%s)", o.ResolutionCode, strings.Join(ticket.ResolutionCodes, ", "))
	}
	for k, v := range o.CloseCodes {
		if !contains(ticket.ResolutionCodes, v) {
			return fault.Field("closeCodes", "%s maps to %q, which is not a resolution code", k, v)
		}
	}
	if !regexp.MustCompile(`^[a-z0-9-]+(\.[a-z0-9-]+)+$`).MatchString(o.EmailDomain) {
		return fault.Field("emailDomain", "%q is not a domain name", o.EmailDomain)
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

type importer struct {
	d     *desk.Desk
	tx    *gorm.DB
	actor people.Actor
	opts  Options
	incs  []*incident
	now   time.Time
	tell  func(string, int, int)
	rep   Report
	x     *ids
	// members holds each group's members (ids) once the directory is written.
	members map[string][]string
}

func (im *importer) run(ctx context.Context) error {
	if err := im.refuseTaken(); err != nil {
		return err
	}
	// Whatever the notification rules have not judged yet is judged now: what this import
	// writes is history, not news, and the cursor moves past it at the end.
	if _, err := notify.Catchup(im.tx, im.d.DeviceID, im.now); err != nil {
		return err
	}
	if err := im.directory(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := im.tickets(ctx); err != nil {
		return err
	}
	return store.Exec(im.tx, `UPDATE notify_state SET value = (SELECT COALESCE(MAX(seq), 0) FROM changes) WHERE key = 'cursor'`)
}

// refuseTaken refuses the import when a number it would keep is on the desk already (as a
// ticket's number or a replaced one): the same file imported twice, or a desk whose own
// numbering reached the file's.
func (im *importer) refuseTaken() error {
	nums := make([]string, len(im.incs))
	for i, inc := range im.incs {
		nums[i] = inc.number
	}
	var taken []string
	for start := 0; start < len(nums); start += store.MaxValues {
		marks, args := store.InList(nums[start:min(start+store.MaxValues, len(nums))])
		err := im.tx.Raw(`SELECT number FROM tickets WHERE number IN (`+marks+`)
			UNION SELECT number FROM ticket_aliases WHERE number IN (`+marks+`)`, append(args, args...)...).Scan(&taken).Error
		if err != nil {
			return err
		}
		if len(taken) > 0 {
			sort.Strings(taken)
			return fmt.Errorf("%d of the file's incident numbers are on this desk already (%s…): the history was imported before, or the desk numbered its own tickets into this range: %w",
				len(taken), taken[0], fault.ErrConflict)
		}
	}
	return nil
}

// directory creates the people, groups and memberships the incidents name (reusing those the
// desk has by email or name), each checked by its kind's create rule and logged so that it
// syncs before the tickets that refer to it.
func (im *importer) directory() error {
	im.tell("people", 0, 0)
	need := map[string]people.Role{}
	want := func(label string, role people.Role) {
		if label == "" {
			return
		}
		if have, ok := need[label]; !ok || role.AtLeast(have) {
			need[label] = role
		}
	}
	groups := map[string]bool{}
	pairs := map[[2]string]bool{}
	unknown := false
	for _, inc := range im.incs {
		for _, e := range inc.events {
			want(e.caller, people.Requester)
			unknown = unknown || e.caller == ""
			for _, l := range []string{e.openedBy, e.updatedBy, e.assignee, e.resolvedBy} {
				want(l, people.Agent)
			}
			if e.group != "" {
				groups[e.group] = true
				if e.assignee != "" {
					pairs[[2]string{e.group, e.assignee}] = true
				}
			}
		}
	}
	const unknownLabel = "Unknown caller (ServiceNow)"
	if unknown {
		want(unknownLabel, people.Requester)
	}
	x := &ids{person: map[string]string{}, group: map[string]string{}, importer: im.actor.ID,
		newID: func() string { return uuid.Must(uuid.NewV7()).String() }, matrix: im.d.Tickets.Matrix,
		close: func(code string) string {
			if c, ok := im.opts.CloseCodes[code]; ok {
				return c
			}
			return im.opts.ResolutionCode
		}}
	im.x = x
	reader := replica.TxReader{Tx: im.tx, Team: replica.Settings{Matrix: im.d.Tickets.Matrix}}
	at := im.now.UnixMilli()
	var log []changelog.Entry
	var trail []ticket.AuditEntry
	created := func(entity, id, name string) {
		trail = append(trail, ticket.AuditEntry{ID: x.newID(), Entity: entity, TicketID: id, ActorID: im.actor.ID, At: at,
			Field: "created", NewValue: name})
	}

	// People, by email: the desk's own are reused.
	labels := make([]string, 0, len(need))
	for l := range need {
		labels = append(labels, l)
	}
	sort.Strings(labels)
	emails := make([]string, len(labels))
	byEmail := map[string]string{}
	for i, l := range labels {
		emails[i] = emailOf(l, im.opts.EmailDomain)
		byEmail[emails[i]] = l
	}
	existing := map[string]people.User{}
	for start := 0; start < len(emails); start += store.MaxValues {
		var us []people.User
		marks, args := store.InList(emails[start:min(start+store.MaxValues, len(emails))])
		if err := im.tx.Raw(`SELECT * FROM users WHERE email IN (`+marks+`)`, args...).Scan(&us).Error; err != nil {
			return err
		}
		for _, u := range us {
			existing[u.Email] = u
		}
	}
	personType := lookup(people.EntityPerson)
	var docs []map[string]json.RawMessage
	var locals []map[string]any
	for i, l := range labels {
		if u, ok := existing[emails[i]]; ok {
			if !u.Role.AtLeast(need[l]) {
				return fault.Field("people", "%s (%s) is a %s on this desk, and the history needs them as an %s", u.Name, u.Email, u.Role, need[l])
			}
			x.person[l] = u.ID
			continue
		}
		u := people.User{ID: x.newID(), Name: l, Email: emails[i], Role: need[l], Active: true, CreatedAt: at, UpdatedAt: at}
		doc := docOf(map[string]any{"id": u.ID, "name": u.Name, "email": u.Email, "role": string(u.Role), "active": true, "createdAt": at})
		if err := personType.Rules.Create(reader, im.actor, doc); err != nil {
			return fmt.Errorf("person %s: %w", l, err)
		}
		x.person[l] = u.ID
		docs, locals = append(docs, doc), append(locals, map[string]any{"updatedAt": at})
		log = append(log, changelog.Entry{Entity: people.EntityPerson, RecordID: u.ID, Op: changelog.OpCreate, Value: doc})
		created(people.EntityPerson, u.ID, u.Name)
	}
	if err := replica.InsertMany(im.tx, personType, docs, locals); err != nil {
		return fmt.Errorf("insert people: %w", err)
	}
	im.rep.People = len(docs)
	if unknown {
		x.unknown = x.person[unknownLabel]
	}

	// Groups, by name.
	groupType := lookup(people.EntityGroup)
	names := make([]string, 0, len(groups))
	for g := range groups {
		names = append(names, g)
	}
	sort.Strings(names)
	var have []people.Group
	if len(names) > 0 {
		marks, args := store.InList(names)
		if err := im.tx.Raw(`SELECT * FROM assignment_groups WHERE name IN (`+marks+`)`, args...).Scan(&have).Error; err != nil {
			return err
		}
	}
	for _, g := range have {
		x.group[g.Name] = g.ID
	}
	docs, locals = nil, nil
	for _, name := range names {
		if x.group[name] != "" {
			continue
		}
		g := people.Group{ID: x.newID(), Name: name, Description: "ServiceNow assignment group (imported)", Active: true, CreatedAt: at}
		doc := docOf(map[string]any{"id": g.ID, "name": g.Name, "description": g.Description, "active": true, "createdAt": at})
		if err := groupType.Rules.Create(reader, im.actor, doc); err != nil {
			return fmt.Errorf("group %s: %w", name, err)
		}
		x.group[name] = g.ID
		docs, locals = append(docs, doc), append(locals, map[string]any{"updatedAt": at})
		log = append(log, changelog.Entry{Entity: people.EntityGroup, RecordID: g.ID, Op: changelog.OpCreate, Value: doc})
		created(people.EntityGroup, g.ID, g.Name)
	}
	if err := replica.InsertMany(im.tx, groupType, docs, locals); err != nil {
		return fmt.Errorf("insert groups: %w", err)
	}
	im.rep.Groups = len(docs)

	// Memberships: everyone assigned within a group is one of its members.
	memberType := lookup(people.EntityMember)
	im.members = map[string][]string{}
	var current []struct {
		ID, GroupID, UserID string
		Active              bool
	}
	if err := im.tx.Raw(`SELECT id, group_id, user_id, active FROM group_members`).Scan(&current).Error; err != nil {
		return err
	}
	isMember, wasMember := map[[2]string]bool{}, map[string]bool{}
	for _, m := range current {
		if !m.Active {
			wasMember[m.ID] = true
			continue
		}
		isMember[[2]string{m.GroupID, m.UserID}] = true
		im.members[m.GroupID] = append(im.members[m.GroupID], m.UserID)
	}
	keys := make([][2]string, 0, len(pairs))
	for p := range pairs {
		keys = append(keys, p)
	}
	sort.Slice(keys, func(i, j int) bool { return keys[i][0]+"\x00"+keys[i][1] < keys[j][0]+"\x00"+keys[j][1] })
	docs, locals = nil, nil
	for _, p := range keys {
		gid, uid := x.group[p[0]], x.person[p[1]]
		if isMember[[2]string{gid, uid}] {
			continue
		}
		id := people.MemberID(gid, uid)
		if wasMember[id] {
			return fault.Field("members", "%s was taken out of %s on this desk; put them back before importing", p[1], p[0])
		}
		doc := docOf(map[string]any{"id": id, "groupId": gid, "userId": uid, "active": true})
		if err := memberType.Rules.Create(reader, im.actor, doc); err != nil {
			return fmt.Errorf("membership of %s in %s: %w", p[1], p[0], err)
		}
		isMember[[2]string{gid, uid}] = true
		im.members[gid] = append(im.members[gid], uid)
		docs, locals = append(docs, doc), append(locals, map[string]any{})
		log = append(log, changelog.Entry{Entity: people.EntityMember, RecordID: id, Op: changelog.OpCreate, Value: doc})
	}
	if err := replica.InsertMany(im.tx, memberType, docs, locals); err != nil {
		return fmt.Errorf("insert memberships: %w", err)
	}
	im.rep.Members = len(docs)
	for start := 0; start < len(log); start += 100 {
		if err := im.d.Log.Append(im.tx, im.actor.ID, log[start:min(start+100, len(log))]...); err != nil {
			return err
		}
	}
	im.rep.Changes += len(log)
	if err := ticket.WriteAudit(im.tx, trail); err != nil {
		return err
	}
	im.tell("people", len(need), len(need))
	return nil
}

func lookup(entity string) *replica.Type {
	t, ok := replica.Lookup(entity)
	if !ok {
		panic("servicenow: " + entity + " is not declared")
	}
	return t
}

func docOf(fields map[string]any) map[string]json.RawMessage {
	doc := make(map[string]json.RawMessage, len(fields))
	for k, v := range fields {
		b, _ := json.Marshal(v)
		doc[k] = b
	}
	return doc
}

var notWord = regexp.MustCompile(`[^a-z0-9]+`)

// emailOf is the address of a person the file names by a label ("Caller 2403").
func emailOf(label, domain string) string {
	return strings.Trim(notWord.ReplaceAllString(strings.ToLower(label), "."), ".") + "@" + domain
}

// rows buffers one table's rows and writes them in multi-row INSERTs of a fixed size, so
// each statement text is prepared once for the transaction (store.Exec keeps it).
type rows struct {
	tx   *gorm.DB
	head string
	cols int
	per  int
	n    int
	args []any
	full string // the statement for per rows
}

func newRows(tx *gorm.DB, table, cols string) *rows {
	n := strings.Count(cols, ",") + 1
	r := &rows{tx: tx, head: "INSERT INTO " + table + "(" + cols + ") VALUES ", cols: n, per: max(1, store.MaxValues/n)}
	r.full = r.statement(r.per)
	return r
}

func (r *rows) statement(n int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", r.cols), ",") + ")"
	return r.head + strings.TrimSuffix(strings.Repeat(one+",", n), ",")
}

func (r *rows) add(args ...any) {
	r.args = append(r.args, args...)
	r.n++
}

// flush writes every buffered row, in statements of the fixed size and one for the rest.
func (r *rows) flush() error {
	for r.n > 0 {
		k := min(r.n, r.per)
		q := r.full
		if k != r.per {
			q = r.statement(k)
		}
		if err := store.Exec(r.tx, q, r.args[:k*r.cols]...); err != nil {
			return fmt.Errorf("%s…: %w", r.head, err)
		}
		r.args = append(r.args[:0], r.args[k*r.cols:]...)
		r.n -= k
	}
	return nil
}

func nullable(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}

func nullInt(p *int64) any {
	if p == nil {
		return nil
	}
	return *p
}

// tickets writes the incidents: each ticket as its last row leaves it, its history in the
// audit trail, a create op and the moves to its state in the change log; then their search
// rows, the counter past their numbers, and their SLA state.
func (im *importer) tickets(ctx context.Context) error {
	tx, x := im.tx, im.x
	var firstRowid int64
	if err := tx.Raw(`SELECT COALESCE(MAX(rowid), 0) FROM tickets`).Scan(&firstRowid).Error; err != nil {
		return err
	}
	tickets := newRows(tx, "tickets", `id, number, type, title, description, requester_id, category, subcategory,
		service, ci, impact, urgency, priority, priority_override_reason, state, hold_reason, resolution_code,
		resolution_notes, group_id, assignee_id, source, tags, created_by, created_at, updated_at, resolved_at, closed_at`)
	trail := newRows(tx, "audit_entries", audit.Columns)
	changes := newRows(tx, "changes", "id, entity, record_id, op, field, value, hlc, device_id, author_id")
	chain, err := audit.Tail(tx)
	if err != nil {
		return err
	}
	inserted := make(map[string]*ticket.Inserted, len(im.incs))
	idsInOrder := make([]string, 0, len(im.incs))
	var maxNum int64
	change := func(t *ticket.Ticket, at int64, n int, op, field string, value any) error {
		v, err := json.Marshal(value)
		if err != nil {
			return err
		}
		im.rep.Changes++
		changes.add(uuid.Must(uuid.NewV7()).String(), ticket.EntityTicket, t.ID, op, field, string(v),
			int64(hlc.New(at, uint16(n))), im.d.DeviceID, im.actor.ID)
		return nil
	}
	flushAll := func() error {
		for _, r := range []*rows{tickets, trail, changes} {
			if err := r.flush(); err != nil {
				return err
			}
		}
		return nil
	}
	for i, inc := range im.incs {
		if i%2000 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
			im.tell("tickets", i, len(im.incs))
		}
		r := x.replay(inc)
		t := r.t
		if err := im.check(r); err != nil {
			return fmt.Errorf("%s (line %d): %w", inc.number, inc.events[0].line, err)
		}
		var n int64
		if _, err := fmt.Sscanf(inc.number[3:], "%d", &n); err == nil && n > maxNum {
			maxNum = n
		}
		tickets.add(t.ID, t.Number, string(t.Type), t.Title, t.Description, t.RequesterID, t.Category,
			t.Subcategory, t.Service, t.CI, t.Impact, t.Urgency, t.Priority, t.PriorityOverrideReason, string(t.State),
			t.HoldReason, t.ResolutionCode, t.ResolutionNotes, nullable(t.GroupID), nullable(t.AssigneeID), t.Source,
			t.Tags, t.CreatedBy, t.CreatedAt, t.UpdatedAt, nullInt(t.ResolvedAt), nullInt(t.ClosedAt))
		for _, e := range r.trail {
			ae := audit.Entry{ID: e.ID, Entity: e.Entity, RecordID: e.TicketID, ActorID: e.ActorID, At: e.At, Field: e.Field, Old: e.OldValue, New: e.NewValue}
			trail.add(audit.Row(ae, chain.Next(ae))...)
		}
		if err := change(t, t.CreatedAt, 0, changelog.OpCreate, "", r.born); err != nil {
			return err
		}
		from, last := ticket.New, t.CreatedAt
		for k, m := range r.moves {
			at := max(m.at, last)
			last = at
			if err := change(t, at, k+1, changelog.OpTransition, "state", map[string]any{
				"from": from, "to": m.m.To, "holdReason": m.m.HoldReason, "resolutionCode": m.m.ResolutionCode,
				"resolutionNotes": m.m.ResolutionNotes, "reason": m.m.Reason}); err != nil {
				return err
			}
			from = m.m.To
		}
		im.rep.Incidents++
		im.rep.AuditLines += len(r.trail)
		im.rep.StateChanges += r.states
		if t.State.Open() {
			im.rep.Open++
		}
		inserted[t.ID] = &ticket.Inserted{ID: t.ID, Number: t.Number, Title: t.Title, Type: t.Type, Category: t.Category,
			Service: t.Service, GroupID: deref(t.GroupID), AssigneeID: deref(t.AssigneeID), Priority: t.Priority,
			State: t.State, CreatedAt: t.CreatedAt, Trail: r.trail}
		idsInOrder = append(idsInOrder, t.ID)
		// The audit and change rows refer to the tickets: written after them.
		if tickets.n >= tickets.per {
			if err := flushAll(); err != nil {
				return err
			}
		}
	}
	if err := flushAll(); err != nil {
		return err
	}
	im.tell("tickets", len(im.incs), len(im.incs))
	// The search rows in one statement: FTS5 flushes its pending terms at the end of every
	// statement, so one statement leaves one segment instead of thousands.
	if err := store.Exec(tx, `INSERT INTO tickets_fts(rowid, number, title, description, replies, notes)
		SELECT rowid, number, title, description, '', '' FROM tickets WHERE rowid > ?`, firstRowid); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	// The desk's own numbering goes on past the numbers the file brought.
	if err := store.Exec(tx, `INSERT INTO counters(kind, next) VALUES (?, ?)
		ON CONFLICT(kind) DO UPDATE SET next = MAX(next, excluded.next)`, string(ticket.Incident), max(maxNum+1, 1001)); err != nil {
		return err
	}
	im.tell("sla", 0, len(idsInOrder))
	hooked := ticket.WithInserted(tx, inserted)
	if err := im.d.SLA.Hook(hooked, idsInOrder, im.now); err != nil {
		return fmt.Errorf("SLA of the imported tickets: %w", err)
	}
	im.tell("sla", len(idsInOrder), len(idsInOrder))
	return nil
}

// check judges a replayed incident by the rules a ticket written at the desk meets (and the
// server re-checks when the desk syncs): the create as the importer logs it, each move of
// its path, its routing.
func (im *importer) check(r *replayed) error {
	born := r.born
	if err := ticket.CheckNew(im.actor, &born, im.d.Tickets.Matrix); err != nil {
		return err
	}
	if g, a := deref(born.GroupID), deref(born.AssigneeID); g != "" && a != "" {
		if err := ticket.CheckAssignee(g, a, im.members[g]); err != nil {
			return err
		}
	}
	t := born
	for _, m := range r.moves {
		if err := ticket.CheckMove(&t, im.actor, m.m); err != nil {
			return err
		}
		t.State = m.m.To
	}
	return checkTexts(r.t)
}

// checkTexts holds the ticket's texts to the limits the desk's forms and service hold them to.
func checkTexts(t *ticket.Ticket) error {
	limits := ticket.Limits()
	v := &fault.Validation{}
	for _, f := range []struct{ name, what, s string }{
		{"category", "a category", t.Category}, {"subcategory", "a subcategory", t.Subcategory},
		{"ci", "a configuration item", t.CI}, {"description", "a description", t.Description},
		{"resolutionNotes", "resolution notes", t.ResolutionNotes}, {"priorityReason", "a priority reason", t.PriorityOverrideReason},
	} {
		v.Limit(f.name, f.what, f.s, limits["ticket."+f.name])
	}
	return v.Err()
}
