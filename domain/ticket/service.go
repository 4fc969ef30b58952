package ticket

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/changelog"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/store"
)

// Entity names in the change log.
const (
	EntityTicket     = "ticket"
	EntityComment    = "comment"
	EntityAttachment = "attachment"
	EntityLink       = "ticket_link"
	// EntityCI is the entity a ticket's CI refers to: asset.EntityAsset (domain/asset imports
	// this package, so the name is repeated here; asset's tests check the two agree).
	EntityCI = "asset"
)

// Hook runs inside the write transaction after tickets changed (e.g. to recompute their SLA).
// A local write passes its one ticket; sync passes every ticket a pulled page touched, so a
// hook can do its work in a few queries per batch instead of a few per ticket.
type Hook func(tx *gorm.DB, ticketIDs []string, now time.Time) error

// Service runs every write on tickets: checks the actor, validates, and writes the record,
// its audit entries, its change-log rows and its search index in one transaction.
type Service struct {
	DB     *gorm.DB
	Log    *changelog.Log
	Now    func() time.Time
	Matrix Matrix
	// MaxAttachment is the largest attachment accepted, in bytes.
	MaxAttachment int64
	// AfterWrite hooks run in the transaction of every ticket write.
	AfterWrite []Hook
	// Numbers issues human numbers (nil: the profile's counter). See Numberer.
	Numbers Numberer
}

// NewService returns a service with the default matrix and a 25 MB attachment limit.
func NewService(db *gorm.DB, log *changelog.Log, now func() time.Time) *Service {
	return &Service{DB: db, Log: log, Now: now, Matrix: DefaultMatrix, MaxAttachment: 25 << 20}
}

// write is one transaction of a ticket write, carrying what every step needs.
type write struct {
	s     *Service
	tx    *gorm.DB
	actor people.Actor
	now   time.Time
	audit []AuditEntry
	log   []changelog.Entry
}

func (s *Service) run(ctx context.Context, actor people.Actor, ticketID string, fn func(w *write) error) error {
	return store.Tx(ctx, s.DB, func(tx *gorm.DB) error { return s.step(tx, actor, ticketID, fn) })
}

// step is the work of one ticket write inside tx: fn, then its audit, change log and hooks.
// run gives it a transaction of its own; Bulk a savepoint per ticket in one transaction.
func (s *Service) step(tx *gorm.DB, actor people.Actor, ticketID string, fn func(w *write) error) error {
	w := &write{s: s, tx: tx, actor: actor, now: s.Now().UTC()}
	if err := fn(w); err != nil {
		return err
	}
	return w.flush(ticketID)
}

func (w *write) record(ticketID, field string, old, new any) {
	w.audit = append(w.audit, AuditEntry{
		ID: uuid.Must(uuid.NewV7()).String(), TicketID: ticketID, ActorID: w.actor.ID,
		At: w.now.UnixMilli(), Field: field, OldValue: display(old), NewValue: display(new),
	})
}

func (w *write) flush(ticketID string) error {
	if len(w.audit) > 0 {
		if err := WriteAudit(w.tx, w.audit); err != nil {
			return fmt.Errorf("write audit: %w", err)
		}
	}
	if err := w.s.Log.AppendCaused(w.tx, w.actor.ID, w.actor.Cause, w.log...); err != nil {
		return fmt.Errorf("write change log: %w", err)
	}
	if ticketID != "" {
		for _, h := range w.s.AfterWrite {
			if err := h(w.tx, []string{ticketID}, w.now); err != nil {
				return err
			}
		}
	}
	return nil
}

// Create logs a new ticket. A requester always logs for themself and cannot route or assign.
func (s *Service) Create(ctx context.Context, actor people.Actor, d Draft) (*Ticket, error) {
	var out *Ticket
	err := store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
		var err error
		out, err = s.CreateIn(tx, actor, d)
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// CreateIn is Create inside the caller's transaction: a catalog request writes its ticket,
// its answers and its tasks all or nothing.
func (s *Service) CreateIn(tx *gorm.DB, actor people.Actor, d Draft) (*Ticket, error) {
	if err := actor.Require(people.Requester, "log a ticket"); err != nil {
		return nil, err
	}
	if !actor.IsStaff() {
		d.RequesterID, d.GroupID, d.AssigneeID, d.Priority, d.PriorityReason = actor.ID, "", "", 0, ""
	}
	if d.RequesterID == "" {
		d.RequesterID = actor.ID
	}
	if err := d.validate(s.Matrix); err != nil {
		return nil, err
	}
	t := &Ticket{
		ID: uuid.Must(uuid.NewV7()).String(), Type: d.Type, Title: d.Title,
		Description: d.Description, RequesterID: d.RequesterID, Category: strings.TrimSpace(d.Category),
		Subcategory: strings.TrimSpace(d.Subcategory), Service: strings.TrimSpace(d.Service),
		CI: strings.TrimSpace(d.CI), Impact: d.Impact, Urgency: d.Urgency,
		Priority: s.Matrix.Priority(d.Impact, d.Urgency), State: New, Source: d.Source,
		Tags: NormalizeTags(d.Tags), CreatedBy: actor.ID,
	}
	if d.Priority != 0 && d.Priority != t.Priority {
		t.Priority, t.PriorityOverrideReason = d.Priority, strings.TrimSpace(d.PriorityReason)
	}
	if err := CheckNew(actor, t, s.Matrix); err != nil {
		return nil, err // the rule the server judges the create by
	}
	err := s.step(tx, actor, t.ID, func(w *write) error {
		if err := w.checkUser(d.RequesterID, "requesterId", people.Requester); err != nil {
			return err
		}
		if err := w.setRouting(t, d.GroupID, d.AssigneeID); err != nil {
			return err
		}
		if err := w.linkDraft(t, d.ServiceID, d.CIID); err != nil {
			return err
		}
		num, err := w.s.number(w.tx, t.Type)
		if err != nil {
			return err
		}
		t.Number = num
		t.CreatedAt, t.UpdatedAt = w.now.UnixMilli(), w.now.UnixMilli()
		if err := w.tx.Create(t).Error; err != nil {
			return fmt.Errorf("insert ticket: %w", err)
		}
		if err := w.tx.Exec(`INSERT INTO tickets_fts(rowid, number, title, description, replies, notes)
			SELECT rowid, number, title, description, '', '' FROM tickets WHERE id = ?`, t.ID).Error; err != nil {
			return fmt.Errorf("index ticket: %w", err)
		}
		w.record(t.ID, "created", "", t.Number)
		w.log = append(w.log, changelog.Entry{Entity: EntityTicket, RecordID: t.ID, Op: changelog.OpCreate, Value: t})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

func nextNumber(tx *gorm.DB, t Type) (int64, error) {
	var n int64
	err := tx.Raw(`INSERT INTO counters(kind, next) VALUES (?, 1002)
		ON CONFLICT(kind) DO UPDATE SET next = next + 1 RETURNING next - 1`, string(t)).Scan(&n).Error
	if err != nil {
		return 0, fmt.Errorf("next %s number: %w", t, err)
	}
	return n, nil
}

// load reads a ticket for writing and checks the actor may see it.
func (w *write) load(id string) (*Ticket, error) {
	var t Ticket
	err := w.tx.Where("id = ?", id).Take(&t).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("ticket %s: %w", id, fault.ErrNotFound)
	}
	if err != nil {
		return nil, err
	}
	if !canSee(w.actor, &t) {
		return nil, fmt.Errorf("ticket %s: %w", id, fault.ErrNotFound)
	}
	return &t, nil
}

func canSee(a people.Actor, t *Ticket) bool {
	return a.IsStaff() || t.RequesterID == a.ID || t.CreatedBy == a.ID
}

// checkUser checks a referenced user exists, is active and has at least role min.
func (w *write) checkUser(id, field string, min people.Role) error {
	var u people.User
	err := w.tx.Where("id = ?", id).Take(&u).Error
	if errors.Is(err, gorm.ErrRecordNotFound) || (err == nil && !u.Active) {
		return fault.Field(field, "no such active user")
	}
	if err != nil {
		return err
	}
	if !u.Role.AtLeast(min) {
		return fault.Field(field, "%s cannot be given tickets (role %s)", u.Name, u.Role)
	}
	return nil
}

// setRouting sets group and assignee, checking the assignee is an agent in that group.
func (w *write) setRouting(t *Ticket, groupID, assigneeID string) error {
	t.GroupID, t.AssigneeID = nil, nil
	if groupID != "" {
		var n int64
		if err := w.tx.Raw(`SELECT COUNT(*) FROM assignment_groups WHERE id = ?`, groupID).Scan(&n).Error; err != nil {
			return err
		}
		if n == 0 {
			return fault.Field("groupId", "no such assignment group")
		}
		t.GroupID = &groupID
	}
	if assigneeID != "" {
		if err := w.checkUser(assigneeID, "assigneeId", people.Agent); err != nil {
			return err
		}
		if groupID != "" {
			var members []string
			if err := w.tx.Raw(`SELECT user_id FROM group_members WHERE group_id = ? AND user_id = ? AND active = 1`, groupID, assigneeID).Scan(&members).Error; err != nil {
				return err
			}
			if err := CheckAssignee(groupID, assigneeID, members); err != nil {
				return err
			}
		}
		t.AssigneeID = &assigneeID
	}
	return nil
}

// Patch is an in-place edit: nil fields are left as they are.
type Patch struct {
	Title       *string `json:"title"`
	Description *string `json:"description"`
	RequesterID *string `json:"requesterId"`
	Category    *string `json:"category"`
	Subcategory *string `json:"subcategory"`
	Service     *string `json:"service"`
	CI          *string `json:"ci"`
	// ServiceID and CIID link a service and a CI ("" unlinks); linking one clears its unlinked
	// text unless the patch sets that too.
	ServiceID      *string   `json:"serviceId"`
	CIID           *string   `json:"ciId"`
	Impact         *int      `json:"impact"`
	Urgency        *int      `json:"urgency"`
	Priority       *int      `json:"priority"` // 0 returns to the computed priority
	PriorityReason *string   `json:"priorityReason"`
	GroupID        *string   `json:"groupId"`
	AssigneeID     *string   `json:"assigneeId"`
	Source         *string   `json:"source"`
	Tags           *[]string `json:"tags"`
}

// Update edits fields of an open or resolved ticket.
func (s *Service) Update(ctx context.Context, actor people.Actor, id string, p Patch) (*Ticket, error) {
	var out *Ticket
	err := s.run(ctx, actor, id, func(w *write) error {
		t, err := w.load(id)
		if err != nil {
			return err
		}
		if err := w.update(t, p); err != nil {
			return err
		}
		out = t
		return nil
	})
	return out, err
}

// update is Update's work on a loaded ticket.
func (w *write) update(t *Ticket, p Patch) error {
	for _, f := range p.fields() {
		if err := CheckEdit(w.actor, t, f); err != nil {
			return err
		}
	}
	before := *t
	if err := w.applyPatch(t, p); err != nil {
		return err
	}
	return w.saveDiff(&before, t)
}

// fields names the fields a patch sets, as the change log names them, in a fixed order.
func (p Patch) fields() []string {
	var out []string
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"title", p.Title != nil}, {"description", p.Description != nil}, {"requesterId", p.RequesterID != nil},
		{"category", p.Category != nil}, {"subcategory", p.Subcategory != nil}, {"service", p.Service != nil},
		{"ci", p.CI != nil}, {"serviceId", p.ServiceID != nil}, {"ciId", p.CIID != nil}, {"impact", p.Impact != nil}, {"urgency", p.Urgency != nil},
		{"priorityOverrideReason", p.PriorityReason != nil}, {"priority", p.Priority != nil},
		{"groupId", p.GroupID != nil}, {"assigneeId", p.AssigneeID != nil}, {"source", p.Source != nil}, {"tags", p.Tags != nil},
	} {
		if f.set {
			out = append(out, f.name)
		}
	}
	if len(out) == 0 {
		out = append(out, "title") // an empty patch still needs an editable ticket
	}
	return out
}

func (w *write) applyPatch(t *Ticket, p Patch) error {
	d := Draft{
		Type: t.Type, Title: t.Title, Description: t.Description, Impact: t.Impact,
		Urgency: t.Urgency, Source: t.Source,
	}
	set := func(dst *string, src *string) {
		if src != nil {
			*dst = strings.TrimSpace(*src)
		}
	}
	set(&d.Title, p.Title)
	if p.Description != nil {
		d.Description = *p.Description
	}
	set(&d.Source, p.Source)
	if p.Impact != nil {
		d.Impact = *p.Impact
	}
	if p.Urgency != nil {
		d.Urgency = *p.Urgency
	}
	// The other texts are checked when the patch sets them.
	set(&d.Category, p.Category)
	set(&d.Subcategory, p.Subcategory)
	set(&d.Service, p.Service)
	set(&d.CI, p.CI)
	if p.Tags != nil {
		d.Tags = *p.Tags
	}
	if p.Priority != nil && *p.Priority != 0 {
		d.Priority, d.PriorityReason = *p.Priority, t.PriorityOverrideReason
		set(&d.PriorityReason, p.PriorityReason)
	}
	if err := d.validate(w.s.Matrix); err != nil {
		return err
	}
	t.Title, t.Description, t.Source, t.Impact, t.Urgency = d.Title, d.Description, d.Source, d.Impact, d.Urgency
	set(&t.Category, p.Category)
	set(&t.Subcategory, p.Subcategory)
	set(&t.Service, p.Service)
	set(&t.CI, p.CI)
	if p.Tags != nil {
		t.Tags = NormalizeTags(*p.Tags)
	}
	if err := w.linkPatch(t, p); err != nil {
		return err
	}
	if p.RequesterID != nil {
		if err := w.checkUser(*p.RequesterID, "requesterId", people.Requester); err != nil {
			return err
		}
		t.RequesterID = *p.RequesterID
	}
	computed := w.s.Matrix.Priority(t.Impact, t.Urgency)
	switch {
	case p.Priority != nil && *p.Priority != 0 && *p.Priority != computed:
		reason := t.PriorityOverrideReason
		if p.PriorityReason != nil {
			reason = strings.TrimSpace(*p.PriorityReason)
		}
		if err := CheckPriority(w.s.Matrix, t.Impact, t.Urgency, *p.Priority, reason); err != nil {
			return err
		}
		t.Priority, t.PriorityOverrideReason = *p.Priority, reason
	case p.Priority != nil || t.PriorityOverrideReason == "":
		// Back to (or still on) the matrix: impact and urgency decide.
		t.Priority, t.PriorityOverrideReason = computed, ""
	}
	if p.GroupID != nil || p.AssigneeID != nil {
		group, assignee := deref(t.GroupID), deref(t.AssigneeID)
		if p.GroupID != nil && *p.GroupID != group {
			group = *p.GroupID
			if p.AssigneeID == nil {
				assignee = "" // a new group means the old assignee may not belong to it
			}
		}
		if p.AssigneeID != nil {
			assignee = *p.AssigneeID
		}
		if err := w.setRouting(t, group, assignee); err != nil {
			return err
		}
	}
	return nil
}

// fields lists the editable fields in the order audit shows them (and the change log writes
// them: an override's reason before its priority, so its priority op arrives where its reason
// is). Columns and values are read from Ticket's tags, as a synced document is.
var fields = editable("title", "description", "requesterId", "category", "subcategory", "service", "ci", "serviceId", "ciId",
	"impact", "urgency", "priorityOverrideReason", "priority", "groupId", "assigneeId", "source", "tags",
	"major", "majorReason", "parentId", "duplicateOf")

type editableField struct {
	name, column string
	index        int // in Ticket
}

func (f editableField) get(t *Ticket) any {
	return reflect.ValueOf(t).Elem().Field(f.index).Interface()
}

func editable(names ...string) []editableField {
	typ := reflect.TypeFor[Ticket]()
	byName := map[string]int{}
	for i := range typ.NumField() {
		name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		byName[name] = i
	}
	out := make([]editableField, len(names))
	for i, name := range names {
		index, ok := byName[name]
		if !ok || columns[name] == "" {
			panic("ticket: no field " + name)
		}
		out[i] = editableField{name: name, column: columns[name], index: index}
	}
	return out
}

// saveDiff writes the columns that changed between before and after, with one audit entry and
// one change-log row per field, and re-indexes the text if it changed.
//
// The server judges each change-log row alone, against the ticket as the rows before it left
// it, so a write's rows are ordered (and one is added) to keep every step valid: an override's
// reason comes before its priority, a priority that follows impact and urgency is not logged
// (every replica derives it again from them, see DerivePriority: a derived value written
// offline would otherwise win over the merge of its inputs), and a new group with a new
// assignee passes through none, so the assignee is never outside the ticket's group.
func (w *write) saveDiff(before, after *Ticket) error {
	updates := map[string]any{}
	for _, f := range fields {
		old, new := f.get(before), f.get(after)
		if display(old) == display(new) {
			continue
		}
		updates[f.column] = new
		w.record(after.ID, f.name, old, new)
		switch {
		case f.name == "priority" && after.PriorityOverrideReason == "":
			continue // derived: every replica computes it again from impact and urgency
		case f.name == "groupId" && before.AssigneeID != nil && deref(before.AssigneeID) != deref(after.AssigneeID):
			w.log = append(w.log, changelog.Entry{Entity: EntityTicket, RecordID: after.ID, Op: changelog.OpSet, Field: "assigneeId", Value: (*string)(nil)})
		case f.name == "assigneeId" && after.AssigneeID == nil && deref(before.GroupID) != deref(after.GroupID):
			continue // logged with the group
		}
		w.log = append(w.log, changelog.Entry{Entity: EntityTicket, RecordID: after.ID, Op: changelog.OpSet, Field: f.name, Value: new})
	}
	if len(updates) == 0 {
		return nil
	}
	after.UpdatedAt = w.now.UnixMilli()
	updates["updated_at"] = after.UpdatedAt
	if err := w.tx.Model(&Ticket{}).Where("id = ?", after.ID).Updates(updates).Error; err != nil {
		return fmt.Errorf("update %s: %w", after.Number, err)
	}
	if before.Title != after.Title || before.Description != after.Description {
		if err := w.tx.Exec(`UPDATE tickets_fts SET title = ?, description = ?
			WHERE rowid = (SELECT rowid FROM tickets WHERE id = ?)`, after.Title, after.Description, after.ID).Error; err != nil {
			return fmt.Errorf("reindex %s: %w", after.Number, err)
		}
	}
	return nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// display renders a field value for the audit trail.
func display(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case *string:
		return deref(x)
	case string:
		return x
	case int:
		return strconv.Itoa(x)
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case State:
		return string(x)
	default:
		return fmt.Sprint(x)
	}
}
