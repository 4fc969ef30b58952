package sla

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/store"
)

// planned is one level still to fire, as stored in tickets.sla_plan (and as a row of
// sla_schedule).
type planned struct {
	Kind    string `json:"k"`
	Percent int    `json:"p"`
	Target  string `json:"t"`
	At      int64  `json:"at"`
	Stage   string `json:"s,omitempty"` // the stage the ticket reaches when it fires
}

type firedKey struct {
	ticket, kind string
	level        int
	target       string
}

// refresh recomputes the SLA columns of the tickets selected by where, at now, and keeps their
// rows in sla_schedule in step with the new plan.
func (s *Service) refresh(tx *gorm.DB, now time.Time, where string, args ...any) error {
	recs, err := loadRecords(tx, where, args...)
	if err != nil {
		return err
	}
	return s.refreshRecords(tx, now, recs)
}

// refreshRecords recomputes the SLA columns and schedule rows of recs at now.
func (s *Service) refreshRecords(tx *gorm.DB, now time.Time, recs []*record) error {
	return s.refreshWith(tx, now, recs, scheduleWriter{tx: tx})
}

func (s *Service) refreshWith(tx *gorm.DB, now time.Time, recs []*record, sc scheduleWriter) error {
	if len(recs) == 0 {
		return nil
	}
	fired, err := firedLevels(tx, recordIDs(recs))
	if err != nil {
		return err
	}
	// Tickets read here carry their rowid: the update finds each row by it, without a search
	// of the id index first. Tickets a pulled page inserted come without one.
	sw := stateWriter{tx: tx, now: now.UnixMilli(), byRowid: true}
	for _, r := range recs {
		if r.rowid == 0 {
			sw.byRowid = false
			break
		}
	}
	if err := s.derive(now, recs, fired, &sw, &sc); err != nil {
		return err
	}
	if err := sw.flush(); err != nil {
		return err
	}
	return sc.flush()
}

func recordIDs(recs []*record) []string {
	ids := make([]string, len(recs))
	for i, r := range recs {
		ids[i] = r.ID
	}
	return ids
}

// derive computes each ticket's SLA at now and hands its new state to sw and its plan, when
// it changed, to sc.
func (s *Service) derive(now time.Time, recs []*record, fired map[firedKey]bool, sw *stateWriter, sc *scheduleWriter) error {
	// A policy's rules once per chunk, not once per ticket: Rules copies the escalation
	// levels, one of the derive's allocations per ticket.
	var last *Policy
	var rules Rules
	for _, r := range recs {
		p, sched := s.match(r.subject())
		var st Status
		if p != nil {
			if p != last {
				last, rules = p, p.Rules()
			}
			st = Compute(r.history, rules, sched, now)
		}
		plan := planFor(r.ID, p, st, fired)
		planJSON, err := sw.add(r, p, st, plan)
		if err != nil {
			return err
		}
		if planJSON != r.Plan {
			if err := sc.replace(r.ID, r.rowid, r.Plan, plan); err != nil {
				return err
			}
		}
	}
	return nil
}

// scheduleWriter replaces tickets' rows in sla_schedule: the old rows are found by primary
// key from the plan the ticket held (the sweep deletes the fired ones by range, so some are
// gone already), the new ones are inserted in a few multi-row statements.
type scheduleWriter struct {
	tx   *gorm.DB
	rows []scheduleRow
	// sorted holds every row until flush and writes them in key order.
	sorted bool
	plans  []ticketPlan // a sorted writer's tickets until flush
	refs   []rowRef     // their rows in key order, once sorted
}

type ticketPlan struct {
	ticket string
	rowid  int64
	plan   []planned
}

// scheduleRow is a row of sla_schedule; rowid is the ticket's (0 when not known yet: a
// ticket Settle writes for before its insert), for the sweep to read the ticket by.
type scheduleRow struct {
	ticket string
	rowid  int64
	planned
}

func (w *scheduleWriter) replace(ticketID string, rowid int64, oldPlan string, plan []planned) error {
	if oldPlan != "" {
		old, err := parsePlan(oldPlan)
		if err != nil {
			return fmt.Errorf("SLA plan of %s: %w", ticketID, err)
		}
		for _, p := range old {
			// One statement kept for the transaction (store.Exec): a recompute of every open
			// ticket deletes a few rows for each.
			if err := store.Exec(w.tx, `DELETE FROM sla_schedule WHERE at = ? AND ticket_id = ? AND kind = ? AND level = ? AND target = ?`,
				p.At, ticketID, p.Kind, p.Percent, p.Target); err != nil {
				return fmt.Errorf("SLA schedule of %s: %w", ticketID, err)
			}
		}
	}
	if w.sorted {
		// Kept as planned until flush, which then sizes the rows once (a 100k recompute
		// writes 400k rows: growing them row by row copied them over and over).
		w.plans = append(w.plans, ticketPlan{ticketID, rowid, plan})
		return nil
	}
	for _, p := range plan {
		w.rows = append(w.rows, scheduleRow{ticketID, rowid, p})
	}
	if len(w.rows) >= store.MaxValues/7 {
		return w.flush()
	}
	return nil
}

func (w *scheduleWriter) flush() error {
	if !w.sorted {
		return w.insert(w.rows)
	}
	if w.plans != nil {
		w.sort()
	}
	return w.eachSorted(w.insert)
}

// rowRef is a sorted writer's row by its ticket and its level in that ticket's plan, with
// the due time it is sorted by first and its place among the rows due at the same time.
type rowRef struct {
	at          int64
	tie         uint64 // the ticket's rank by id, then the level's by kind, share and target
	plan, level int32
}

// sort puts a sorted writer's rows in the schedule's key order. It sorts 24-byte references
// (sorting the 80-byte rows themselves, after copying them out of the plans, was a third of a
// 100k recompute's reading goroutine past the scan, 0.49–0.58 s of CPU by profile) by two
// integers: rows due at the same instant are common (a policy's target from tickets opened in
// the same minute), and comparing their ticket ids and levels as strings made the sort
// 0.19–0.25 s; ranking the tickets by id once instead, in a sort of nearly sorted ids (UUIDv7,
// read in rowid order), makes it 0.12–0.17 s (three alternated runs each, 0.21–0.29 s before).
func (w *scheduleWriter) sort() {
	n := 0
	for _, tp := range w.plans {
		n += len(tp.plan)
		if len(tp.plan) > 255 {
			w.sortByRow()
			return
		}
	}
	byID := make([]int32, len(w.plans))
	for i := range byID {
		byID[i] = int32(i)
	}
	slices.SortFunc(byID, func(a, b int32) int { return strings.Compare(w.plans[a].ticket, w.plans[b].ticket) })
	w.refs = make([]rowRef, 0, n)
	var order [255]uint8
	for rank, i := range byID {
		tp := &w.plans[i]
		levelOrder(tp.plan, order[:len(tp.plan)])
		for j, p := range tp.plan {
			w.refs = append(w.refs, rowRef{p.At, uint64(rank)<<8 | uint64(order[j]), i, int32(j)})
		}
	}
	slices.SortFunc(w.refs, func(a, b rowRef) int {
		if c := cmp.Compare(a.at, b.at); c != 0 {
			return c
		}
		return cmp.Compare(a.tie, b.tie)
	})
}

// levelOrder sets order[j] to the place of plan[j] among the plan's levels by kind, share and
// target, the schedule key's order within a ticket.
func levelOrder(plan []planned, order []uint8) {
	for j := range plan {
		k := 0
		for i := range plan {
			if compareLevel(plan[i], plan[j]) < 0 || (i < j && compareLevel(plan[i], plan[j]) == 0) {
				k++
			}
		}
		order[j] = uint8(k)
	}
}

func compareLevel(a, b planned) int {
	if c := strings.Compare(a.Kind, b.Kind); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Percent, b.Percent); c != 0 {
		return c
	}
	return strings.Compare(a.Target, b.Target)
}

// sortByRow is sort comparing the rows themselves: for a plan of more levels than a tie's
// byte can rank (none in practice).
func (w *scheduleWriter) sortByRow() {
	w.refs = w.refs[:0]
	for i, tp := range w.plans {
		for j, p := range tp.plan {
			w.refs = append(w.refs, rowRef{at: p.At, plan: int32(i), level: int32(j)})
		}
	}
	slices.SortFunc(w.refs, func(a, b rowRef) int {
		if c := cmp.Compare(a.at, b.at); c != 0 {
			return c
		}
		x, y := w.row(a), w.row(b)
		if c := strings.Compare(x.ticket, y.ticket); c != 0 {
			return c
		}
		return compareLevel(x.planned, y.planned)
	})
}

func (w *scheduleWriter) row(r rowRef) scheduleRow {
	tp := &w.plans[r.plan]
	return scheduleRow{tp.ticket, tp.rowid, tp.plan[r.level]}
}

// eachSorted hands a sorted writer's rows to fn in key order, a statement's worth at a time
// (the slice is reused), and lets them go.
func (w *scheduleWriter) eachSorted(fn func([]scheduleRow) error) error {
	const per = store.MaxValues / 7
	chunk := make([]scheduleRow, 0, per)
	for i := 0; i < len(w.refs); i += per {
		chunk = chunk[:0]
		for _, r := range w.refs[i:min(i+per, len(w.refs))] {
			chunk = append(chunk, w.row(r))
		}
		if err := fn(chunk); err != nil {
			return err
		}
	}
	w.refs, w.plans = nil, nil
	return nil
}

func (w *scheduleWriter) insert(rows []scheduleRow) error {
	if len(rows) == 0 {
		return nil
	}
	// Here too a statement's rows hold few kind, target and stage combinations: bound once a
	// statement (sideInsert), a pull's schedule writes took 0.61 → 0.37 s of the applying
	// goroutine's CPU over 18 pulls of 20000 ops.
	query, args := sideInsert(rows)
	if !w.sorted {
		w.rows = w.rows[:0]
	}
	if err := store.Exec(w.tx, query, args...); err != nil {
		return fmt.Errorf("write SLA schedule: %w", err)
	}
	return nil
}

// scheduleInsert is the statement that writes rows into sla_schedule, and its arguments.
func scheduleInsert(rows []scheduleRow) (string, []any) {
	var sb strings.Builder
	args := make([]any, 0, len(rows)*7)
	sb.WriteString(`INSERT INTO sla_schedule(at, ticket_id, kind, level, target, stage, ticket_rowid) VALUES `)
	for i, r := range rows {
		if i > 0 {
			sb.WriteByte(',')
		}
		sb.WriteString("(?,?,?,?,?,?,?)")
		args = append(args, r.At, r.ticket, r.Kind, r.Percent, r.Target, r.Stage, r.rowid)
	}
	sb.WriteString(` ON CONFLICT DO UPDATE SET stage = excluded.stage, ticket_rowid = excluded.ticket_rowid`)
	return sb.String(), args
}

// allFired reads every level fired, of every ticket, for a recompute of all open tickets,
// when there are few: one scan of sla_events instead of a query binding 500 ids per 500
// tickets (0.1–0.2 s of a 100k recompute's reading goroutine, by profile, with no event at
// all). It returns nil when there are more than one per open ticket, whose scan could cost
// more than the queries: a desk's closed tickets keep theirs. open is how many tickets are
// open, as the caller counted them before its transaction (only this choice depends on it;
// counting them again here took ~15 ms of CPU by profile, before the first batch, with the
// writer waiting).
func allFired(tx *gorm.DB, open int64) (map[firedKey]bool, error) {
	var events int64
	if err := tx.Raw(`SELECT COUNT(*) FROM sla_events`).Scan(&events).Error; err != nil {
		return nil, err
	}
	if events > open {
		return nil, nil
	}
	out := make(map[firedKey]bool, events)
	rows, err := tx.Raw(`SELECT ticket_id, kind, level, target FROM sla_events`).Rows()
	err = store.EachRow(rows, err, func(rows *sql.Rows) error {
		var k firedKey
		if err := rows.Scan(&k.ticket, &k.kind, &k.level, &k.target); err != nil {
			return err
		}
		out[k] = true
		return nil
	})
	return out, err
}

// firedLevels reads the levels already fired for ids, a bounded number of ids a statement.
func firedLevels(tx *gorm.DB, ids []string) (map[firedKey]bool, error) {
	out := map[firedKey]bool{}
	const per = 10_000
	for i := 0; i < len(ids); i += per {
		if err := readFired(tx, ids[i:min(i+per, len(ids))], out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func readFired(tx *gorm.DB, ids []string, out map[firedKey]bool) error {
	// Through the transaction's kept statements, not GORM's IN expansion: a pulled page asks
	// this for every page's new tickets.
	for start := 0; start < len(ids); start += store.MaxValues {
		marks, args := store.InList(ids[start:min(start+store.MaxValues, len(ids))])
		err := store.QueryEach(tx, `SELECT ticket_id, kind, level, target FROM sla_events WHERE ticket_id IN (`+marks+`)`, args, func(rows *sql.Rows) error {
			var k firedKey
			if err := rows.Scan(&k.ticket, &k.kind, &k.level, &k.target); err != nil {
				return err
			}
			out[k] = true
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func planFor(id string, p *Policy, st Status, fired map[firedKey]bool) []planned {
	if len(st.Dues) == 0 {
		return nil
	}
	plan := make([]planned, 0, len(st.Dues))
	warn := Rules{WarnPercent: p.WarnPercent}.warn()
	for _, d := range st.Dues {
		if fired[firedKey{id, d.Kind, d.Percent, d.Target}] {
			continue
		}
		e := planned{Kind: d.Kind, Percent: d.Percent, Target: d.Target, At: d.At.UnixMilli()}
		switch {
		case d.Percent >= 100:
			e.Stage = StageBreached
		case d.Percent >= warn:
			e.Stage = StageWarning
		}
		plan = append(plan, e)
	}
	return plan
}

func (r Rules) warn() int {
	if r.WarnPercent <= 0 || r.WarnPercent >= 100 {
		return 75
	}
	return r.WarnPercent
}

// stateWriter writes tickets' SLA columns, several tickets to a statement: a page of pulled
// tickets, or a recompute of every open ticket, would otherwise cost a statement (and its
// parse) per ticket.
type stateWriter struct {
	tx      *gorm.DB
	now     int64
	byRowid bool // rows are found by rowid, not by id
	args    []any
	n       int
	// hand, when set, takes each full batch instead of the writer running it (exec): a
	// recompute of every open ticket derives the batches beside the transaction that writes
	// them (Service.recomputeAll).
	hand func(n int, args []any) error
}

const stateColumns = 12

// add queues a ticket's new SLA state and returns its plan as stored.
func (w *stateWriter) add(r *record, p *Policy, st Status, plan []planned) (string, error) {
	var policyID, respDue, resDue, nextAt any
	planJSON := ""
	if p != nil {
		policyID = p.ID
	}
	if st.Response.State == Running {
		respDue = nz(st.Response.DueAt)
	}
	if st.Resolution.State == Running {
		resDue = nz(st.Resolution.DueAt)
	}
	if len(plan) > 0 {
		nextAt = plan[0].At
		planJSON = planText(plan)
	}
	var key any = r.ID
	if w.byRowid {
		key = r.rowid
	}
	w.args = append(w.args, key, policyID, st.Stage, st.Paused, respDue, resDue, nz(st.DueAt), nextAt, planJSON, w.now,
		nz(st.WarnAt), nz(st.BreachAt))
	w.n++
	if w.n >= store.MaxValues/stateColumns {
		return planJSON, w.flush()
	}
	return planJSON, nil
}

func (w *stateWriter) flush() error {
	if w.n == 0 {
		return nil
	}
	n, args := w.n, w.args
	if w.hand != nil {
		w.args, w.n = make([]any, 0, len(args)), 0
		return w.hand(n, args)
	}
	w.args, w.n = w.args[:0], 0
	return w.exec(n, args)
}

// exec writes n tickets' SLA state, args as add queued them.
func (w *stateWriter) exec(n int, args []any) error {
	key := "id"
	if w.byRowid {
		key = "rowid"
	}
	// VALUES columns are named column1, column2, ... in the order of add's arguments.
	//
	// OR FAIL: a statement that may write several rows and abort on a constraint keeps a
	// statement journal, every page it touches copied first so the statement alone can be
	// undone (0.26 s of a 100k-ticket recompute's 2.2 s in this statement, by CPU profile), and
	// opens a savepoint on the search index, which flushes its pending rows there (most of the
	// SLA hook's CPU in a create's profile). No writer here goes on after a failed statement:
	// the error ends its transaction or savepoint, and that rollback undoes the rows written.
	if err := store.Exec(w.tx, stateUpdate(n, key), args...); err != nil {
		return fmt.Errorf("write SLA state: %w", err)
	}
	return nil
}

// stateUpdate is the statement that writes n tickets' SLA state, found by key (id or rowid),
// from add's arguments.
func stateUpdate(n int, key string) string {
	return `UPDATE OR FAIL tickets SET sla_policy_id = v.column2, sla_stage = v.column3, sla_paused = v.column4,
		sla_response_due = v.column5, sla_resolution_due = v.column6, sla_due_at = v.column7, sla_next_at = v.column8,
		sla_plan = v.column9, sla_at = v.column10, sla_warn_at = v.column11, sla_breach_at = v.column12
		FROM (VALUES ` + values(n, stateColumns) + `) AS v WHERE tickets.` + key + ` = v.column1`
}

// stateBatch is n tickets' SLA state as stateWriter.add queued it, as the driver's arguments
// (a big recompute's reader makes them, the writer runs them: execStateBatches).
type stateBatch struct {
	n    int
	args []driver.NamedValue
}

// namedValues is args as the driver takes them, numbered from 1.
func namedValues(args []any) []driver.NamedValue {
	nv := make([]driver.NamedValue, len(args))
	for i, a := range args {
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: a}
	}
	return nv
}

// execStateBatches writes each batch's SLA state, by rowid, through dc, the driver's own
// connection of the transaction: database/sql's statement, its locks and its conversion of
// every argument (1.2M for 100k tickets) were 0.12–0.14 s of the writer's 0.9 s in these
// updates, by profile, with nothing to do here (one goroutine on the connection, and
// arguments of the driver's types already).
func execStateBatches(ctx context.Context, dc any, batches <-chan stateBatch) error {
	c, ok := dc.(driver.ConnPrepareContext)
	if !ok {
		return fmt.Errorf("write SLA state: driver connection %T cannot prepare", dc)
	}
	stmts := store.DriverStmts{Conn: c}
	defer stmts.Close()
	for b := range batches {
		st, _, err := stmts.Get(ctx, stateUpdate(b.n, "rowid"))
		if err != nil {
			return fmt.Errorf("write SLA state: %w", err)
		}
		if _, err := st.ExecContext(ctx, b.args); err != nil {
			return fmt.Errorf("write SLA state: %w", err)
		}
	}
	return nil
}

// planText is the plan as tickets.sla_plan stores it: each level as kind, share, target, due
// time and stage, "b75/3d@1741003260000w;b100/3d@1741027200000b" (44 bytes where its JSON
// took 139, a third of a ticket row). Every recompute and SLA hook rewrites the rows it
// derives: with the JSON, a 100k recompute rewrote 43 MB of tickets, and a row whose clock
// gained a due time grew past its page's room (9 rows to a 4 KB page, 49 bytes free), so
// every page was split. A plan whose kind or stage is none of today's, or whose target holds
// a character the text uses, is stored as its JSON, which parsePlan reads too, as it reads
// the plans profiles hold from before.
func planText(plan []planned) string {
	n := 0
	for _, p := range plan {
		if planKind(p.Kind) == 0 || planStage(p.Stage) < 0 || !plainTarget(p.Target) {
			b, _ := json.Marshal(plan)
			return string(b)
		}
		n += 32 + len(p.Target)
	}
	b := make([]byte, 0, n)
	for i, p := range plan {
		if i > 0 {
			b = append(b, ';')
		}
		b = append(b, planKind(p.Kind))
		b = strconv.AppendInt(b, int64(p.Percent), 10)
		b = append(b, '/')
		b = append(b, p.Target...)
		b = append(b, '@')
		b = strconv.AppendInt(b, p.At, 10)
		if c := planStage(p.Stage); c > 0 {
			b = append(b, byte(c))
		}
	}
	return string(b)
}

// planKind is a kind's letter in a plan's text, 0 for a kind it has none for.
func planKind(kind string) byte {
	switch kind {
	case Response:
		return 'a'
	case Resolution:
		return 'b'
	}
	return 0
}

// planStage is a stage's letter in a plan's text: 0 for none, -1 for a stage it has none for.
func planStage(stage string) int {
	switch stage {
	case "":
		return 0
	case StageWarning:
		return 'w'
	case StageBreached:
		return 'b'
	}
	return -1
}

// plainTarget reports whether a target can stand in a plan's text as it is: printable ASCII
// other than the text's separators, and not empty (targets are "3d", "8h", "30m").
func plainTarget(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x21 || c > 0x7e || c == '@' || c == ';' || c == '/' {
			return false
		}
	}
	return true
}

// parsePlan reads a plan as planText wrote it, or as JSON (a plan stored before, or one
// planText wrote as JSON).
func parsePlan(text string) ([]planned, error) {
	if text == "" {
		return nil, nil
	}
	if text[0] == '[' {
		var plan []planned
		err := json.Unmarshal([]byte(text), &plan)
		return plan, err
	}
	plan := make([]planned, 0, strings.Count(text, ";")+1)
	for level := range strings.SplitSeq(text, ";") {
		var p planned
		switch {
		case level == "":
			return nil, fmt.Errorf("empty level in plan %q", text)
		case level[0] == 'a':
			p.Kind = Response
		case level[0] == 'b':
			p.Kind = Resolution
		default:
			return nil, fmt.Errorf("unknown kind in plan %q", text)
		}
		share, rest, ok1 := strings.Cut(level[1:], "/")
		target, at, ok2 := strings.Cut(rest, "@")
		if !ok1 || !ok2 {
			return nil, fmt.Errorf("malformed plan %q", text)
		}
		switch {
		case strings.HasSuffix(at, "w"):
			p.Stage, at = StageWarning, at[:len(at)-1]
		case strings.HasSuffix(at, "b"):
			p.Stage, at = StageBreached, at[:len(at)-1]
		}
		var err1, err2 error
		p.Percent, err1 = strconv.Atoi(share)
		p.At, err2 = strconv.ParseInt(at, 10, 64)
		if err := errors.Join(err1, err2); err != nil {
			return nil, fmt.Errorf("plan %q: %w", text, err)
		}
		p.Target = target
		plan = append(plan, p)
	}
	return plan, nil
}

func nz(ms int64) any {
	if ms == 0 {
		return nil
	}
	return ms
}

// TicketStatus is a ticket's SLA as the badge and the detail pane show it.
type TicketStatus struct {
	Status
	TicketID   string `json:"ticketId"`
	PolicyID   string `json:"policyId"`
	PolicyName string `json:"policyName"`
	Now        int64  `json:"now"`
}

// Status computes a ticket's SLA at now from its history, for anyone who may see the ticket.
func (s *Service) Status(ctx context.Context, actor people.Actor, ticketID string, now time.Time) (*TicketStatus, error) {
	if _, err := s.Tickets.Get(ctx, actor, ticketID); err != nil {
		return nil, err
	}
	recs, err := loadRecords(s.DB.WithContext(ctx), "t.id = ?", ticketID)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, fmt.Errorf("ticket %s: %w", ticketID, fault.ErrNotFound)
	}
	out := &TicketStatus{TicketID: ticketID, Now: now.UnixMilli()}
	p, sched := s.match(recs[0].subject())
	if p == nil {
		return out, nil
	}
	out.Status = Compute(recs[0].history, p.Rules(), sched, now)
	out.PolicyID, out.PolicyName = p.ID, p.Name
	return out, nil
}
