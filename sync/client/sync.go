package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/changelog"
	"outpost/domain/replica"
	"outpost/domain/sla"
	"outpost/domain/store"
	"outpost/domain/ticket"
	"outpost/sync/protocol"
)

// Report says what one sync did.
type Report struct {
	Pushed    int `json:"pushed"`
	Accepted  int `json:"accepted"`
	Rejected  int `json:"rejected"`
	Pulled    int `json:"pulled"`
	Conflicts int `json:"conflicts"`
}

// Sync runs one full cycle: refresh the directory, take new local changes, upload their
// files, push every pending op, top up number leases, then pull and apply every page.
// Everything done before an error is committed and the next sync resumes. A failed push does
// not stop the pull: what others did still arrives while this desk's ops wait.
func (c *Client) Sync(ctx context.Context) (*Report, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	rep := &Report{}
	if err := c.refreshDirectory(ctx); err != nil {
		c.forgetIfRevoked(ctx, err)
		return rep, fmt.Errorf("directory: %w", err)
	}
	if err := c.resumeAfterRestore(ctx); err != nil {
		return rep, err
	}
	pushErr := c.push(ctx, rep)
	if pushErr != nil {
		pushErr = fmt.Errorf("push: %w", pushErr)
	} else if err := c.lease(ctx); err != nil {
		return rep, fmt.Errorf("lease numbers: %w", err)
	}
	pullErr := c.pull(ctx, rep)
	// Configuration pulled (or corrected) before any error is applied now, once.
	if _, err := c.Desk.Refresh(ctx); err != nil {
		return rep, errors.Join(pushErr, pullErr, fmt.Errorf("refresh configuration: %w", err))
	}
	if pullErr != nil {
		return rep, errors.Join(pushErr, fmt.Errorf("pull: %w", pullErr))
	}
	if pushErr != nil {
		return rep, pushErr
	}
	if moved, err := c.rollUp(ctx); err != nil {
		return rep, err
	} else if moved > 0 {
		// Push the desk's work on what it pulled now, not at the next sync: another desk
		// doing the same under the same key meanwhile would make the work twice for a while.
		if err := c.push(ctx, rep); err != nil {
			return rep, fmt.Errorf("push: %w", err)
		}
	}
	now := c.Desk.Now().UnixMilli()
	return rep, replica.SetState(c.Desk.DB.WithContext(ctx), replica.KeyLastSync, strconv.FormatInt(now, 10))
}

func (c *Client) push(ctx context.Context, rep *Report) error {
	if _, err := replica.Absorb(ctx, c.Desk.DB, c.Desk.DeviceID); err != nil {
		return err
	}
	who, err := c.principals(ctx)
	if err != nil {
		return err
	}
	for {
		ops, err := replica.Pending(ctx, c.Desk.DB, c.BatchSize, protocol.MaxPage)
		if err != nil || len(ops) == 0 {
			return err
		}
		req := protocol.PushRequest{DeviceID: c.Desk.DeviceID, Ops: make([]protocol.Op, len(ops))}
		size := 0
		for i, o := range ops {
			ch := o.Change
			req.Ops[i] = protocol.Op{OpID: o.OpID, ChangeID: ch.ID, Entity: ch.Entity, RecordID: ch.RecordID, Op: ch.Op,
				Field: ch.Field, Value: json.RawMessage(ch.Value), HLC: uint64(ch.HLC), AuthorID: ch.AuthorID,
				Base: protocol.Stamp{HLC: o.Base.HLC, Device: o.Base.Device}}
			if ch.Op == changelog.OpCreate || ch.Op == changelog.OpAppend || ch.Op == changelog.OpArchive {
				req.Ops[i].Field = ""
			}
			who.vouch(&req.Ops[i])
			if req.Ops[i].Auto {
				req.Ops[i].AutoKey = ch.Cause
			}
			// The batch is cut by bytes as the body measures them; the rest goes next.
			if size += req.Ops[i].Size(); size > protocol.MaxPage && i > 0 {
				ops, req.Ops = ops[:i], req.Ops[:i]
				break
			}
		}
		if err := c.uploadBlobs(ctx, ops); err != nil {
			return err
		}
		var resp protocol.PushResponse
		if err := c.call(ctx, http.MethodPost, "/push", req, &resp); err != nil {
			if again, rerr := c.recoverFromGap(ctx, rep, err); again || rerr != nil {
				return rerr // recovered from a restored server (restore.go), or failed to
			}
			return err
		}
		n, err := c.settle(ctx, ops, &resp, rep, who)
		if err != nil {
			return err
		}
		rep.Pushed += n
		if n == 0 {
			return fmt.Errorf("the server answered none of ops %d..%d", ops[0].OpID, ops[len(ops)-1].OpID)
		}
	}
}

// settle records the server's answers: accepted ops leave the outbox (taking the server's
// HLC and number), rejected ones are kept for their author and their optimistic local writes
// are undone with the server's values.
func (c *Client) settle(ctx context.Context, ops []replica.OutOp, resp *protocol.PushResponse, rep *Report, who principals) (int, error) {
	results := map[int64]protocol.Result{}
	for _, r := range resp.Results {
		results[r.OpID] = r
	}
	n := 0
	err := store.Tx(ctx, c.Desk.DB, func(tx *gorm.DB) error {
		n = 0
		// Edits made since the push began get their versions first, so a correction below
		// cannot overwrite one unseen.
		if _, err := replica.AbsorbTx(tx, c.Desk.DeviceID); err != nil {
			return err
		}
		renumbered := roots{}
		for _, op := range ops {
			r, ok := results[op.OpID]
			if !ok {
				break
			}
			n++
			switch r.Status {
			case protocol.Accepted:
				rep.Accepted++
				if err := replica.MarkAccepted(tx, op, r.HLC); err != nil {
					return err
				}
				if err := who.adopt(tx, op); err != nil {
					return err
				}
				if r.Number != "" {
					if err := renumber(tx, op.Change.Entity, op.Change.RecordID, r.Number); err != nil {
						return err
					}
					renumbered.add(op.Change.Entity, op.Change.RecordID)
				}
			default:
				if err := replica.MarkRejected(tx, op, r.Code, r.Reason, c.Desk.Now().UnixMilli()); err != nil {
					return err
				}
				if who.redundant(op, r.Code) {
					// Another desk did this automatic work first: the correction below
					// takes its result; nothing is the user's to see.
					if err := who.dropRedundant(tx, op, c.Desk.Now().UnixMilli()); err != nil {
						return err
					}
					continue
				}
				rep.Rejected++
			}
		}
		corrected := roots{}
		for _, corr := range resp.Corrections {
			if isConfig[corr.Entity] {
				if err := sla.MarkStale(tx); err != nil {
					return err
				}
			}
			entity, id, err := correct(tx, corr, who.system, c.Desk.Now().UnixMilli())
			if err != nil {
				return err
			}
			if id != "" {
				renumbered.add(entity, id)
				corrected.add(entity, id)
			}
		}
		if err := reindex(tx, renumbered, nil); err != nil {
			return err
		}
		return c.afterCorrect(tx, corrected[ticket.EntityTicket])
	})
	return n, err
}

// principals are who the desk's ops are pushed as: the signed-in user, who also vouches for
// what the desk did by itself (authored locally by the desk's system user).
type principals struct{ user, system string }

func (c *Client) principals(ctx context.Context) (principals, error) {
	uid, err := c.state(ctx, replica.KeyUserID)
	if err != nil {
		return principals{}, err
	}
	sys, err := c.Desk.System(ctx)
	if err != nil {
		return principals{}, err
	}
	return principals{user: uid, system: sys.ID}, nil
}

// rollUp does, on a staff member's desk, the catalog work that what it has just pulled
// calls for: it closes the requests whose last task was finished on another desk
// (catalog.Service.Sweep), and moves on the requests whose approval settled elsewhere or only
// in this pull (catalog.Service.SweepApprovals). The work is pushed as the signed-in user's
// automatic work, which a requester may not do; if another desk did it first, the server
// keeps theirs. It returns how many requests it changed.
func (c *Client) rollUp(ctx context.Context) (int, error) {
	uid, err := c.state(ctx, replica.KeyUserID)
	if err != nil || uid == "" {
		return 0, err
	}
	act, err := c.Desk.People.ActorFor(ctx, uid)
	if err != nil || !act.IsStaff() {
		return 0, nil
	}
	moved, err := c.Desk.Catalog.SweepApprovals(ctx)
	if err != nil {
		return 0, fmt.Errorf("catalog approvals: %w", err)
	}
	closed, err := c.Desk.Catalog.Sweep(ctx)
	if err != nil {
		return 0, fmt.Errorf("catalog roll-up: %w", err)
	}
	return moved + closed, nil
}

// automatic reports whether a local change is the desk's own work.
func (w principals) automatic(ch changelog.Change) bool {
	return w.system != "" && w.user != "" && w.user != w.system && ch.AuthorID == w.system
}

// vouch pushes an op of the desk's own work as the signed-in user, marked automatic: the
// server knows no per-desk system users, and judges the work by the user's current role. A
// record it creates (a work note) names the user where it named the system user.
func (w principals) vouch(op *protocol.Op) {
	if op.AuthorID != w.system || w.system == "" || w.user == "" || w.user == w.system {
		return
	}
	op.AuthorID, op.Auto = w.user, true
	if op.Op == protocol.OpCreate || op.Op == protocol.OpAppend {
		// Ids are UUIDs: replacing the quoted id cannot hit anything else.
		op.Value = bytes.ReplaceAll(op.Value, []byte(strconv.Quote(w.system)), []byte(strconv.Quote(w.user)))
	}
}

// adopt makes an accepted record of the desk's own work name the signed-in user, as the
// server's copy does, so both hold the same record.
func (w principals) adopt(tx *gorm.DB, op replica.OutOp) error {
	ch := op.Change
	if !w.automatic(ch) || (ch.Op != changelog.OpCreate && ch.Op != changelog.OpAppend) {
		return nil
	}
	typ, ok := replica.Lookup(ch.Entity)
	if !ok {
		return nil
	}
	for _, f := range typ.Fields {
		if f.Ref == "user" || f.Ref == "agent" {
			if err := tx.Exec(`UPDATE `+typ.Table+` SET `+f.Column+` = ? WHERE id = ? AND `+f.Column+` = ?`, w.user, ch.RecordID, w.system).Error; err != nil {
				return err
			}
		}
	}
	return nil
}

// renumber gives a created ticket the number the server issued, keeping the old one as an
// alias when it was provisional, as the server does: a number in the leased form that the
// server replaced belongs to the desk holding its lease.
func renumber(tx *gorm.DB, entity, id, number string) error {
	typ, ok := replica.Lookup(entity)
	if !ok || typ.Number == "" {
		return nil
	}
	var old string
	if err := tx.Raw(`SELECT `+numberColumn(typ)+` FROM `+typ.Table+` WHERE id = ?`, id).Scan(&old).Error; err != nil {
		return err
	}
	if old == "" || old == number {
		return nil
	}
	if replica.IsProvisional(old) {
		if err := replica.KeepAlias(tx, entity, id, old); err != nil {
			return err
		}
	}
	return replica.SetFields(tx, typ, id, map[string]any{typ.Number: number})
}

func numberColumn(typ *replica.Type) string {
	f, _ := typ.Field(typ.Number)
	return f.Column
}

// correct restores the server's values after a rejection; it returns the ticket to reindex.
// A ticket the server refused to create is removed, but its audit trail stays (append-only):
// an entry by the desk's system user (system) at now says it was removed.
func correct(tx *gorm.DB, corr protocol.Correction, system string, now int64) (string, string, error) {
	typ, ok := replica.Lookup(corr.Entity)
	if !ok {
		return "", "", nil
	}
	if corr.Missing {
		var parent string
		if typ.Parent != "" {
			doc, err := replica.ReadDoc(tx, typ, corr.RecordID)
			if err != nil {
				return "", "", err
			}
			if doc != nil {
				_ = json.Unmarshal(doc[typ.Parent], &parent)
			}
		}
		if err := replica.Remove(tx, typ, corr.RecordID); err != nil {
			return "", "", err
		}
		if typ.Entity == ticket.EntityTicket {
			if err := ticket.WriteAudit(tx, []ticket.AuditEntry{{ID: uuid.Must(uuid.NewV7()).String(), TicketID: corr.RecordID,
				ActorID: system, At: now, Field: "removed", OldValue: "", NewValue: "the server refused to create it"}}); err != nil {
				return "", "", err
			}
		}
		if parent == "" {
			return "", "", nil
		}
		return parentEntity(typ), parent, nil
	}
	if exists, err := replica.Exists(tx, typ, corr.RecordID); err != nil || !exists {
		return "", "", err
	}
	values := map[string]any{}
	for f, v := range corr.Fields {
		if _, ok := typ.Field(f); ok {
			values[f] = v
		}
	}
	if err := replica.SetFields(tx, typ, corr.RecordID, values); err != nil {
		return "", "", err
	}
	for f, st := range corr.Versions {
		if err := replica.PutVersion(tx, corr.Entity, corr.RecordID, f, replica.Version{HLC: st.HLC, Device: st.Device}); err != nil {
			return "", "", err
		}
	}
	if typ.Parent == "" {
		return typ.Entity, corr.RecordID, nil
	}
	return "", "", nil
}

// roots holds root records by entity: those a write reached, whose derived data (search
// rows, write hooks) must be refreshed.
type roots map[string]map[string]bool

func (r roots) add(entity, id string) {
	set := r[entity]
	if set == nil {
		set = map[string]bool{}
		r[entity] = set
	}
	set[id] = true
}

// parentEntity is the kind a child's parent field refers to (its root).
func parentEntity(typ *replica.Type) string {
	f, _ := typ.Field(typ.Parent)
	if f == nil {
		return ""
	}
	return f.Ref
}

// reindex refreshes the search rows of the records in rs, by their kind's declared Reindex;
// those bare reports (records inserted in the transaction with no children nor old numbers;
// nil: none) by its IndexNew, when the kind declares one.
func reindex(tx *gorm.DB, rs roots, bare func(entity, id string) bool) error {
	for entity, ids := range rs {
		typ, _ := replica.Lookup(entity)
		if typ == nil || typ.Reindex == nil || len(ids) == 0 {
			continue
		}
		list := make([]string, 0, len(ids))
		var fresh []string
		for id := range ids {
			if bare != nil && typ.IndexNew != nil && bare(entity, id) {
				fresh = append(fresh, id)
			} else {
				list = append(list, id)
			}
		}
		if len(fresh) > 0 {
			if err := typ.IndexNew(tx, fresh); err != nil {
				return err
			}
		}
		if len(list) > 0 {
			if err := typ.Reindex(tx, list); err != nil {
				return err
			}
		}
	}
	return nil
}

func (c *Client) uploadBlobs(ctx context.Context, ops []replica.OutOp) error {
	for _, o := range ops {
		typ, ok := replica.Lookup(o.Change.Entity)
		if !ok || typ.Blob == "" || o.Change.Op != changelog.OpAppend {
			continue
		}
		var doc map[string]json.RawMessage
		if err := json.Unmarshal([]byte(o.Change.Value), &doc); err != nil {
			return err
		}
		var sha string
		_ = json.Unmarshal(doc[typ.Blob], &sha)
		var data []byte
		if err := c.Desk.DB.WithContext(ctx).Raw(`SELECT data FROM blobs WHERE sha256 = ?`, sha).Row().Scan(&data); err != nil {
			return fmt.Errorf("blob %s: %w", sha, err)
		}
		if err := c.call(ctx, http.MethodPut, "/blobs/"+sha, data, nil); err != nil {
			return err
		}
	}
	return nil
}

// codeLeaseLimit is the server's refusal of a lease while the device holds enough unused
// numbers, as the server counts them.
const codeLeaseLimit = "lease_limit"

func (c *Client) lease(ctx context.Context) error {
	var kinds []string
	for _, typ := range replica.Types() {
		kinds = append(kinds, typ.NumberKinds...)
	}
	for _, kind := range kinds {
		free, err := replica.FreeNumbers(c.Desk.DB.WithContext(ctx), kind)
		if err != nil {
			return err
		}
		if free >= c.LeaseLow {
			continue
		}
		var l protocol.Lease
		if err := c.call(ctx, http.MethodPost, "/leases", protocol.LeaseRequest{Kind: kind, Size: c.LeaseSize}, &l); err != nil {
			var re *RemoteError
			if errors.As(err, &re) && re.Body.Code == codeLeaseLimit {
				continue // the server counts enough unused numbers here: go on with provisional ones
			}
			return err
		}
		if l.Kind != kind || l.End < l.Start {
			return fmt.Errorf("server leased %+v for %s", l, kind)
		}
		if err := replica.AddBlock(c.Desk.DB.WithContext(ctx), l.Kind, l.Start, l.End); err != nil {
			return err
		}
	}
	return nil
}

func (c *Client) pull(ctx context.Context, rep *Report) error {
	defer relaxGC()()
	for {
		var again bool
		err := store.Pin(ctx, c.Desk.DB, func(conn *gorm.DB) error {
			var err error
			again, err = c.pullOn(ctx, conn, rep)
			return err
		})
		if err != nil || !again {
			return err
		}
		// the server was restored (restore.go): again from the reset cursor
	}
}

// pullOn pulls every page and applies each in a transaction on conn, one connection of the
// pool. Its automatic checkpoints are off meanwhile: a commit that finds the WAL past
// SQLite's threshold copies it into the database before it returns, and that was 6 % of
// applying a page. A checkpointer beside it does that copying on another connection after
// every thousand or so changes, while the next page is applied (a passive checkpoint waits
// for no writer). Its page cache is smaller meanwhile (pullCacheSize). again reports that
// the server was restored and the pull must start over.
func (c *Client) pullOn(ctx context.Context, conn *gorm.DB, rep *Report) (again bool, err error) {
	cursor, err := replica.StateInt(conn.WithContext(ctx), replica.KeyCursor)
	if err != nil {
		return false, err
	}
	ck, err := startCheckpoints(ctx, conn, c.Desk.DB)
	if err != nil {
		return false, err
	}
	defer func() { err = errors.Join(err, ck.stop()) }()
	// The next page is fetched while this one is applied: the server's query, the transfer
	// and the decoding overlap the local writes. apply skips what is at or below the stored
	// cursor, so a page fetched ahead can never be applied twice.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := c.fetchPage(ctx, cursor)
	for {
		f := <-next
		if f.err != nil {
			return false, f.err
		}
		page := f.page
		if again, err := c.recoverFromPull(ctx, rep, &page); again || err != nil {
			return err == nil, err
		}
		more := page.More && len(page.Changes) > 0
		if more {
			next = c.fetchPage(ctx, page.Changes[len(page.Changes)-1].Seq)
		}
		applied, conflicts, err := c.apply(ctx, conn, f.after, page.Changes, f.docs, f.rows)
		if err != nil {
			return false, err
		}
		ck.applied(applied)
		rep.Pulled += applied
		rep.Conflicts += conflicts
		if c.Progress != nil {
			c.Progress(int64(rep.Pulled), int64(rep.Pulled)+page.Total-int64(len(page.Changes)))
		}
		if !more {
			return false, nil
		}
	}
}

// pullCacheSize is the page cache of the pull's connection while it pulls (KiB, as
// cache_size takes a negative number), SQLite's default in place of the profile's 16 MB
// (store.DSN). A pulled page's rows go to the ends of their B-trees, so the pages it dirties
// are written once whether they wait in the cache for the commit or leave it earlier (the
// write calls of a 20000-op pull: 26.2k with either cache), while every page the cache
// grows by is memory first touched by the applying goroutine: a pull on a connection whose
// cache was not full yet spent 12-15 % of its transactions' CPU in SQLite's page allocation
// and malloc, page faults nearly all of it (pcache1AllocPage, sqlite3MemMalloc: 0.54-0.83 s
// of five pulls). With 2 MB those took 0.13-0.24 s, and the applying thread's CPU was 16-26 %
// less at load 1, 5-17 % at load 5 (medians of alternated runs, docs/bench-method.md "Pull
// (session 13)").
const pullCacheSize = -2000

// checkpoints runs WAL checkpoints beside a pull whose connection has automatic ones off,
// and holds the connection's settings to give back after the pull.
type checkpoints struct {
	conn  *gorm.DB // the pull's connection
	prev  int64    // its wal_autocheckpoint before the pull
	cache int64    // and its cache_size
	since int      // changes applied since the last checkpoint asked for
	pages chan struct{}
	done  chan struct{}
}

func startCheckpoints(ctx context.Context, conn, pool *gorm.DB) (*checkpoints, error) {
	// Not cancelled with the pull: the connection must get its setting back.
	ctx = context.WithoutCancel(ctx)
	k := &checkpoints{conn: conn.WithContext(ctx), pages: make(chan struct{}, 1), done: make(chan struct{})}
	if err := k.conn.Raw(`PRAGMA wal_autocheckpoint`).Scan(&k.prev).Error; err != nil {
		return nil, err
	}
	if err := k.conn.Raw(`PRAGMA cache_size`).Scan(&k.cache).Error; err != nil {
		return nil, err
	}
	if err := k.conn.Exec(fmt.Sprintf(`PRAGMA cache_size = %d`, pullCacheSize)).Error; err != nil {
		return nil, err
	}
	if err := k.conn.Exec(`PRAGMA wal_autocheckpoint = 0`).Error; err != nil {
		return nil, errors.Join(err, k.restore())
	}
	go func() {
		defer close(k.done)
		for range k.pages {
			// Passive: it copies what is committed and waits for nobody. A failure leaves the
			// frames in the WAL for the next checkpoint; nothing is lost.
			_ = pool.WithContext(ctx).Exec(`PRAGMA wal_checkpoint(PASSIVE)`).Error
		}
	}()
	return k, nil
}

// checkpointOps is how many applied changes call for a checkpoint: a thousand write well over
// the thousand WAL pages at which SQLite's automatic checkpoint would have run. A small pull
// leaves its pages to the next automatic checkpoint, as before.
const checkpointOps = 1000

// applied counts a page's applied changes and asks for a checkpoint when enough were
// committed since the last (one waiting is enough).
func (k *checkpoints) applied(n int) {
	if k.since += n; k.since < checkpointOps {
		return
	}
	k.since = 0
	select {
	case k.pages <- struct{}{}:
	default:
	}
}

// stop waits for the checkpoint under way and gives the connection its automatic checkpoints
// and its page cache back.
func (k *checkpoints) stop() error {
	close(k.pages)
	<-k.done
	return errors.Join(k.conn.Exec(fmt.Sprintf(`PRAGMA wal_autocheckpoint = %d`, k.prev)).Error, k.restore())
}

// restore gives the connection its page cache back.
func (k *checkpoints) restore() error {
	return k.conn.Exec(fmt.Sprintf(`PRAGMA cache_size = %d`, k.cache)).Error
}

type fetched struct {
	after int64
	page  protocol.PullResponse
	docs  []map[string]json.RawMessage // the page's created records, decoded beside the apply of the page before
	rows  []any                        // and its rows of the local log (logRows)
	err   error
}

// fetchPage asks for the page after a cursor in the background.
func (c *Client) fetchPage(ctx context.Context, after int64) <-chan fetched {
	out := make(chan fetched, 1)
	go func() {
		f := fetched{after: after}
		f.err = c.call(ctx, http.MethodGet, fmt.Sprintf("/pull?after=%d&limit=%d", after, c.PageSize), nil, &f.page)
		if f.err == nil && f.page.After > after {
			// The answer to a later cursor (a proxy replaying a page fetched ahead): applying
			// it would skip the changes between the two. An earlier cursor's page is harmless:
			// what this desk has is skipped and the rest follows on.
			f.err = fmt.Errorf("pull after %d answered with the page after %d: %w", after, f.page.After, ErrStalePage)
		}
		if f.err == nil {
			f.docs = decodeCreates(f.page.Changes)
			f.rows = logRows(f.page.Changes)
		}
		out <- f
	}()
	return out
}

// decodeCreates decodes the records that a page's creates and appends carry, by index (nil
// where there is none or it does not decode: apply then decodes it and reports the error).
func decodeCreates(page []protocol.Change) []map[string]json.RawMessage {
	docs := make([]map[string]json.RawMessage, len(page))
	for i, ch := range page {
		if ch.Op == protocol.OpCreate || ch.Op == protocol.OpAppend {
			if doc, err := replica.DecodeDoc(ch.Value); err == nil {
				docs[i] = doc
			}
		}
	}
	return docs
}
