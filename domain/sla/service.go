package sla

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/replica"
	"outpost/domain/store"
	"outpost/domain/ticket"
)

// Service keeps SLA policies and calendars, and every ticket's derived SLA state: it hooks
// into ticket writes so the state is current when the write commits.
type Service struct {
	DB      *gorm.DB
	Tickets *ticket.Service
	Now     func() time.Time

	// recomputes counts RecomputeOpen runs (tests: a pulled configuration change
	// recomputes once per desk, not once per op).
	recomputes atomic.Int64

	mu        sync.RWMutex
	calendars []Calendar
	schedules map[string]*Schedule
	policies  []Policy // by position, the default last
}

// keySeeded marks a profile whose SLA defaults were written, so deleting them is respected.
const keySeeded = "sla_seeded"

// Open seeds the defaults once, loads policies and calendars, and registers the hook that
// keeps each ticket's SLA columns current on tickets.AfterWrite.
func Open(ctx context.Context, db *gorm.DB, tickets *ticket.Service) (*Service, error) {
	s := &Service{DB: db, Tickets: tickets, Now: tickets.Now}
	seeded, err := s.seed(ctx)
	if err != nil {
		return nil, fmt.Errorf("seed SLA defaults: %w", err)
	}
	if err := s.load(ctx); err != nil {
		return nil, err
	}
	tickets.AfterWrite = append(tickets.AfterWrite, s.Hook)
	stale, err := s.stale(ctx)
	if err != nil {
		return nil, err
	}
	if seeded || stale {
		// A profile that had tickets before SLAs existed, or before a migration added an SLA
		// column, gets their state now.
		if _, err := s.RecomputeOpen(ctx); err != nil {
			return nil, err
		}
		if err := s.DB.WithContext(ctx).Exec(`DELETE FROM settings WHERE key = ?`, keyRecompute).Error; err != nil {
			return nil, fmt.Errorf("clear SLA recompute mark: %w", err)
		}
	}
	return s, nil
}

// keyRecompute is set by a migration that adds a derived SLA column: every open ticket's SLA
// is computed again once.
const keyRecompute = "sla_recompute"

func (s *Service) stale(ctx context.Context) (bool, error) {
	var n int64
	if err := s.DB.WithContext(ctx).Raw(`SELECT COUNT(*) FROM settings WHERE key = ?`, keyRecompute).Scan(&n).Error; err != nil {
		return false, fmt.Errorf("read SLA recompute mark: %w", err)
	}
	return n > 0, nil
}

// LocalZone is the IANA name of the machine's time zone ("UTC" when it cannot be told).
func LocalZone() string {
	if tz := os.Getenv("TZ"); tz != "" {
		if _, err := time.LoadLocation(tz); err == nil {
			return tz
		}
	}
	if n := time.Local.String(); n != "Local" && n != "" {
		return n
	}
	if p, err := filepath.EvalSymlinks("/etc/localtime"); err == nil {
		if _, name, ok := strings.Cut(p, "zoneinfo/"); ok {
			if _, err := time.LoadLocation(name); err == nil {
				return name
			}
		}
	}
	return "UTC"
}

// seed writes the seeded calendars and default policy once (fixed ids and content, see
// kinds.go; not logged, since every desk holds the same), so deleting them is respected.
func (s *Service) seed(ctx context.Context) (bool, error) {
	seeded := false
	err := store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Raw(`SELECT COUNT(*) FROM settings WHERE key = ?`, keySeeded).Scan(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return nil
		}
		now := s.Now().UnixMilli()
		for _, e := range []string{EntityCalendar, EntityPolicy} {
			t, _ := replica.Lookup(e)
			if err := replica.WriteSeeds(tx, t, now); err != nil {
				return err
			}
		}
		seeded = true
		return tx.Exec(`INSERT INTO settings(key, value) VALUES (?, '1')`, keySeeded).Error
	})
	return seeded, err
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// load reads calendars and policies into memory; every edit reloads.
func (s *Service) load(ctx context.Context) error {
	cals, err := readCalendars(s.DB.WithContext(ctx))
	if err != nil {
		return err
	}
	scheds := map[string]*Schedule{}
	for _, c := range cals {
		sc, err := c.Compile()
		if err != nil {
			// Only a merge of two desks' edits can make a stored calendar invalid (each
			// edit was checked whole): its policies count 24×7 until someone fixes it.
			continue
		}
		scheds[c.ID] = sc
	}
	pols, err := readPolicies(s.DB.WithContext(ctx))
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.calendars, s.schedules, s.policies = cals, scheds, pols
	s.mu.Unlock()
	return nil
}

func readCalendars(db *gorm.DB) ([]Calendar, error) {
	rows, err := db.Raw(`SELECT id, name, zone, always, week, holidays, exceptions, updated_at FROM sla_calendars
		WHERE archived = 0 ORDER BY name, id`).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Calendar{}
	for rows.Next() {
		var c Calendar
		var week, hol, exc string
		if err := rows.Scan(&c.ID, &c.Name, &c.Zone, &c.Always, &week, &hol, &exc, &c.UpdatedAt); err != nil {
			return nil, err
		}
		if err := errors.Join(json.Unmarshal([]byte(week), &c.Week), json.Unmarshal([]byte(hol), &c.Holidays),
			json.Unmarshal([]byte(exc), &c.Exceptions)); err != nil {
			return nil, fmt.Errorf("calendar %s: %w", c.Name, err)
		}
		c.Week, c.Holidays, c.Exceptions = nonNilSlice(c.Week), nonNilSlice(c.Holidays), nonNilSlice(c.Exceptions)
		out = append(out, c)
	}
	return out, rows.Err()
}

func nonNilSlice[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func readPolicies(db *gorm.DB) ([]Policy, error) {
	rows, err := db.Raw(`SELECT id, name, position, is_default, active, match, calendar_id, warn_percent, pause_reasons,
		targets, escalations, updated_at FROM sla_policies WHERE archived = 0 ORDER BY is_default, position, name, id`).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Policy
	for rows.Next() {
		var p Policy
		var match, pause, targets, esc string
		if err := rows.Scan(&p.ID, &p.Name, &p.Position, &p.Default, &p.Active, &match, &p.CalendarID, &p.WarnPercent,
			&pause, &targets, &esc, &p.UpdatedAt); err != nil {
			return nil, err
		}
		if err := errors.Join(json.Unmarshal([]byte(match), &p.Match), json.Unmarshal([]byte(pause), &p.PauseReasons),
			json.Unmarshal([]byte(targets), &p.Targets), json.Unmarshal([]byte(esc), &p.Escalations)); err != nil {
			return nil, fmt.Errorf("policy %s: %w", p.Name, err)
		}
		p.PauseReasons, p.Escalations, p.Targets = nonNil(p.PauseReasons), nonNilSlice(p.Escalations), nonNilSlice(p.Targets)
		out = append(out, p)
	}
	return out, rows.Err()
}

// Calendars lists the business calendars.
func (s *Service) Calendars() []Calendar {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]Calendar, len(s.calendars))
	for i, c := range s.calendars {
		out[i] = c.clone()
	}
	return out
}

// clone copies c so a caller's edits never reach the cache.
func (c Calendar) clone() Calendar {
	c.Week = append([]Interval{}, c.Week...)
	c.Holidays = append([]Holiday{}, c.Holidays...)
	ex := make([]Exception, len(c.Exceptions))
	for i, e := range c.Exceptions {
		e.Hours = append([]Span{}, e.Hours...)
		ex[i] = e
	}
	c.Exceptions = ex
	return c
}

// clone copies p so a caller's edits never reach the cache.
func (p Policy) clone() Policy {
	p.Targets = append([]PriorityTarget{}, p.Targets...)
	p.PauseReasons = append([]string{}, p.PauseReasons...)
	p.Match = Match{Types: append([]string(nil), p.Match.Types...), Priorities: append([]int(nil), p.Match.Priorities...),
		Categories: append([]string(nil), p.Match.Categories...), Services: append([]string(nil), p.Match.Services...),
		Groups: append([]string(nil), p.Match.Groups...)}
	esc := make([]Escalation, len(p.Escalations))
	for i, e := range p.Escalations {
		e.Actions = append([]Action{}, e.Actions...)
		esc[i] = e
	}
	p.Escalations = esc
	return p
}

// Policies lists the policies in the order they are tried, the default last.
func (s *Service) Policies() []Policy {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := make([]Policy, len(s.policies))
	for i, p := range s.policies {
		out[i] = p.clone()
	}
	return out
}

// match returns the policy for a ticket and the schedule of its calendar.
func (s *Service) match(sub Subject) (*Policy, *Schedule) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return matchIn(s.policies, s.schedules, sub)
}

func matchIn(pols []Policy, scheds map[string]*Schedule, sub Subject) (*Policy, *Schedule) {
	for i := range pols {
		p := &pols[i]
		if (p.Active || p.Default) && p.Matches(sub) {
			sc := scheds[p.CalendarID]
			if sc == nil {
				sc = AlwaysOn
			}
			return p, sc
		}
	}
	return nil, nil
}

func (s *Service) policy(id string) *Policy {
	s.mu.RLock()
	defer s.mu.RUnlock()
	for i := range s.policies {
		if s.policies[i].ID == id {
			p := s.policies[i].clone()
			return &p
		}
	}
	return nil
}

// writer writes configuration records for actor in tx (replica.Writer: the kind's rules,
// its limits, the change log and the audit trail).
func (s *Service) writer(tx *gorm.DB, actor people.Actor) *replica.Writer {
	return &replica.Writer{Tx: tx, Log: s.Tickets.Log, Actor: actor, At: s.Now().UnixMilli(),
		Reader: replica.TxReader{Tx: tx, Team: replica.Settings{Matrix: s.Tickets.Matrix}}}
}

// save creates the record of entity from doc when it is new, else sets its fields that
// changed.
func (s *Service) save(tx *gorm.DB, actor people.Actor, entity string, isNew bool, doc replica.Doc) error {
	t, _ := replica.Lookup(entity)
	w := s.writer(tx, actor)
	if isNew {
		return w.Create(t, doc)
	}
	id, _ := replica.JSONString(doc["id"])
	values := replica.Doc{}
	for _, f := range t.Synced() {
		if f.Kind == replica.LWW || f.Kind == replica.LongText {
			values[f.Name] = doc[f.Name]
		}
	}
	_, err := w.Set(t, id, values)
	return err
}

// SaveCalendar creates or updates a calendar (managers and admins), then recomputes the open
// tickets whose policies use it.
func (s *Service) SaveCalendar(ctx context.Context, actor people.Actor, c Calendar) (*Calendar, error) {
	if err := actor.Require(people.Manager, "edit SLA calendars"); err != nil {
		return nil, err
	}
	c.Name = strings.TrimSpace(c.Name)
	if err := c.Validate(); err != nil {
		return nil, err
	}
	isNew := c.ID == ""
	if isNew {
		c.ID = uuid.Must(uuid.NewV7()).String()
	}
	c.UpdatedAt = s.Now().UnixMilli()
	err := store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Raw(`SELECT COUNT(*) FROM sla_calendars WHERE name = ? AND id <> ? AND archived = 0`, c.Name, c.ID).Scan(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return fault.Field("name", "another calendar is called %q", c.Name)
		}
		return s.save(tx, actor, EntityCalendar, isNew, calendarDoc(c))
	})
	if err != nil {
		return nil, err
	}
	return &c, s.changed(ctx)
}

// DeleteCalendar archives a calendar no policy uses (the archive syncs; the record stays).
func (s *Service) DeleteCalendar(ctx context.Context, actor people.Actor, id string) error {
	if err := actor.Require(people.Manager, "edit SLA calendars"); err != nil {
		return err
	}
	err := store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Raw(`SELECT COUNT(*) FROM sla_policies WHERE calendar_id = ? AND archived = 0`, id).Scan(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("calendar is used by %d policies: %w", n, fault.ErrConflict)
		}
		t, _ := replica.Lookup(EntityCalendar)
		return s.writer(tx, actor).Archive(t, id)
	})
	if err != nil {
		return err
	}
	return s.changed(ctx)
}

// SavePolicy creates or updates a policy (managers and admins). A new policy goes last
// before the default; open tickets are recomputed under the new rules.
func (s *Service) SavePolicy(ctx context.Context, actor people.Actor, p Policy) (*Policy, error) {
	if err := actor.Require(people.Manager, "edit SLA policies"); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	p.PauseReasons, p.Escalations = nonNil(p.PauseReasons), nonNilSlice(p.Escalations)
	p.UpdatedAt = s.Now().UnixMilli()
	err := store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		var n int64
		if err := tx.Raw(`SELECT COUNT(*) FROM sla_calendars WHERE id = ? AND archived = 0`, p.CalendarID).Scan(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return fault.Field("calendarId", "no such calendar")
		}
		if err := tx.Raw(`SELECT COUNT(*) FROM sla_policies WHERE name = ? AND id <> ? AND archived = 0`, p.Name, p.ID).Scan(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return fault.Field("name", "another policy is called %q", p.Name)
		}
		var wasDefault bool
		if p.ID != "" {
			if err := tx.Raw(`SELECT COUNT(*) FROM sla_policies WHERE id = ? AND is_default = 1`, p.ID).Scan(&n).Error; err != nil {
				return err
			}
			wasDefault = n > 0
		}
		if wasDefault != p.Default {
			return fault.Field("default", "the default policy stays the default; edit it instead")
		}
		isNew := p.ID == ""
		if isNew {
			p.ID = uuid.Must(uuid.NewV7()).String()
			if err := tx.Raw(`SELECT COALESCE(MAX(position), 0) + 1 FROM sla_policies WHERE is_default = 0`).Scan(&p.Position).Error; err != nil {
				return err
			}
		} else if err := tx.Raw(`SELECT position FROM sla_policies WHERE id = ?`, p.ID).Scan(&p.Position).Error; err != nil {
			return err // the order is ReorderPolicies' to change
		}
		return s.save(tx, actor, EntityPolicy, isNew, policyDoc(p))
	})
	if err != nil {
		return nil, err
	}
	return &p, s.changed(ctx)
}

// DeletePolicy archives a policy other than the default (the archive syncs).
func (s *Service) DeletePolicy(ctx context.Context, actor people.Actor, id string) error {
	if err := actor.Require(people.Manager, "edit SLA policies"); err != nil {
		return err
	}
	err := store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		t, _ := replica.Lookup(EntityPolicy)
		return s.writer(tx, actor).Archive(t, id)
	})
	if err != nil {
		return err
	}
	return s.changed(ctx)
}

// ReorderPolicies sets the order in which policies are tried.
func (s *Service) ReorderPolicies(ctx context.Context, actor people.Actor, ids []string) error {
	if err := actor.Require(people.Manager, "edit SLA policies"); err != nil {
		return err
	}
	err := store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		t, _ := replica.Lookup(EntityPolicy)
		w := s.writer(tx, actor)
		for i, id := range ids {
			var n int64
			if err := tx.Raw(`SELECT COUNT(*) FROM sla_policies WHERE id = ? AND is_default = 0 AND archived = 0`, id).Scan(&n).Error; err != nil {
				return err
			}
			if n == 0 {
				continue
			}
			if _, err := w.Set(t, id, replica.Doc{"position": raw(i + 1)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.changed(ctx)
}

func (s *Service) changed(ctx context.Context) error {
	if err := s.load(ctx); err != nil {
		return err
	}
	_, err := s.RecomputeOpen(ctx)
	return err
}

// MarkStale records, in tx, that configuration changed under the desk (a pulled page
// brought a policy, calendar or settings change): Refresh then reloads and recomputes once,
// however many ops the pull held, and a crash before it leaves the mark for Open.
func MarkStale(tx *gorm.DB) error {
	return tx.Exec(`INSERT INTO settings(key, value) VALUES (?, '1') ON CONFLICT(key) DO UPDATE SET value = '1'`, keyRecompute).Error
}

// Refresh reloads policies and calendars and recomputes every open ticket once if
// configuration changed since (MarkStale); it reports whether it did.
func (s *Service) Refresh(ctx context.Context) (bool, error) {
	stale, err := s.stale(ctx)
	if err != nil || !stale {
		return false, err
	}
	if err := s.changed(ctx); err != nil {
		return false, err
	}
	if err := s.DB.WithContext(ctx).Exec(`DELETE FROM settings WHERE key = ?`, keyRecompute).Error; err != nil {
		return false, fmt.Errorf("clear SLA recompute mark: %w", err)
	}
	return true, nil
}

// Recomputes is how many times RecomputeOpen has run since Open.
func (s *Service) Recomputes() int64 { return s.recomputes.Load() }

// RecomputeOpen recomputes the SLA state of every open ticket (after a policy or calendar
// edit, or for tickets written in bulk without the hook). It returns how many it touched.
//
// Up to recomputeWhole tickets, recomputeAll does it in one transaction; see there for how.
//
// Every ticket that can hold rows of the sweep's schedule is recomputed, so the schedule is
// rebuilt whole: emptied in one statement and written again sorted by due time (appends to
// its clustered key), instead of a keyed delete per planned level and scattered inserts. That
// needs one transaction (each commit writes every page it dirtied to the WAL, and neighbouring
// tickets share pages: 500 tickets a commit wrote the same pages some 200 times over a
// 100k-ticket recompute). The tickets are read and written in rowid order and the schedule
// appended in key order, so each page is dirtied once and the profile's page cache may spill
// it to the WAL before the commit: a 128 MB cache held every page to the commit instead, and
// gave them back to the allocator there one madvise call at a time (0.8 s of a 100k recompute's
// commit in a CPU profile). Profiles too large for one transaction to stay short are
// recomputed in batches, each replacing its tickets' schedule rows by key.
func (s *Service) RecomputeOpen(ctx context.Context) (int, error) {
	s.recomputes.Add(1)
	const open = `active = 1 OR sla_next_at IS NOT NULL`
	// Every ticket counted is an upper bound, and cheap: SQLite counts the entries of the
	// smallest index without decoding a row, where counting the open ones scanned the table
	// (0.3 s of a 100k recompute's CPU profile). The open ones are counted only past the bound.
	var n int64
	if err := s.DB.WithContext(ctx).Raw(`SELECT COUNT(*) FROM tickets`).Scan(&n).Error; err != nil {
		return 0, err
	}
	if n > recomputeWhole {
		if err := s.DB.WithContext(ctx).Raw(`SELECT COUNT(*) FROM tickets WHERE ` + open).Scan(&n).Error; err != nil {
			return 0, err
		}
	}
	if n <= recomputeWhole {
		// Open tickets, counted from an index on active: whether this recompute is big.
		var active int64
		if err := s.DB.WithContext(ctx).Raw(`SELECT COUNT(*) FROM tickets WHERE active = 1`).Scan(&active).Error; err != nil {
			return 0, err
		}
		big := active >= recomputeBig && 2*active >= n
		touched := 0
		write := func(db *gorm.DB, side *sideSchedule) error {
			fn := func(tx *gorm.DB) error {
				var err error
				touched, err = s.recomputeAll(ctx, tx, s.Now().UTC(), big, active, side)
				return err
			}
			if side != nil {
				return store.TxDeferred(ctx, db, fn)
			}
			return store.Tx(ctx, db, fn)
		}
		var err error
		if big {
			err = s.onBigConn(ctx, write)
		} else {
			err = write(s.DB, nil)
		}
		return touched, err
	}
	var ids []string
	if err := s.DB.WithContext(ctx).Raw(`SELECT id FROM tickets WHERE ` + open).Scan(&ids).Error; err != nil {
		return 0, err
	}
	const batch = 10_000
	for i := 0; i < len(ids); i += batch {
		part := ids[i:min(i+batch, len(ids))]
		err := store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
			return withCache(tx, func() error { return s.refresh(tx, s.Now().UTC(), "t.id IN ?", part) })
		})
		if err != nil {
			return i, err
		}
	}
	return len(ids), nil
}

// recomputeAll recomputes every ticket that can hold SLA state in tx, which holds the write
// lock, and rebuilds the schedule whole. A big recompute (recomputeBig) is done as follows.
//
// Reading and deriving was a third of the work (of 4.5 s of CPU for 100k tickets, by profile:
// the ticket scan 0.75 s, the clocks, plans and their JSON 0.4 s, the fired levels 0.16 s,
// sorting the schedule 0.13 s), done before the first write. Here it runs on a second goroutine
// and a second connection of the pool, in a read transaction begun after tx took the write
// lock (store.Tx begins IMMEDIATE): no other write can commit in between, and tx's own writes
// stay invisible to it, so that snapshot is exactly the state tx starts from. The tickets
// stream from the scan a chunk at a time, and tx writes each batch of new state while the next
// is derived, with the tickets' SLA indexes dropped and built again after (dropSLAIndexes);
// the schedule, sorted by the reader once all are derived, is written last. Of the same work
// the writing goroutine kept 2.8–2.9 s of CPU against 4.5–4.7 s for the whole before, and the
// reader took 1.4–1.7 s beside it (three alternated runs each on a machine loaded 7×).
//
// With side (see sideSchedule), tx was begun without the write lock (store.TxDeferred): its
// first statement takes it before the reader's snapshot begins, the reader writes the sorted
// schedule into side after deriving it, and tx empties sla_schedule and copies side into it
// once its indexes are built. Then the writer kept 1.76–2.30 s of CPU against 2.82–3.31 s, and
// the reader took 2.08–2.43 s beside it against 1.34–1.80 s (three alternated runs each, with
// the compact plan text, on a machine loaded 9–10×).
//
// The writer runs the batches through the driver's own connection (execStateBatches), and the
// reader's sort, derive and side write were cut: together 4.19–4.44 → 3.91–4.06 s of CPU, the
// writer's wait for the side schedule 0.47–0.55 → 0.25–0.44 s (three alternated runs each,
// load 4.6; docs/bench-method.md, session 13).
func (s *Service) recomputeAll(ctx context.Context, tx *gorm.DB, now time.Time, big bool, active int64, side *sideSchedule) (int, error) {
	if !big {
		return s.recomputeIn(tx, now, false)
	}
	if side != nil {
		// A write that writes nothing: it takes the write lock, so no commit comes between
		// the snapshot tx writes over and the reader's.
		if err := store.Exec(tx, `DELETE FROM sla_schedule WHERE 0`); err != nil {
			return 0, fmt.Errorf("lock for the SLA recompute: %w", err)
		}
	}
	rd, end, err := s.readBeside(ctx)
	if err != nil {
		return 0, err
	}
	if rd == nil {
		return s.recomputeIn(tx, now, true)
	}
	// Room for some 21k tickets' state (about 8 MB of arguments): with room for 4 batches the
	// reader was blocked on a full channel for 0.9–1.3 s of a 100k recompute while the writer
	// waited as long on an empty one, each batch handed over as the other goroutine got the
	// CPU back (traced on a loaded machine); the writer's first statements (emptying the
	// schedule, dropping the indexes) alone held up the reader some 0.2 s.
	batches, stop, done := make(chan stateBatch, 256), make(chan struct{}), make(chan struct{})
	sc := scheduleWriter{tx: tx, sorted: true}
	touched := 0
	var readErr error
	go func() {
		defer close(done)
		readErr = func() error {
			defer close(batches)
			defer end() // the snapshot is not needed past the read
			sw := stateWriter{now: now.UnixMilli(), byRowid: true, hand: func(n int, args []any) error {
				select {
				case batches <- stateBatch{n, namedValues(args)}:
					return nil
				case <-stop:
					return errStopped
				}
			}}
			all, err := allFired(rd, active)
			if err != nil {
				return err
			}
			// Room for every open ticket's plan: grown as the tickets came, the list was copied
			// over and over (0.08 s of a 100k recompute's reader, by profile).
			sc.plans = make([]ticketPlan, 0, active)
			touched, err = streamOpenRecords(rd, 500, func(recs []*record) error {
				fired := all
				if fired == nil {
					var err error
					if fired, err = firedLevels(rd, recordIDs(recs)); err != nil {
						return err
					}
				}
				// No stored plan read (r.Plan is empty): its schedule rows are gone already.
				return s.derive(now, recs, fired, &sw, &sc)
			})
			if err != nil {
				return err
			}
			return sw.flush()
		}()
		if readErr == nil {
			sc.sort() // while the writer builds the indexes
			if side != nil {
				readErr = side.write(ctx, &sc)
			}
		}
	}()
	empty := func() error {
		if err := store.Exec(tx, `DELETE FROM sla_schedule`); err != nil {
			return fmt.Errorf("empty the SLA schedule: %w", err)
		}
		return nil
	}
	werr := func() error {
		if side == nil {
			if err := empty(); err != nil {
				return err
			}
		}
		idx, err := dropSLAIndexes(tx)
		if err != nil {
			return err
		}
		if err := s.writeStates(ctx, tx, side, batches); err != nil {
			return err
		}
		// The reader sorts the schedule meanwhile.
		if err := buildIndexes(tx, idx); err != nil {
			return err
		}
		<-done
		if readErr != nil {
			return readErr
		}
		if side != nil {
			// Emptied only now, and copied with OR FAIL: a statement that can abort copies every
			// page it reuses from those a statement before it freed to its statement journal
			// first, and the index builds and the copy reused the schedule's 4k pages (0.25–0.3 s
			// of a 100k recompute's CPU, to allocate and free that journal). OR FAIL keeps none
			// (see stateWriter.exec), and the transfer needs an empty table, not the default.
			if err := empty(); err != nil {
				return err
			}
			// SELECT * and nothing else, for the transfer of whole records (sideSchedule).
			if err := store.Exec(tx, `INSERT OR FAIL INTO main.sla_schedule SELECT * FROM `+sideName+`.sla_schedule`); err != nil {
				return fmt.Errorf("copy the SLA schedule: %w", err)
			}
			return nil
		}
		return sc.flush()
	}()
	if werr != nil {
		close(stop)
		for range batches {
		}
	}
	<-done
	if werr != nil {
		return 0, werr
	}
	return touched, nil
}

var errStopped = errors.New("SLA recompute stopped")

// writeStates runs the batches of new SLA state in tx: through the driver's own connection
// when tx is on the pinned connection side is attached to (execStateBatches), else through
// tx's kept statements.
func (s *Service) writeStates(ctx context.Context, tx *gorm.DB, side *sideSchedule, batches <-chan stateBatch) error {
	if side != nil {
		// Raw holds the connection's lock while the batches run; the transaction's other
		// statements wait, and none runs meanwhile (this goroutine runs them all).
		return side.conn.Raw(func(dc any) error { return execStateBatches(ctx, dc, batches) })
	}
	w := stateWriter{tx: tx, byRowid: true}
	for b := range batches {
		args := make([]any, len(b.args))
		for i, v := range b.args {
			args[i] = v.Value
		}
		if err := w.exec(b.n, args); err != nil {
			return err
		}
	}
	return nil
}

// recomputeBig is the fewest open tickets, and at least half of all, for which recomputeAll
// reads beside the writer and drops the SLA indexes: below it, a second connection, a schema
// change (every connection's statements compiled again) and indexes built from a scan of the
// whole table cost more than they save.
var recomputeBig int64 = 10_000

// recomputeIn is recomputeAll with the tickets read in tx itself: for a small recompute, or a
// pool of one connection. withoutIndexes drops the SLA indexes for the rewrite.
func (s *Service) recomputeIn(tx *gorm.DB, now time.Time, withoutIndexes bool) (int, error) {
	if err := store.Exec(tx, `DELETE FROM sla_schedule`); err != nil {
		return 0, fmt.Errorf("empty the SLA schedule: %w", err)
	}
	recs, err := loadOpenRecords(tx)
	if err != nil {
		return 0, err
	}
	for _, r := range recs {
		r.Plan = "" // its schedule rows are gone already
	}
	var idx []slaIndex
	if withoutIndexes {
		if idx, err = dropSLAIndexes(tx); err != nil {
			return 0, err
		}
	}
	if err := s.refreshWith(tx, now, recs, scheduleWriter{tx: tx, sorted: true, plans: make([]ticketPlan, 0, len(recs))}); err != nil {
		return 0, err
	}
	return len(recs), buildIndexes(tx, idx)
}

// bigPragmas set a connection for a rewrite of most of the profile (a big recompute), and
// restore it after. Both are per connection.
//
// mmap_size: the pages a connection reads from the database file (not those in the WAL) are
// read from a mapping instead of one pread call each; 1 GB is an upper bound on the mapping,
// and 0, the profile's default, unmaps it after, so the desk's resident memory does not keep
// it.
//
// wal_autocheckpoint: the commit of a 100k-ticket recompute leaves some 30k pages in the WAL,
// and with the default of 1000 the committing call then copies all of them into the database
// file before it returns (0.3–0.4 s of the commit's 0.7 s, by alternated runs). With 0 the
// commit returns, and onBigConn runs that checkpoint after, beside the caller.
//
// temp_store: the rebuilt SLA indexes reuse pages freed earlier in the transaction (the
// dropped indexes'), and a CREATE INDEX keeps a statement journal, so each reused page is
// copied into it first. With the profile's MEMORY (store.DSN) that journal is 1 KB chunks of
// SQLite's heap, given back through modernc's allocator (madvise calls) when the statement
// ends; with FILE it spills past 64 KB into a temporary file, deleted unsynced. And the
// builds' sorter, which with MEMORY allocates and frees each record on its own, keeps them in
// one growing block when temporary files are allowed (it would spill past the page cache's
// size; 100k index entries are a few MB). The two builds of a 100k recompute took
// 0.64–0.80 s of CPU with MEMORY and 0.45–0.72 s with FILE, medians 0.76 and 0.53 s (eight
// alternated pairs, load 4–6; docs/bench-method.md, session 14). The setting is changed
// only outside a transaction, and no temporary table is kept on the pool's connections for it
// to drop.
var bigPragmas = [2][]string{
	{`PRAGMA mmap_size = 1073741824`, `PRAGMA wal_autocheckpoint = 0`, `PRAGMA temp_store = FILE`},
	{`PRAGMA mmap_size = 0`, `PRAGMA wal_autocheckpoint = 1000`, `PRAGMA temp_store = MEMORY`},
}

// onBigConn runs write on one connection of s's pool set with bigPragmas, then checkpoints
// the WAL on another goroutine; write gets s.DB itself when s has no pool (bound to a
// transaction).
func (s *Service) onBigConn(ctx context.Context, write func(db *gorm.DB, side *sideSchedule) error) error {
	pool, ok := s.DB.Statement.ConnPool.(*sql.DB)
	if !ok {
		return write(s.DB, nil)
	}
	conn, err := pool.Conn(ctx)
	if err != nil {
		return err
	}
	if err = setPragmas(ctx, conn, bigPragmas[0]); err == nil {
		var side *sideSchedule
		if pool.Stats().MaxOpenConnections != 1 {
			// Without it (no folder to write in) the writer writes the schedule itself.
			side, _ = openSide(ctx, conn)
		}
		db := s.DB.Session(&gorm.Session{NewDB: true, Context: ctx})
		db.Statement.ConnPool = conn
		err = write(db, side)
		if side != nil {
			if derr := side.close(conn); derr != nil {
				// Still attached: the connection must not go back to the pool.
				discard(conn)
				return errors.Join(err, derr)
			}
		}
	}
	// A connection left with other settings must not go back to the pool.
	if rerr := setPragmas(context.Background(), conn, bigPragmas[1]); rerr != nil {
		discard(conn)
		err = errors.Join(err, rerr)
	}
	_ = conn.Close()
	if err == nil {
		go func() {
			// PASSIVE: copies what no reader still needs, waits for no one; a failure (the
			// pool closed meanwhile) leaves the pages to the next commit's autocheckpoint.
			_, _ = pool.ExecContext(context.Background(), `PRAGMA wal_checkpoint(PASSIVE)`)
		}()
	}
	return err
}

// discard closes conn instead of giving it back to the pool (database/sql drops a connection
// whose Raw function returns ErrBadConn).
func discard(conn *sql.Conn) {
	_ = conn.Raw(func(any) error { return driver.ErrBadConn })
}

func setPragmas(ctx context.Context, c interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
}, pragmas []string) error {
	for _, p := range pragmas {
		if _, err := c.ExecContext(ctx, p); err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
	}
	return nil
}

// readBeside begins a read transaction on another connection of s's pool and returns it with
// the function that ends it; nil when s has no pool of several connections (s.DB bound to a
// transaction, or a pool of one).
func (s *Service) readBeside(ctx context.Context) (*gorm.DB, func(), error) {
	pool, ok := s.DB.Statement.ConnPool.(*sql.DB)
	if !ok || pool.Stats().MaxOpenConnections == 1 {
		return nil, nil, nil
	}
	conn, err := pool.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	// The mapping is for this read only (bigPragmas).
	unmap := func() {
		if err := setPragmas(context.Background(), conn, bigPragmas[1][:1]); err != nil {
			discard(conn)
		}
		_ = conn.Close()
	}
	if err := setPragmas(ctx, conn, bigPragmas[0][:1]); err != nil {
		unmap()
		return nil, nil, err
	}
	// Read-only: a plain BEGIN, not the pool's BEGIN IMMEDIATE, which would wait for tx.
	rtx, err := conn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		unmap()
		return nil, nil, err
	}
	rd := s.DB.Session(&gorm.Session{NewDB: true, Context: ctx})
	rd.Statement.ConnPool = rtx
	return rd, func() {
		_ = rtx.Rollback()
		unmap()
	}, nil
}

type slaIndex struct{ Name, SQL string }

// dropSLAIndexes drops the tickets' indexes on SLA columns, for a rewrite of most tickets'
// SLA state, and returns them for buildIndexes, which builds each from one sorted scan. Kept,
// each ticket's update deleted its old entry and inserted its new one in each (a changed
// target moves every key), a search from the root for each: the update of 100k tickets took
// 1.54 s of CPU with them and 0.71 s without, and building both again takes 0.54–0.63 s (the
// SQLite shell on a copy: 0.77 s with them, 0.27 s without, 0.26 s to build them). The drop
// and the build are in tx: other connections go on reading the indexes of their snapshots,
// and no one sees the tickets without them.
func dropSLAIndexes(tx *gorm.DB) ([]slaIndex, error) {
	var idx []slaIndex
	if err := tx.Raw(`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'tickets'
		AND sql LIKE '%sla\_%' ESCAPE '\' ORDER BY name`).Scan(&idx).Error; err != nil {
		return nil, fmt.Errorf("read SLA indexes: %w", err)
	}
	for _, x := range idx {
		if err := tx.Exec(`DROP INDEX "` + x.Name + `"`).Error; err != nil {
			return nil, fmt.Errorf("drop index %s: %w", x.Name, err)
		}
	}
	return idx, nil
}

// buildIndexes creates the indexes dropSLAIndexes dropped, each from one sorted scan.
func buildIndexes(tx *gorm.DB, idx []slaIndex) error {
	for _, x := range idx {
		if err := tx.Exec(x.SQL).Error; err != nil {
			return fmt.Errorf("build index %s: %w", x.Name, err)
		}
	}
	return nil
}

// recomputeWhole is the most tickets RecomputeOpen recomputes in one transaction (a few
// seconds of writes here), rebuilding the schedule whole; beyond it, it works in batches.
var recomputeWhole int64 = 250_000

// withCache runs fn with a 128 MB page cache on tx's connection, back to the profile's 16 MB
// after (store.DSN).
func withCache(tx *gorm.DB, fn func() error) error {
	if err := tx.Exec(`PRAGMA cache_size = -131072`).Error; err != nil {
		return err
	}
	err := fn()
	if rerr := tx.Exec(`PRAGMA cache_size = -16000`).Error; err == nil {
		err = rerr
	}
	return err
}

// Hook is the ticket.Hook that keeps tickets' SLA columns current in the write's transaction:
// one ticket for a local write, a pulled page's tickets for sync (a few queries per 500).
func (s *Service) Hook(tx *gorm.DB, ticketIDs []string, now time.Time) error {
	if settled := settledIn(tx); settled != nil && len(settled.Values) > 0 {
		// Their insert wrote their state (Settle).
		rest := make([]string, 0, len(ticketIDs))
		for _, id := range ticketIDs {
			if settled.Values[id] == nil {
				rest = append(rest, id)
			}
		}
		if ticketIDs = rest; len(ticketIDs) == 0 {
			return nil
		}
	}
	if inserted := ticket.InsertedIn(tx); len(inserted) > 0 {
		// Tickets the writer inserted come with their trail: no need to read them back.
		var recs []*record
		rest := make([]string, 0, len(ticketIDs))
		for _, id := range ticketIDs {
			if k := inserted[id]; k != nil {
				recs = append(recs, insertedRecord(k))
			} else {
				rest = append(rest, id)
			}
		}
		for i := 0; i < len(recs); i += 500 {
			if err := s.refreshRecords(tx, now, recs[i:min(i+500, len(recs))]); err != nil {
				return fmt.Errorf("SLA of %d new tickets: %w", len(recs), err)
			}
		}
		if ticketIDs = rest; len(ticketIDs) == 0 {
			return nil
		}
	}
	if len(ticketIDs) == 1 {
		if err := s.refresh(tx, now, "t.id = ?", ticketIDs[0]); err != nil {
			return fmt.Errorf("SLA of %s: %w", ticketIDs[0], err)
		}
		return nil
	}
	const batch = 500
	for i := 0; i < len(ticketIDs); i += batch {
		if err := s.refresh(tx, now, "t.id IN ?", ticketIDs[i:min(i+batch, len(ticketIDs))]); err != nil {
			return fmt.Errorf("SLA of %d tickets: %w", len(ticketIDs), err)
		}
	}
	return nil
}
