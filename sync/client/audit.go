package client

import (
	"encoding/json"
	"sort"
	"strconv"
	"strings"

	"outpost/domain/audit"
	"outpost/domain/replica"
	"outpost/domain/sla"
	"outpost/domain/ticket"
	"outpost/sync/protocol"
)

// The audit trail of a ticket is derived, on every desk, from the ops the server accepted:
// the desk that wrote a change recorded its audit entries in the write's transaction, and a
// desk applying that change from the server writes the same entries, authored by the op's
// author at the op's time. Nothing is pushed for them, so they cannot be forged: they say
// exactly what the validated op did. Their ids are the op's change id and a counter, so a
// re-delivered op writes nothing new and entries of one op keep their order.

// auditFor returns the audit entries of another desk's op (nil for this desk's own ops and
// for child records other than a ticket's attachments and links). doc is a created record's value; old is a set
// field's local value before the op, used when applied (a set that lost to a newer write is
// still recorded, with no old value, as it was made).
func (a *applier) auditFor(typ *replica.Type, ch protocol.Change, doc map[string]json.RawMessage, old json.RawMessage, applied bool) []ticket.AuditEntry {
	if ch.DeviceID == a.c.Desk.DeviceID {
		return nil // this desk's own op: it wrote its trail when it made the change
	}
	at := int64(ch.HLC >> 16)
	actor := ch.AuthorID
	if ch.Auto {
		// Automatic work is credited to the desk's system user, as on the desk that made it,
		// not to the user who vouched for it: every desk shows the same author.
		actor = deskSystem
	}
	var out []ticket.AuditEntry
	add := func(ticketID, field, oldV, newV string) {
		out = append(out, ticket.AuditEntry{ID: ch.ChangeID + "." + strconv.Itoa(len(out)), TicketID: ticketID,
			ActorID: actor, At: at, Field: field, OldValue: oldV, NewValue: newV})
	}
	createdAt := func() {
		if c, _ := replica.JSONInt(doc["createdAt"]); c > 0 {
			at = c
		}
	}
	// set adds a set op's line: the value the field had here before it, when it was applied
	// (false: applied, it changed nothing, and there is no line).
	set := func() bool {
		oldV, newV := "", display(ch.Value)
		if applied {
			oldV = display(old)
			if oldV == newV {
				return false
			}
		}
		add(ch.RecordID, ch.Field, oldV, newV)
		return true
	}
	switch typ.Entity {
	case ticket.EntityTicket:
		switch ch.Op {
		case protocol.OpCreate:
			createdAt()
			add(ch.RecordID, "created", "", display(doc["number"]))
		case protocol.OpSet:
			if !set() {
				return nil
			}
		case protocol.OpTransition:
			var m replica.TicketMove
			if json.Unmarshal(ch.Value, &m) != nil {
				return nil
			}
			add(ch.RecordID, "state", string(m.From), string(m.To))
			if m.HoldReason != "" && m.To == ticket.OnHold {
				add(ch.RecordID, "holdReason", "", m.HoldReason)
			}
			if m.To == ticket.Resolved {
				add(ch.RecordID, "resolutionCode", "", m.ResolutionCode)
			}
			if r := strings.TrimSpace(m.Reason); r != "" {
				add(ch.RecordID, "reason", "", r)
			}
		case protocol.OpArchive:
			add(ch.RecordID, "archived", "no", "yes")
		}
	case ticket.EntityAttachment:
		if ch.Op == protocol.OpAppend {
			createdAt()
			add(display(doc["ticketId"]), "attachment", "", display(doc["name"]))
		}
	case ticket.EntityLink:
		if ch.Op == protocol.OpAppend {
			createdAt()
			add(display(doc["fromId"]), "link", "", display(doc["kind"])+" "+a.number(display(doc["toId"])))
		}
	default:
		if typ.Parent != "" {
			return nil // a child record's line is its parent kind's business
		}
		// Every other root kind (assets, articles, catalog records, approvals, configuration,
		// views, templates…): the lines replica.Writer writes on the desk that made the
		// change, under the kind's entity, so a desk that pulls it holds a trail too.
		before := len(out)
		switch ch.Op {
		case protocol.OpCreate:
			createdAt()
			label := display(doc["number"])
			for _, f := range []string{"tag", "name", "title"} {
				if label == "" {
					label = display(doc[f])
				}
			}
			add(ch.RecordID, "created", "", label)
		case protocol.OpSet:
			if !set() {
				return nil
			}
		case protocol.OpTransition:
			var m struct {
				From string `json:"from"`
				To   string `json:"to"`
			}
			if json.Unmarshal(ch.Value, &m) != nil || typ.State == "" {
				return nil
			}
			add(ch.RecordID, typ.State, m.From, m.To)
		case protocol.OpArchive:
			add(ch.RecordID, "archived", "no", "yes")
		}
		for i := before; i < len(out); i++ {
			out[i].Entity = typ.Entity
		}
	}
	return out
}

// number is a visible ticket's number, from this page or the profile ("" if it cannot be read).
func (a *applier) number(id string) string {
	if r, ok := a.fresh[ticket.EntityTicket+"/"+id]; ok {
		return display(r.doc["number"])
	}
	var n string
	_ = a.tx.Raw(`SELECT number FROM tickets WHERE id = ?`, id).Scan(&n).Error
	return n
}

// display renders a JSON field value as domain/ticket's audit trail does.
func display(raw json.RawMessage) string {
	if s, ok := replica.JSONString(raw); ok {
		return s
	}
	if n, ok := replica.JSONInt(raw); ok && n > -1e15 && n < 1e15 && string(raw) != "-0" {
		return strconv.FormatInt(n, 10) // as float64 formats it, exactly, below 2^53
	}
	var v any
	if len(raw) == 0 || json.Unmarshal(raw, &v) != nil {
		return ""
	}
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return string(raw)
	}
}

// deskSystem stands for this desk's system user as the actor of a derived audit entry.
const deskSystem = ""

// prepareAudit readies the page's derived audit entries, in op order, for flush to insert:
// the entries are chained on another goroutine while flush writes the page's other rows
// (ticket.PrepareAudit), and the function returned waits for their batch. Automatic work
// (actor deskSystem) and an author this profile does not know (a user the directory has not
// brought yet) are shown as the desk's system user.
func (a *applier) prepareAudit() (func() (*audit.Batch, error), error) {
	if len(a.audit) == 0 {
		return func() (*audit.Batch, error) { return nil, nil }, nil
	}
	ids := map[string]bool{}
	var want []string
	for _, e := range a.audit {
		if !ids[e.ActorID] {
			ids[e.ActorID] = true
			want = append(want, e.ActorID)
		}
	}
	var known []string
	if err := a.tx.Raw(`SELECT id FROM users WHERE id IN ?`, want).Scan(&known).Error; err != nil {
		return nil, err
	}
	have := map[string]bool{}
	for _, id := range known {
		have[id] = true
	}
	var system string
	out := make([]ticket.AuditEntry, len(a.audit))
	for i, e := range a.audit {
		if e.ActorID == deskSystem || !have[e.ActorID] {
			if system == "" {
				if err := a.tx.Raw(`SELECT value FROM settings WHERE key = 'system_user_id'`).Scan(&system).Error; err != nil {
					return nil, err
				}
			}
			e.ActorID = system
		}
		out[i] = e
	}
	// A re-delivered op's entries are in the trail already: PrepareAudit leaves them out.
	return ticket.PrepareAudit(a.tx, out), nil
}

// afterWrite runs the desk's ticket write hooks (the SLA hook keeps sla_* and the schedule
// current) for every ticket the page touched, in the page's transaction, as a local write does.
func (a *applier) afterWrite() error {
	touched := a.touched[ticket.EntityTicket]
	if len(touched) == 0 || len(a.c.Desk.Tickets.AfterWrite) == 0 {
		return nil
	}
	ids := make([]string, 0, len(touched))
	for id := range touched {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	tx := a.tx
	if len(a.newTicks) > 0 {
		tx = ticket.WithInserted(tx, a.newTicks)
	}
	if a.settled != nil {
		tx = sla.WithSettled(tx, a.settled)
	}
	for _, h := range a.c.Desk.Tickets.AfterWrite {
		if err := h(tx, ids, a.now); err != nil {
			return err
		}
	}
	return nil
}

// settle starts computing the SLA state of the page's new tickets, before they are inserted,
// so their insert writes it and the SLA hook need not update the rows it just wrote
// (sla.Settle). It is derived beside the page's other rows, from the tickets built there too
// (inserted, whose field lookups in the page's records were 3 % of the applying goroutine's
// CPU); flush takes both (a.finish) before it inserts the tickets.
func (a *applier) settle() error {
	if a.c.Desk.SLA == nil {
		a.newTicks = a.inserted()
		return nil
	}
	ids := a.insertedIDs()
	if len(ids) == 0 {
		return nil
	}
	ticks := make(chan map[string]*ticket.Inserted, 1)
	finish, err := a.c.Desk.SLA.Settle(a.tx, a.now, ids, func() []*ticket.Inserted {
		m := a.inserted() // reads the page's records and trail, which nothing writes meanwhile
		ticks <- m
		ks := make([]*ticket.Inserted, len(ids)) // in page order (any order gives the same state)
		for i, id := range ids {
			ks[i] = m[id]
		}
		return ks
	})
	if err != nil {
		return err
	}
	a.finish = func() (*sla.Settled, error) {
		settled, err := finish()
		a.newTicks = <-ticks // built before the derive began
		return settled, err
	}
	return nil
}

// insertedIDs returns, in page order, the ids of the tickets inserted returns.
func (a *applier) insertedIDs() []string {
	var ids []string
	for _, r := range a.freshOrder {
		if r.typ.Entity != ticket.EntityTicket {
			continue
		}
		if id, _ := replica.JSONString(r.doc["id"]); id != "" && !a.withChildren[id] {
			ids = append(ids, id)
		}
	}
	return ids
}

// extra is the columns a type's insert writes beyond its fields: a new ticket's SLA state.
func (a *applier) extra(typ *replica.Type, docs []map[string]json.RawMessage) *replica.Extra {
	if a.settled == nil || typ.Entity != ticket.EntityTicket {
		return nil
	}
	e := &replica.Extra{Columns: a.settled.Columns, Default: a.settled.Default, Values: make([][]any, len(docs))}
	for i, doc := range docs {
		if id, _ := replica.JSONString(doc["id"]); id != "" {
			e.Values[i] = a.settled.Values[id]
		}
	}
	return e
}

// inserted returns the tickets this page created with no comment, attachment or link yet,
// with their trail, for the write hooks (ticket.Inserted).
func (a *applier) inserted() map[string]*ticket.Inserted {
	out := map[string]*ticket.Inserted{}
	for _, r := range a.freshOrder {
		if r.typ.Entity != ticket.EntityTicket {
			continue
		}
		var k ticket.Inserted
		str := func(name string, dst *string) { *dst, _ = replica.JSONString(r.doc[name]) }
		str("id", &k.ID)
		if k.ID == "" || a.withChildren[k.ID] {
			continue
		}
		str("number", &k.Number)
		str("title", &k.Title)
		typ, _ := replica.JSONString(r.doc["type"])
		k.Type = ticket.Type(typ)
		str("category", &k.Category)
		str("service", &k.Service)
		str("groupId", &k.GroupID)
		str("assigneeId", &k.AssigneeID)
		prio, _ := replica.JSONInt(r.doc["priority"])
		k.Priority = int(prio)
		state, _ := replica.JSONString(r.doc["state"])
		k.State = ticket.State(state)
		k.CreatedAt, _ = replica.JSONInt(r.doc["createdAt"])
		out[k.ID] = &k
	}
	if len(out) == 0 {
		return nil
	}
	for _, e := range a.audit {
		if e.Entity != "" && e.Entity != ticket.EntityTicket {
			continue // another kind's line (a catalog request has its ticket's id)
		}
		if k := out[e.TicketID]; k != nil {
			k.Trail = append(k.Trail, e)
		}
	}
	return out
}
