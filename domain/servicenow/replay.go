package servicenow

import (
	"slices"
	"strconv"
	"strings"

	"outpost/domain/ticket"
)

// incident is one incident's rows, as the file holds them.
type incident struct {
	number string
	events []*event
}

// ordered returns the incident's rows in the order they happened: by sys_mod_count (the
// update's sequence number in ServiceNow), then sys_updated_at, then the line. A few incidents
// repeat a count or have one run against the clock; the count wins.
func (inc *incident) ordered() []*event {
	evs := slices.Clone(inc.events)
	slices.SortStableFunc(evs, func(a, b *event) int {
		if a.mod != b.mod {
			return a.mod - b.mod
		}
		if a.updatedAt != b.updatedAt {
			if a.updatedAt < b.updatedAt {
				return -1
			}
			return 1
		}
		return a.line - b.line
	})
	return evs
}

// stateOf maps an incident_state to the ticket's state and hold reason; -100 (no state
// recorded) keeps the state it was in.
func stateOf(s string, was ticket.State, hold string) (ticket.State, string) {
	switch s {
	case "New":
		return ticket.New, ""
	case "Active":
		return ticket.InProgress, ""
	case "Awaiting User Info", "Awaiting Evidence":
		return ticket.OnHold, "awaiting_caller"
	case "Awaiting Vendor":
		return ticket.OnHold, "awaiting_vendor"
	case "Awaiting Problem":
		return ticket.OnHold, "awaiting_problem"
	case "Resolved":
		return ticket.Resolved, ""
	case "Closed":
		return ticket.Closed, ""
	}
	return was, hold
}

// move is one step of the path the change log records to bring the new ticket to its state.
type move struct {
	at int64
	m  ticket.Move
}

// replayed is one incident made a ticket: the record as its last row leaves it, the audit
// trail of its whole history at the original times, and the moves the change log records.
type replayed struct {
	t      *ticket.Ticket
	born   ticket.Ticket // the record as the create op carries it (state new)
	trail  []ticket.AuditEntry
	moves  []move
	events int // rows
	states int // state changes in the trail
}

// ids resolves the labels of the file to the desk's ids.
type ids struct {
	person   map[string]string // label → user id
	group    map[string]string // name → group id
	importer string            // the actor running the import
	unknown  string            // the requester of an incident with no caller
	newID    func() string
	close    func(code string) string // closed_code → resolution code
	matrix   ticket.Matrix
}

func (x *ids) personOr(label, fallback string) string {
	if label == "" {
		return fallback
	}
	return x.person[label]
}

func (x *ids) ref(m map[string]string, label string) *string {
	if label == "" {
		return nil
	}
	id := m[label]
	return &id
}

// replay builds the ticket of inc: its fields from the row with the highest sys_mod_count,
// its history from every row in order.
func (x *ids) replay(inc *incident) *replayed {
	evs := inc.ordered()
	first, cur := evs[0], evs[len(evs)-1]
	created := min(cur.openedAt, first.updatedAt)
	t := &ticket.Ticket{
		ID: x.newID(), Number: inc.number, Type: ticket.Incident, State: ticket.New, CreatedBy: x.importer, CreatedAt: created,
	}
	fill := func(e *event) {
		t.Title = title(inc.number, e)
		t.RequesterID = x.personOr(e.caller, x.unknown)
		t.Category, t.Subcategory, t.CI = e.category, e.subcategory, e.ci
		t.Impact, t.Urgency, t.Priority = e.impact, e.urgency, e.priority
		t.PriorityOverrideReason = ""
		if e.priority != x.matrix.Priority(e.impact, e.urgency) {
			t.PriorityOverrideReason = "Priority as set in ServiceNow"
		}
		t.GroupID, t.AssigneeID = x.ref(x.group, e.group), x.ref(x.person, e.assignee)
		t.Source = e.contact
	}
	r := &replayed{t: t, events: len(evs)}
	line := func(at int64, actor, field, old, new string) {
		r.trail = append(r.trail, ticket.AuditEntry{ID: x.newID(), Entity: ticket.EntityTicket, TicketID: t.ID,
			ActorID: actor, At: at, Field: field, OldValue: old, NewValue: new})
	}
	line(created, x.personOr(cur.openedBy, x.importer), "created", "", inc.number)
	state, hold := ticket.New, ""
	last := created
	entered := map[ticket.State]int64{}
	fill(first)
	for i, e := range evs {
		at := max(e.updatedAt, last)
		last = at
		actor := x.personOr(e.updatedBy, x.importer)
		if i > 0 {
			p := evs[i-1]
			diff := func(field, old, new string) {
				if old != new {
					line(at, actor, field, old, new)
				}
			}
			diff("requesterId", x.personOr(p.caller, x.unknown), x.personOr(e.caller, x.unknown))
			diff("category", p.category, e.category)
			diff("subcategory", p.subcategory, e.subcategory)
			diff("ci", p.ci, e.ci)
			diff("impact", strconv.Itoa(p.impact), strconv.Itoa(e.impact))
			diff("urgency", strconv.Itoa(p.urgency), strconv.Itoa(e.urgency))
			diff("priority", strconv.Itoa(p.priority), strconv.Itoa(e.priority))
			diff("groupId", deref(x.ref(x.group, p.group)), deref(x.ref(x.group, e.group)))
			diff("assigneeId", deref(x.ref(x.person, p.assignee)), deref(x.ref(x.person, e.assignee)))
		}
		to, reason := stateOf(e.state, state, hold)
		switch {
		case to != state:
			line(at, actor, "state", string(state), string(to))
			if to == ticket.OnHold {
				line(at, actor, "holdReason", "", reason)
			}
			if to == ticket.Resolved {
				line(at, actor, "resolutionCode", "", x.close(e.closedCode))
			}
			state, hold = to, reason
			entered[to] = at
			r.states++
		case to == ticket.OnHold && reason != hold:
			line(at, actor, "holdReason", hold, reason)
			hold = reason
		}
	}
	fill(cur)
	t.Description = description(inc.number, cur, len(evs))
	r.born = *t
	r.born.UpdatedAt = created
	t.State, t.UpdatedAt = state, last
	if state == ticket.OnHold {
		t.HoldReason = hold
	}
	if state == ticket.Resolved || state == ticket.Closed {
		t.ResolutionCode = x.close(cur.closedCode)
		t.ResolutionNotes = resolutionNotes(cur)
		resolved := cur.resolvedAt
		if resolved == 0 {
			resolved = entered[ticket.Resolved]
		}
		if resolved == 0 {
			resolved = last
		}
		resolved = max(resolved, created)
		t.ResolvedAt = &resolved
		r.moves = append(r.moves, move{at: resolved, m: ticket.Move{To: ticket.Resolved, ResolutionCode: t.ResolutionCode, ResolutionNotes: t.ResolutionNotes}})
		if state == ticket.Closed {
			closed := cur.closedAt
			if closed == 0 {
				closed = last
			}
			closed = max(closed, resolved)
			t.ClosedAt = &closed
			r.moves = append(r.moves, move{at: closed, m: ticket.Move{To: ticket.Closed}})
		}
	} else if state != ticket.New {
		r.moves = append(r.moves, move{at: max(entered[state], created), m: ticket.Move{To: state, HoldReason: t.HoldReason}})
	}
	return r
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// title names the incident by what ServiceNow filed it under (the export has no short
// description).
func title(number string, e *event) string {
	var parts []string
	for _, s := range []string{e.category, e.subcategory} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	t := strings.Join(parts, " / ")
	if e.symptom != "" {
		if t != "" {
			t += " — "
		}
		t += e.symptom
	}
	if t == "" {
		return "ServiceNow incident " + number
	}
	return t
}

// description keeps what the ticket has no field for, as the incident's last row says it:
// one short line per value the row holds, so the search index and the synced record stay
// small (the ServiceNow system columns, sys_created_by and sys_created_at, are left out).
func description(number string, e *event, rows int) string {
	var b strings.Builder
	b.Grow(320)
	b.WriteString("Imported from ServiceNow incident ")
	b.WriteString(number)
	b.WriteString(" (")
	b.WriteString(strconv.Itoa(rows))
	b.WriteString(" updates).\n\n")
	item := func(label, v string) {
		if v != "" {
			b.WriteString("- ")
			b.WriteString(label)
			b.WriteString(": ")
			b.WriteString(v)
			b.WriteString("\n")
		}
	}
	item("Location", e.location)
	item("Symptom", e.symptom)
	item("Opened by", e.openedBy)
	item("Problem", e.problem)
	item("Change (RFC)", e.rfc)
	item("Caused by", e.causedBy)
	item("Vendor", e.vendor)
	item("Close code", e.closedCode)
	item("Resolved by", e.resolvedBy)
	if e.notify != "Do Not Notify" {
		item("Notify", e.notify)
	}
	var flags []string
	if e.knowledge {
		flags = append(flags, "knowledge")
	}
	if e.priorityConfirmed {
		flags = append(flags, "priority confirmed")
	}
	if !e.madeSLA {
		flags = append(flags, "missed its SLA in ServiceNow")
	}
	item("Flags", strings.Join(flags, ", "))
	if e.reassignments > 0 || e.reopens > 0 {
		item("Reassigned, reopened", strconv.Itoa(e.reassignments)+", "+strconv.Itoa(e.reopens)+" times")
	}
	return b.String()
}

func resolutionNotes(e *event) string {
	var b strings.Builder
	b.WriteString("Resolved in ServiceNow")
	if e.resolvedBy != "" {
		b.WriteString(" by " + e.resolvedBy)
	}
	if e.closedCode != "" {
		b.WriteString(" with close code " + e.closedCode)
	} else {
		b.WriteString(" (no close code recorded)")
	}
	b.WriteString(".")
	return b.String()
}

func sortedStrings(s []string) []string {
	slices.Sort(s)
	return s
}
