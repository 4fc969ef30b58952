package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strings"

	"gorm.io/gorm"

	"outpost/domain/fault"
	"outpost/domain/hlc"
	"outpost/domain/kind"
	"outpost/domain/people"
	"outpost/domain/replica"
	"outpost/sync/merge"
	"outpost/sync/protocol"
	"outpost/sync/server/store"
)

// ErrGap is a push whose first op id is past the next one the server expects.
var ErrGap = errors.New("op id gap")

// GapError says which op id the server expects next.
type GapError struct{ LastOpID int64 }

func (e *GapError) Error() string { return fmt.Sprintf("the server expects op %d next", e.LastOpID+1) }
func (e *GapError) Unwrap() error { return ErrGap }

// Push applies a device's batch in one transaction: ops already answered get their stored
// result (a replay changes nothing), new ones are checked against the user's current role and
// the record's state, merged, and given sequence numbers in commit order.
//
// actor is the pushing user as just authenticated (their current role and groups); a zero
// actor makes Push load it.
func (s *Server) Push(ctx context.Context, deviceID string, actor people.Actor, req *protocol.PushRequest) (*protocol.PushResponse, error) {
	if req.DeviceID != deviceID {
		return nil, fmt.Errorf("push for device %s with the token of %s: %w", req.DeviceID, deviceID, fault.ErrForbidden)
	}
	resp := &protocol.PushResponse{}
	act := actor
	parsed := parseDocs(req.Ops)
	err := s.Store.Grouped(ctx, func(tx *gorm.DB) error {
		resp.Results = resp.Results[:0]
		dev, err := s.Store.LockDevice(tx, deviceID)
		if err != nil {
			return err
		}
		if dev.Revoked {
			return fmt.Errorf("device %s is revoked: %w", deviceID, fault.ErrForbidden)
		}
		first, last := req.Ops[0].OpID, req.Ops[len(req.Ops)-1].OpID
		if first > dev.LastOpID+1 {
			return &GapError{LastOpID: dev.LastOpID}
		}
		if first <= dev.LastOpID {
			stored, err := store.Results(tx, deviceID, first, min(last, dev.LastOpID))
			if err != nil {
				return err
			}
			for _, r := range stored {
				resp.Results = append(resp.Results, r.Result)
			}
		}
		resp.LastOpID = dev.LastOpID
		if last <= dev.LastOpID {
			return nil
		}
		if act.ID != dev.UserID {
			if act, err = s.actor(ctx, tx, dev.UserID); err != nil {
				return err
			}
		}
		seq, maxHLC, err := s.Store.LockSeq(tx)
		if err != nil {
			return err
		}
		s.Clock.Observe(hlc.Timestamp(maxHLC))
		p := &pusher{s: s, tx: tx, act: act, device: deviceID, seq: seq, now: s.Now(), records: map[string]*store.Record{}, users: map[string]*store.User{}, numbers: map[string]bool{}, isDirty: map[string]bool{}, parsed: parsed}
		ids := make([]string, 0, len(req.Ops))
		for _, op := range req.Ops {
			ids = append(ids, op.ChangeID)
		}
		if p.taken, err = store.ChangeIDsTaken(tx, ids); err != nil {
			return err
		}
		if err := p.prefetch(req.Ops, dev.LastOpID); err != nil {
			return err
		}
		if err := p.auto.load(tx, req.Ops, dev.LastOpID); err != nil {
			return err
		}
		for _, op := range req.Ops {
			if op.OpID <= dev.LastOpID {
				continue
			}
			stored := store.OpResult{Entity: op.Entity, RecordID: op.RecordID}
			if err := op.Validate(); err != nil {
				// Refused for good, alone: the desk records it for its author and its
				// queue moves on. What the op names may be anything: not kept.
				stored = store.OpResult{Result: protocol.Result{OpID: op.OpID, Status: protocol.Rejected, Code: protocol.CodeOf(err), Reason: err.Error()}}
			} else if stored.Result, err = p.apply(op); err != nil {
				return fmt.Errorf("op %d: %w", op.OpID, err)
			}
			p.results = append(p.results, stored)
			resp.Results = append(resp.Results, stored.Result)
		}
		if err := p.flush(); err != nil {
			return err
		}
		if err := store.InsertChanges(tx, p.changes); err != nil {
			return err
		}
		if err := p.auto.flush(tx); err != nil {
			return err
		}
		if err := store.SaveResults(tx, deviceID, p.results); err != nil {
			return err
		}
		if err := store.SetSeq(tx, p.seq, int64(s.Clock.Last())); err != nil {
			return err
		}
		resp.LastOpID = last
		return store.SetLastOpID(tx, deviceID, last, p.now.UnixMilli())
	})
	if err != nil {
		return nil, err
	}
	if act.ID == "" {
		d, err := s.Store.DeviceByID(ctx, deviceID)
		if err != nil {
			return nil, err
		}
		if act, err = s.actor(ctx, s.Store.DB.WithContext(ctx), d.UserID); err != nil {
			return nil, err
		}
	}
	resp.Results, resp.Corrections, err = s.corrections(ctx, act, req, resp.Results)
	return resp, err
}

// actor loads a user's current role and groups: a push is judged by what the user may do now.
func (s *Server) actor(ctx context.Context, tx *gorm.DB, userID string) (people.Actor, error) {
	u, err := s.Store.UserByID(ctx, tx, userID)
	if err != nil {
		return people.Actor{}, err
	}
	if !u.Active {
		return people.Actor{}, fmt.Errorf("user %s is inactive: %w", u.Email, fault.ErrForbidden)
	}
	groups, err := s.Store.UserGroups(ctx, tx, userID)
	if err != nil {
		return people.Actor{}, err
	}
	return people.Actor{ID: u.ID, Role: people.Role(u.Role), Groups: groups}, nil
}

type pusher struct {
	s      *Server
	tx     *gorm.DB
	act    people.Actor
	device string
	seq    int64
	now    interface{ UnixMilli() int64 }
	// Records read or written in this batch, written back once at the end.
	records map[string]*store.Record
	dirty   []string
	isDirty map[string]bool
	users   map[string]*store.User
	taken   map[string]bool
	numbers map[string]bool // human numbers given out in this batch
	changes []store.Stored
	results []store.OpResult
	leases  []protocol.Lease // this device's number blocks, read once per batch
	opID    int64            // the op being applied
	groups  map[string]bool  // assignment groups known to exist
	parsed  map[int64]parsedDoc
	// Numbers the batch's creates carry that are already in use, read in one go on first need
	// (ops holds the batch for that).
	ops         []protocol.Op
	takenNumber map[string]bool
	auto        autoWork          // keys of automatic work: done once per desk-wide, see autokey.go
	team        *replica.Settings // the team's settings, read on first need (kinds.go)
}

// prefetch reads the records the batch's new ops touch in a few queries, so applying them
// costs no round trip per op (on PostgreSQL each is a network round trip).
func (p *pusher) prefetch(ops []protocol.Op, lastOpID int64) error {
	byEntity := map[string][]string{}
	for _, op := range ops {
		if op.OpID <= lastOpID {
			continue
		}
		p.ops = append(p.ops, op)
		if _, known := p.records[op.Entity+"/"+op.RecordID]; !known {
			p.records[op.Entity+"/"+op.RecordID] = nil // absent unless read below
			byEntity[op.Entity] = append(byEntity[op.Entity], op.RecordID)
		}
	}
	for entity, ids := range byEntity {
		found, err := store.GetRecords(p.tx, entity, ids)
		if err != nil {
			return err
		}
		for id, r := range found {
			p.records[entity+"/"+id] = r
		}
		for _, id := range ids {
			if p.records[entity+"/"+id] == nil {
				p.records[entity+"/"+id] = seeded(entity, id)
			}
			if p.records[entity+"/"+id] == nil {
				// A person, group or membership the server's own tables hold (made with its
				// CLI) is a record like any other, as p.record answers it.
				r, err := p.fromDirectory(entity, id)
				if err != nil {
					return err
				}
				p.records[entity+"/"+id] = r
			}
		}
	}
	return nil
}

// autoAllowed reports whether an op marked automatic is work its kind lets a desk do by
// itself (replica.Type.Auto: closing a resolved ticket, an SLA escalation). The signed-in
// user's role is checked for it as for any op; the mark cannot dress up anything else as
// automatic.
func autoAllowed(typ *replica.Type, op protocol.Op) bool {
	return typ.Auto != nil && typ.Auto(op.Op, op.Field, op.Value)
}

// previous returns the result of this device's op just before the current one (from this
// batch or stored), or nil.
func (p *pusher) previous() (*store.OpResult, error) {
	want := p.opID - 1
	for i := len(p.results) - 1; i >= 0; i-- {
		if p.results[i].OpID == want {
			return &p.results[i], nil
		}
	}
	rs, err := store.Results(p.tx, p.device, want, want)
	if err != nil || len(rs) == 0 {
		return nil, err
	}
	return &rs[0], nil
}

// numberTaken reports whether a number is used, in the database or earlier in this batch.
func (p *pusher) numberTaken(num string) (bool, error) {
	if p.numbers[num] {
		return true, nil
	}
	if p.takenNumber == nil {
		// The numbers every create of the batch carries, checked in one go.
		var nums []string
		for _, op := range p.ops {
			typ, ok := replica.Lookup(op.Entity)
			if op.Op != protocol.OpCreate || !ok || typ.Number == "" {
				continue
			}
			// from the values parsed before the transaction
			if d := p.parsed[op.OpID]; d.err == nil {
				if n := str(d.doc, typ.Number); n != "" {
					nums = append(nums, n)
				}
			}
		}
		taken, err := store.NumbersTaken(p.tx, nums)
		if err != nil {
			return false, err
		}
		p.takenNumber = make(map[string]bool, len(nums))
		for _, n := range nums {
			p.takenNumber[n] = taken[n] // known: free unless read as taken
		}
	}
	if taken, known := p.takenNumber[num]; known {
		return taken, nil
	}
	// Not among the batch's numbers (read above): ask.
	taken, err := store.NumberTaken(p.tx, num)
	p.takenNumber[num] = taken
	return taken, err
}

// record reads a record through the batch's cache.
func (p *pusher) record(entity, id string) (*store.Record, error) {
	if p.records == nil {
		r, err := getRecord(p.tx, entity, id)
		if err == nil && r == nil {
			r, err = p.fromDirectory(entity, id)
		}
		return r, err
	}
	key := entity + "/" + id
	if r, ok := p.records[key]; ok {
		return r, nil
	}
	r, err := getRecord(p.tx, entity, id)
	if err == nil && r == nil {
		r, err = p.fromDirectory(entity, id)
	}
	if err != nil {
		return nil, err
	}
	p.records[key] = r
	return r, nil
}

// put stages a record for writing at the end of the batch.
func (p *pusher) put(rec *store.Record) {
	key := rec.Entity + "/" + rec.ID
	if !p.isDirty[key] {
		p.isDirty[key] = true
		p.dirty = append(p.dirty, key)
	}
	p.records[key] = rec
}

// flush writes the batch's changed records.
func (p *pusher) flush() error {
	rs := make([]*store.Record, len(p.dirty))
	for i, key := range p.dirty {
		rs[i] = p.records[key]
	}
	return store.PutRecords(p.tx, rs)
}

// user reads a user through the batch's cache.
func (p *pusher) user(id string) (*store.User, error) {
	if u, ok := p.users[id]; ok && p.users != nil {
		return u, nil
	}
	u, err := p.s.Store.UserByID(context.Background(), p.tx, id)
	if err != nil {
		return nil, err
	}
	if p.users != nil {
		p.users[id] = u
	}
	return u, nil
}

// reject turns a domain error into a rejected result; other errors abort the batch.
func reject(opID int64, err error) (protocol.Result, error) {
	code := fault.Code(err)
	if code == fault.CodeInternal {
		return protocol.Result{}, err
	}
	return protocol.Result{OpID: opID, Status: protocol.Rejected, Code: code, Reason: err.Error()}, nil
}

func (p *pusher) apply(op protocol.Op) (protocol.Result, error) {
	typ, ok := replica.Lookup(op.Entity)
	if !ok {
		return reject(op.OpID, fault.Field("entity", "%s does not sync", op.Entity))
	}
	if op.AuthorID != p.act.ID {
		return reject(op.OpID, fmt.Errorf("ops are authored by the signed-in user: %w", fault.ErrForbidden))
	}
	p.opID = op.OpID
	if op.Auto && !autoAllowed(typ, op) {
		return reject(op.OpID, fmt.Errorf("%s %s.%s is not work a desk does by itself: %w", op.Op, op.Entity, op.Field, fault.ErrForbidden))
	}
	if err := p.auto.duplicate(op, p.device); err != nil {
		return reject(op.OpID, err)
	}
	if p.taken[op.ChangeID] {
		return reject(op.OpID, fmt.Errorf("change %s was already pushed: %w", op.ChangeID, fault.ErrConflict))
	}
	h, _ := merge.Clamp(op.HLC, p.s.Now(), func() uint64 { return uint64(p.s.Clock.Now()) })
	p.s.Clock.Observe(hlc.Timestamp(h))
	stamp := protocol.Stamp{HLC: h, Device: p.device}
	ch := store.Stored{Change: protocol.Change{ChangeID: op.ChangeID, Entity: op.Entity, RecordID: op.RecordID, Op: op.Op,
		Field: op.Field, Value: op.Value, HLC: h, DeviceID: p.device, AuthorID: p.act.ID, Base: op.Base, Auto: op.Auto}}
	rec, err := p.record(op.Entity, op.RecordID)
	if err != nil {
		return protocol.Result{}, err
	}
	var audience string // a private record's group before the op
	if rec != nil {
		rec = rec.Clone() // an op that is rejected half-way must leave the cached record as it was
		audience = rec.Owner2
	}
	var number string
	switch op.Op {
	case protocol.OpCreate, protocol.OpAppend:
		if typ.Append != (op.Op == protocol.OpAppend) {
			return reject(op.OpID, fault.Field("op", "%s records are made with %s", op.Entity, map[bool]string{true: "append", false: "create"}[typ.Append]))
		}
		if rec != nil {
			return reject(op.OpID, fmt.Errorf("%s %s already exists: %w", op.Entity, op.RecordID, fault.ErrConflict))
		}
		// A kind's rules judge who may create it before its references are looked up (as the
		// desk's service does): a requester's policy is forbidden, whatever calendar it names.
		doc, err := p.decodeDoc(typ, op, false)
		if err != nil {
			return reject(op.OpID, err)
		}
		rec = &store.Record{Entity: op.Entity, ID: op.RecordID, Doc: doc, Versions: map[string]protocol.Stamp{"": stamp}}
		if err := p.placeRecord(typ, rec); err != nil {
			return reject(op.OpID, err)
		}
		if typ.Rules.Create != nil {
			if err := typ.Rules.Create(p.reader(typ, nil), p.act, rec.Doc); err != nil {
				return reject(op.OpID, err)
			}
		}
		if err := p.checkAuthor(typ, rec); err != nil {
			return reject(op.OpID, err)
		}
		if err := p.checkRefs(typ, doc, nil); err != nil {
			return reject(op.OpID, err)
		}
		if typ.Number != "" {
			if number, err = p.number(typ, rec, &ch); err != nil {
				return reject(op.OpID, err)
			}
			if number != "" {
				rec.Doc[typ.Number], _ = json.Marshal(number)
				ch.Value, _ = replica.EncodeDoc(rec.Doc)
			}
		}
		if typ.Blob != "" {
			if err := p.checkBlob(typ, rec); err != nil {
				return reject(op.OpID, err)
			}
		}
	case protocol.OpSet, protocol.OpTransition, protocol.OpArchive:
		if rec == nil || !p.visible(rec) {
			return reject(op.OpID, fmt.Errorf("%s %s: %w", op.Entity, op.RecordID, fault.ErrNotFound))
		}
		if typ.Append {
			return reject(op.OpID, fmt.Errorf("%s records are append-only: %w", op.Entity, fault.ErrForbidden))
		}
		switch op.Op {
		case protocol.OpSet:
			if err := p.set(typ, rec, op, stamp); err != nil {
				return reject(op.OpID, err)
			}
		case protocol.OpTransition:
			if err := p.transition(typ, rec, op, stamp); err != nil {
				return reject(op.OpID, err)
			}
		case protocol.OpArchive:
			if err := p.archive(typ, rec); err != nil {
				return reject(op.OpID, err)
			}
			rec.Doc["archived"] = json.RawMessage("true")
		}
		if err := p.placeRecord(typ, rec); err != nil {
			return reject(op.OpID, err)
		}
	}
	if err := p.project(rec); err != nil {
		return reject(op.OpID, err)
	}
	p.put(rec)
	p.invalidateSettings(op.Entity)
	p.taken[op.ChangeID] = true
	p.seq++
	ch.Seq, ch.TicketID = p.seq, rec.TicketID
	ch.Internal = typ.Internal != nil && typ.Internal(rec.Doc)
	if typ.Private && op.Op == protocol.OpSet && audience != rec.Owner2 {
		ch.Audience = audience
	}
	p.changes = append(p.changes, ch)
	if typ.Private && op.Op == protocol.OpSet && rec.Owner2 != "" && audience != rec.Owner2 {
		snap, err := shareSnapshot(rec, ch)
		if err != nil {
			return protocol.Result{}, err
		}
		p.seq++
		snap.Seq = p.seq
		p.changes = append(p.changes, snap)
	}
	p.auto.accepted(op, p.device, ch.Seq)
	return protocol.Result{OpID: op.OpID, Status: protocol.Accepted, Seq: ch.Seq, HLC: h, Number: number}, nil
}

// decodeDoc reads a create/append value (parsed before the transaction when it could be) and,
// with refs, checks the references it sets.
func (p *pusher) decodeDoc(typ *replica.Type, op protocol.Op, refs bool) (map[string]json.RawMessage, error) {
	d, ok := p.parsed[op.OpID]
	if !ok {
		d = parseDoc(typ, op)
	}
	if d.err != nil {
		return nil, d.err
	}
	// A copy: the record built from it is changed (its number, rules' defaults), and a push
	// may run again from scratch (a busy database, a failed push in its group).
	doc := maps.Clone(d.doc)
	if !refs {
		return doc, nil
	}
	return doc, p.checkRefs(typ, doc, nil)
}

type parsedDoc struct {
	doc map[string]json.RawMessage
	err error
}

// parseDocs reads the values of a batch's creates and appends. It needs no database, so it
// runs before the push takes its place in the write queue, beside other pushes.
func parseDocs(ops []protocol.Op) map[int64]parsedDoc {
	out := map[int64]parsedDoc{}
	for _, op := range ops {
		if typ, ok := replica.Lookup(op.Entity); ok && (op.Op == protocol.OpCreate || op.Op == protocol.OpAppend) {
			out[op.OpID] = parseDoc(typ, op)
		}
	}
	return out
}

// parseDoc reads a create/append value: an object of declared fields with values of the
// declared types, whose id is the op's record id. Local fields are dropped.
func parseDoc(typ *replica.Type, op protocol.Op) parsedDoc {
	raw, err := replica.DecodeDoc(op.Value)
	if err != nil || raw == nil {
		return parsedDoc{err: fault.Field("value", "a %s record must be an object", op.Entity)}
	}
	// The document is the decoded map less what is not kept (unknown, local or invalid
	// fields), taken out in place: a second map built key by key, and Synced's slice of
	// every field, made parsing a batch's 250 creates take 6.0 ms, now 1.8 ms.
	doc := raw
	v := &fault.Validation{}
	for name, val := range raw {
		f, ok := typ.Field(name)
		if !ok {
			v.Add(name, "%s has no field %s", op.Entity, name)
			delete(doc, name)
			continue
		}
		if f.Kind == replica.Local {
			delete(doc, name)
			continue
		}
		if _, err := replica.ToColumn(f, val); err != nil {
			v.Add(name, "%v", err)
			delete(doc, name)
		}
	}
	for i := range typ.Fields {
		f := &typ.Fields[i]
		if f.Kind == replica.Local {
			continue // not synced
		}
		if _, ok := doc[f.Name]; !ok && f.Type != replica.NullText && f.Type != replica.NullInt && f.Kind != replica.Archive {
			v.Add(f.Name, "%s is required", f.Name)
		}
	}
	if err := v.Err(); err != nil {
		return parsedDoc{err: err}
	}
	if str(doc, "id") != op.RecordID {
		return parsedDoc{err: fault.Field("id", "the record id must be the op's")}
	}
	if _, ok := typ.Field("archived"); ok {
		doc["archived"] = json.RawMessage("false")
	}
	return parsedDoc{doc: doc}
}

// checkRefs checks every reference the record sets (only the named fields, if given): users
// exist and are active (agents for "agent"), groups exist, tickets exist and are visible.
func (p *pusher) checkRefs(typ *replica.Type, doc map[string]json.RawMessage, only []string) error {
	for _, f := range typ.Fields {
		if f.Ref == "" || (only != nil && !contains(only, f.Name)) {
			continue
		}
		id := str(doc, f.Name)
		if id == "" {
			continue // null
		}
		switch f.Ref {
		case "user", "agent":
			u, err := p.user(id)
			if err != nil || !u.Active {
				return fault.Field(f.Name, "no such active user")
			}
			if f.Ref == "agent" && !people.Role(u.Role).AtLeast(people.Agent) {
				return fault.Field(f.Name, "%s cannot be given tickets (role %s)", u.Name, u.Role)
			}
		case "group":
			exists, ok := p.groups[id]
			if !ok {
				var n int64
				if err := p.tx.Raw(`SELECT COUNT(*) FROM assignment_groups WHERE id = ?`, id).Scan(&n).Error; err != nil {
					return err
				}
				exists = n > 0
				if p.groups == nil {
					p.groups = map[string]bool{}
				}
				p.groups[id] = exists
			}
			if !exists {
				return fault.Field(f.Name, "no such assignment group")
			}
		default:
			r, err := p.record(f.Ref, id)
			if err != nil {
				return err
			}
			if r == nil || !p.visible(r) {
				return fault.Field(f.Name, "no such %s", f.Ref)
			}
		}
	}
	return nil
}

// placeRecord derives the record's pull scope from its document: its ticket and its owners.
func (p *pusher) placeRecord(typ *replica.Type, rec *store.Record) error {
	if typ.Parent == "" {
		rec.TicketID = rec.ID
		if len(typ.Owners) > 0 {
			rec.Owner1 = str(rec.Doc, typ.Owners[0])
		}
		if len(typ.Owners) > 1 {
			rec.Owner2 = str(rec.Doc, typ.Owners[1])
		}
		if typ.Private && typ.Audience != "" {
			rec.Owner2 = str(rec.Doc, typ.Audience) // the group it is shared with
		}
		if typ.Public != nil && typ.Public(rec.Doc) {
			rec.Owner1 = store.Everyone
		}
		return nil
	}
	rec.TicketID = str(rec.Doc, typ.Parent)
	return nil
}

// visible reports whether the actor may see a record: staff see all; others a record of a
// kind nobody owns (configuration and the directory: its rules judge who writes it, so a
// requester's edit is forbidden, or allowed as renaming themselves is, as on the desk), a
// root record they own, or a child of one (not internal).
func (p *pusher) visible(rec *store.Record) bool {
	if typ, ok := replica.Lookup(rec.Entity); ok && typ.Private {
		return privateVisible(typ, rec, p.act)
	}
	if p.act.IsStaff() {
		return true
	}
	if typ, ok := replica.Lookup(rec.Entity); ok && len(typ.Owners) == 0 && typ.Parent == "" {
		return true
	}
	root := rec
	if rec.TicketID != rec.ID {
		typ, _ := replica.Lookup(rec.Entity)
		if typ != nil && typ.Internal != nil && typ.Internal(rec.Doc) {
			return false
		}
		var parent string
		if typ != nil {
			if f, ok := typ.Field(typ.Parent); ok {
				parent = f.Ref
			}
		}
		r, err := p.record(parent, rec.TicketID)
		if err != nil || r == nil {
			return false
		}
		root = r
	}
	return root.Owner1 == p.act.ID || root.Owner2 == p.act.ID
}

// archive judges archiving rec by its kind's rule; without one, managers archive.
func (p *pusher) archive(typ *replica.Type, rec *store.Record) error {
	if _, ok := typ.Field("archived"); !ok {
		return fmt.Errorf("%s records are not archived: %w", typ.Entity, fault.ErrForbidden)
	}
	if typ.Rules.Archive != nil {
		return typ.Rules.Archive(p.reader(typ, rec), p.act, rec.Doc)
	}
	return p.act.Require(people.Manager, "archive a record")
}

func (p *pusher) set(typ *replica.Type, rec *store.Record, op protocol.Op, stamp protocol.Stamp) error {
	f, ok := typ.Field(op.Field)
	if !ok {
		return fault.Field(op.Field, "%s has no field %s", op.Entity, op.Field)
	}
	if f.Kind != replica.LWW && f.Kind != replica.LongText {
		return fault.Field(op.Field, "%s cannot be set directly", op.Field)
	}
	if _, err := replica.ToColumn(f, op.Value); err != nil {
		return fault.Field(op.Field, "%v", err)
	}
	if typ.Rules.Set != nil {
		if err := typ.Rules.Set(p.reader(typ, rec), p.act, rec.Doc, f.Name, op.Value); err != nil {
			return err
		}
	}
	if err := p.checkRefs(typ, map[string]json.RawMessage{op.Field: op.Value}, []string{op.Field}); err != nil {
		return err
	}
	cur := merge.Current{Value: rec.Doc[op.Field], Stamp: version(rec, op.Field)}
	d := merge.Field(f.Kind, op.Field, cur, merge.Incoming{Value: op.Value, Stamp: stamp, Base: op.Base, ChangeID: op.ChangeID})
	if d.Apply {
		rec.Doc[op.Field] = op.Value
		rec.Versions[op.Field] = stamp
		// Fields derived from this one follow the merged value, as on every desk.
		typ.Derive(rec.Doc, op.Field, p.settings())
	}
	return nil
}

func (p *pusher) transition(typ *replica.Type, rec *store.Record, op protocol.Op, stamp protocol.Stamp) error {
	if typ.Transition == nil {
		return fault.Field("op", "%s has no states", op.Entity)
	}
	if op.Field != typ.State {
		return fault.Field("field", "a transition moves %s, not %s", typ.State, op.Field)
	}
	// Only what a move carries: a transition sets no other field.
	var m merge.Move
	dec := json.NewDecoder(bytes.NewReader(op.Value))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&m); err != nil || dec.More() {
		return fault.Field("value", "a transition names from and to, and what the move needs, nothing else")
	}
	current := str(rec.Doc, op.Field)
	var check func() error
	var refused error
	if typ.Rules.Move != nil {
		check = func() error {
			value, err := replica.DecodeDoc(op.Value)
			if err != nil {
				refused = fault.Field("value", "%v", err)
			} else {
				refused = typ.Rules.Move(p.reader(typ, rec), p.act, rec.Doc, kind.Move{From: m.From, To: m.To, Value: value})
			}
			return refused
		}
	}
	if c := merge.Transition(current, m, check); c != nil {
		if refused != nil {
			// The record is where its author saw it, and the kind's rule refuses the move:
			// the desk's code for the same move (forbidden, a missing reason...) stands.
			return refused
		}
		return fmt.Errorf("%s: %w", c.Error(), fault.ErrInvalidTransition)
	}
	effects, err := typ.Transition(op.Value, int64(stamp.HLC>>16))
	if err != nil {
		return fault.Field("value", "%v", err)
	}
	for k, v := range effects {
		if f, ok := typ.Field(k); ok && f.Kind != replica.Local {
			rec.Doc[k], _ = json.Marshal(v)
		}
	}
	rec.Versions[op.Field] = stamp
	return nil
}

// number keeps a created record's number if it lies in a block leased to this device and is
// free; otherwise it issues the next one from the counter. The old number is kept as an
// alias only when it is provisional (a desk's own INC-<device>-<n>): a number in the leased
// form belongs to whoever holds its block, and an alias would take it from them.
func (p *pusher) number(typ *replica.Type, rec *store.Record, ch *store.Stored) (string, error) {
	num, nk := str(rec.Doc, typ.Number), str(rec.Doc, typ.NumberKind)
	prefix := numberPrefix(typ, nk)
	if prefix == "" {
		return "", fault.Field(typ.NumberKind, "unknown kind %q", nk)
	}
	if n, ok := leasedForm(num, prefix); ok {
		if p.leases == nil {
			var err error
			if p.leases, err = store.Leases(p.tx, p.device); err != nil {
				return "", err
			}
		}
		leased := false
		for _, l := range p.leases {
			leased = leased || (l.Kind == nk && l.Start <= n && n <= l.End)
		}
		taken, err := p.numberTaken(num)
		if err != nil {
			return "", err
		}
		if leased && !taken {
			rec.Number = &num
			p.numbers[num] = true
			return "", nil
		}
	}
	n, err := store.NextNumber(p.tx, nk, 1, p.s.FirstNumber)
	if err != nil {
		return "", err
	}
	fresh := fmt.Sprintf("%s%07d", prefix, n)
	rec.Number = &fresh
	p.numbers[fresh] = true
	if strings.HasPrefix(num, prefix+"-") && replica.IsProvisional(num) {
		if taken, err := p.numberTaken(num); err != nil {
			return "", err
		} else if !taken {
			if err := store.AddAlias(p.tx, num, rec.ID); err != nil {
				return "", err
			}
			ch.Alias = num
		}
	}
	return fresh, nil
}

// mayRefer checks that the user may make a record's field refer to the blob sha: they
// uploaded it (so they hold the content), or they can already see a record that refers to
// it. Knowing a hash and a size is not enough, since referring to a blob makes it readable.
// The refusal reads as for a missing upload, so it does not tell whether the content exists.
func (p *pusher) mayRefer(field, sha string) error {
	ok, err := store.BlobUploaded(p.tx, sha, p.act.ID)
	if err == nil && !ok {
		ok, err = store.BlobVisibleIn(p.tx, sha, p.act.ID, p.act.IsStaff())
	}
	if err != nil {
		return err
	}
	if !ok {
		return fault.Field(field, "upload the file before attaching it")
	}
	return nil
}

// leasedForm reads a number in the form leases hand out: the prefix and seven digits.
func leasedForm(num, prefix string) (int64, bool) {
	digits, ok := strings.CutPrefix(num, prefix)
	if !ok || len(digits) != 7 {
		return 0, false
	}
	var n int64
	for _, c := range digits {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	return n, true
}

func version(rec *store.Record, field string) protocol.Stamp {
	if v, ok := rec.Versions[field]; ok {
		return v
	}
	return rec.Versions[""]
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// corrections gives, for each rejected op, the server's current value of what it touched, so
// the author's replica can undo its optimistic write. The answer must fit in a body: it keeps
// the results (and their corrections) that fit in protocol.MaxPage, at least one; the desk
// settles those and sends the rest again, which are replays answered from what is stored.
func (s *Server) corrections(ctx context.Context, act people.Actor, req *protocol.PushRequest, results []protocol.Result) ([]protocol.Result, []protocol.Correction, error) {
	byID := map[int64]protocol.Op{}
	for _, op := range req.Ops {
		byID[op.OpID] = op
	}
	var out []protocol.Correction
	p := &pusher{s: s, tx: s.Store.DB.WithContext(ctx), act: act}
	size := 0
	for i, r := range results {
		if size += r.Size(); size > protocol.MaxPage && i > 0 {
			return results[:i], out, nil
		}
		op, ok := byID[r.OpID]
		if r.Status != protocol.Rejected || !ok {
			continue
		}
		typ, ok := replica.Lookup(op.Entity)
		if !ok {
			continue
		}
		rec, err := getRecord(p.tx, op.Entity, op.RecordID)
		if err == nil && rec == nil {
			rec, err = p.fromDirectory(op.Entity, op.RecordID) // not Missing: the desk would drop the person
		}
		if err != nil {
			return nil, nil, err
		}
		c := protocol.Correction{Entity: op.Entity, RecordID: op.RecordID}
		if rec == nil || !p.visible(rec) {
			c.Missing = true
			if size += c.Size(); size > protocol.MaxPage && i > 0 {
				return results[:i], out, nil
			}
			out = append(out, c)
			continue
		}
		var fields []string
		switch op.Op {
		case protocol.OpSet:
			fields = []string{op.Field}
			for _, f := range typ.Dependents(op.Field) {
				if f.Name != op.Field {
					fields = append(fields, f.Name) // derived on the desk from the refused value
				}
			}
		case protocol.OpTransition:
			fields = typ.StatusFields()
		case protocol.OpArchive:
			fields = []string{"archived"}
		default:
			continue // the record exists: it is someone else's, and arrives by pull
		}
		c.Fields, c.Versions = map[string]json.RawMessage{}, map[string]protocol.Stamp{}
		for _, f := range fields {
			c.Fields[f] = rec.Doc[f]
			c.Versions[f] = version(rec, f)
		}
		if size += c.Size(); size > protocol.MaxPage && i > 0 {
			return results[:i], out, nil
		}
		out = append(out, c)
	}
	return results, out, nil
}
