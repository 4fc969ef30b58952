package catalog

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"outpost/domain/changelog"
	"outpost/domain/fault"
	"outpost/domain/kind"
	"outpost/domain/people"
	"outpost/domain/replica"
	"outpost/domain/sla"
	"outpost/domain/store"
	"outpost/domain/ticket"
)

// Service runs every write of the catalog: items, submitted requests and their tasks. It
// judges each change with the kinds' rules (the ones the server re-checks with), then writes
// the records, their change-log rows and their audit trail in one transaction; a request's
// ticket is written in that same transaction by the ticket service.
type Service struct {
	DB      *gorm.DB
	Log     *changelog.Log
	Now     func() time.Time
	Tickets *ticket.Service
	// Numbers issues task numbers from the server's leases once the profile has joined one
	// (nil, or "": the profile's own counter). See replica.Issuer.
	Numbers func(tx *gorm.DB, typ *kind.Type, nk string) (string, error)
	// System is the desk's own actor, for the work it does by itself: a request's roll-up
	// when its tasks are done, an approval's outcome.
	System people.Actor
	// Approve asks for the approval of a request whose item needs one, inside the submitting
	// transaction tx, as actor (the desk wires it to approval.Service.Request; the catalog does
	// not import the approvals package). requesterID is the request ticket's requester, whose
	// manager decides under the manager rule. Nil: the request just waits (tests of the catalog
	// alone).
	Approve func(tx *gorm.DB, actor people.Actor, requestID, requesterID string, rule Approval) error
}

func typeOf(entity string) *kind.Type {
	t, _ := kind.Lookup(entity)
	return t
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }

// write is one transaction's work, collecting its change log and audit trail.
type write struct {
	s     *Service
	tx    *gorm.DB
	actor people.Actor
	now   int64
	r     kind.Reader
	log   []changelog.Entry
	trail []ticket.AuditEntry
}

func (s *Service) run(ctx context.Context, actor people.Actor, fn func(w *write) error) error {
	return store.Tx(ctx, s.DB, func(tx *gorm.DB) error { return s.in(tx, actor, fn) })
}

// in is a write inside the caller's transaction.
func (s *Service) in(tx *gorm.DB, actor people.Actor, fn func(w *write) error) error {
	w := &write{s: s, tx: tx, actor: actor, now: s.Now().UnixMilli(), r: replica.TxReader{Tx: tx}}
	if err := fn(w); err != nil {
		return err
	}
	return w.flush()
}

// flush writes what the write has collected so far: before a ticket write, so the change
// log keeps the order the changes were made in.
func (w *write) flush() error {
	if err := ticket.WriteAudit(w.tx, w.trail); err != nil {
		return fmt.Errorf("write audit: %w", err)
	}
	if err := w.s.Log.AppendCaused(w.tx, w.actor.ID, w.actor.Cause, w.log...); err != nil {
		return err
	}
	w.trail, w.log = nil, nil
	return nil
}

func (w *write) audit(entity, id, field, oldV, newV string) {
	w.trail = append(w.trail, ticket.AuditEntry{ID: newID(), Entity: entity, TicketID: id, ActorID: w.actor.ID,
		At: w.now, Field: field, OldValue: oldV, NewValue: newV})
}

// create judges and writes a new record of entity.
func (w *write) create(entity string, doc kind.Doc) error {
	t := typeOf(entity)
	if err := t.Rules.Create(w.r, w.actor, doc); err != nil {
		return err
	}
	if _, err := replica.Insert(w.tx, t, doc, map[string]any{"updatedAt": w.now}); err != nil {
		return err
	}
	id, _ := kind.JSONString(doc["id"])
	w.log = append(w.log, changelog.Entry{Entity: entity, RecordID: id, Op: changelog.OpCreate, Value: doc})
	return nil
}

// number issues the next task number: from the server's leases when joined, else the
// profile's own counter.
func (w *write) number() (string, error) {
	if w.s.Numbers != nil {
		num, err := w.s.Numbers(w.tx, typeOf(EntityTask), TaskNumberKind)
		if err != nil || num != "" {
			return num, err
		}
	}
	var n int64
	if err := w.tx.Raw(`INSERT INTO counters(kind, next) VALUES (?, 1002)
		ON CONFLICT(kind) DO UPDATE SET next = next + 1 RETURNING next - 1`, TaskNumberKind).Scan(&n).Error; err != nil {
		return "", fmt.Errorf("next task number: %w", err)
	}
	return FormatNumber(n), nil
}

// ItemDraft is an item as the form builder saves it (ID "": a new item).
type ItemDraft struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	Description  string    `json:"description"`
	Category     string    `json:"category"`
	DepartmentID string    `json:"departmentId"`
	Active       bool      `json:"active"`
	Form         Form      `json:"form"`
	Approval     Approval  `json:"approval"`
	GroupID      string    `json:"groupId"`
	TaskMode     TaskMode  `json:"taskMode"`
	Tasks        []TaskDef `json:"tasks"`
	SLAPolicyID  string    `json:"slaPolicyId"`
}

func optional(s string) *string {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	return &s
}

// SaveItem adds an item (d.ID "") or edits one field by field, each judged by the kind's
// rules against the item as it stands.
func (s *Service) SaveItem(ctx context.Context, actor people.Actor, d ItemDraft) (*Item, error) {
	it := &Item{ID: d.ID, Name: strings.TrimSpace(d.Name), Description: d.Description, Category: strings.TrimSpace(d.Category),
		DepartmentID: optional(d.DepartmentID), Active: d.Active, Form: d.Form, Approval: d.Approval,
		GroupID: optional(d.GroupID), TaskMode: d.TaskMode, Tasks: d.Tasks, SLAPolicyID: optional(d.SLAPolicyID)}
	if it.Form.Fields == nil {
		it.Form.Fields = []FormField{}
	}
	if it.Tasks == nil {
		it.Tasks = []TaskDef{}
	}
	if it.Approval.Rule == "" {
		it.Approval.Rule = NoApproval
	}
	if it.Approval.Rule != GroupApproval {
		it.Approval.Mode = ""
	}
	for i := range it.Form.Fields {
		f := &it.Form.Fields[i]
		f.Key, f.Label, f.Help = strings.TrimSpace(f.Key), strings.TrimSpace(f.Label), strings.TrimSpace(f.Help)
		if f.Choices == nil && (f.Type == ChoiceField || f.Type == MultiChoiceField) {
			f.Choices = []string{}
		}
	}
	if err := actor.Require(people.Manager, "keep the catalog"); err != nil {
		return nil, err
	}
	if err := CheckItem(it); err != nil {
		return nil, err
	}
	err := s.run(ctx, actor, func(w *write) error {
		if d.ID == "" {
			it.ID, it.CreatedBy, it.CreatedAt, it.UpdatedAt = newID(), actor.ID, w.now, w.now
			if err := w.create(EntityItem, itemDoc(it)); err != nil {
				return err
			}
			w.audit(EntityItem, it.ID, "created", "", it.Name)
			return nil
		}
		t := typeOf(EntityItem)
		cur, err := replica.ReadDoc(w.tx, t, d.ID)
		if err != nil {
			return err
		}
		if cur == nil {
			return fmt.Errorf("catalog item %s: %w", d.ID, fault.ErrNotFound)
		}
		before, err := ItemFromDoc(cur)
		if err != nil {
			return err
		}
		it.CreatedBy, it.CreatedAt, it.UpdatedAt = before.CreatedBy, before.CreatedAt, w.now
		next := itemDoc(it)
		cols := map[string]any{}
		for _, name := range editable {
			v := next[name]
			if replica.Canonical1(v) == replica.Canonical1(cur[name]) {
				continue
			}
			if err := setItem(w.r, actor, cur, name, v); err != nil {
				return err
			}
			shown := display(v)
			if name == "description" || name == "form" || name == "tasks" || name == "approval" {
				shown = "edited"
			}
			w.audit(EntityItem, d.ID, name, "", shown)
			w.log = append(w.log, changelog.Entry{Entity: EntityItem, RecordID: d.ID, Op: changelog.OpSet, Field: name, Value: v})
			cur[name], cols[name] = v, v
		}
		if len(cols) == 0 {
			it.UpdatedAt = before.UpdatedAt
			return nil
		}
		cols["updatedAt"] = w.now
		return replica.SetFields(w.tx, t, d.ID, cols)
	})
	if err != nil {
		return nil, err
	}
	return it, nil
}

// Submission is a request for an item as its form sends it.
type Submission struct {
	ItemID  string  `json:"itemId"`
	Answers Answers `json:"answers"`
	// RequestedFor is who the request is for ("": the one who submits it).
	RequestedFor string `json:"requestedFor"`
	// DueAt is when it is wanted, unix ms (0: no date).
	DueAt int64 `json:"dueAt"`
}

// Submitted is the request a submission made.
type Submitted struct {
	TicketID string `json:"ticketId"`
	Number   string `json:"number"`
	Stage    Stage  `json:"stage"`
}

// Submit makes a request ticket REQ… for an item with its answers, who it is for and when
// it is wanted. An item that needs approval leaves the request awaiting it; otherwise its
// fulfilment tasks are made at once. All of it is one transaction: nothing is kept of a
// refused submission.
func (s *Service) Submit(ctx context.Context, actor people.Actor, sub Submission) (*Submitted, error) {
	if sub.Answers == nil {
		sub.Answers = Answers{}
	}
	if sub.RequestedFor == "" {
		sub.RequestedFor = actor.ID
	}
	var out *Submitted
	err := s.run(ctx, actor, func(w *write) error {
		it, err := visibleItem(w.r, actor, sub.ItemID)
		if err != nil {
			return err
		}
		if err := CheckSubmit(actor, it, sub.RequestedFor); err != nil {
			return err
		}
		if err := ValidateAnswers(it.Form, sub.Answers, w.r.Get); err != nil {
			return err
		}
		answers, _ := json.Marshal(sub.Answers)
		if len(answers) > MaxAnswersBytes {
			return fault.Field("answers", "the answers are longer than %d bytes", MaxAnswersBytes)
		}
		forDoc, err := w.r.Get(people.EntityPerson, sub.RequestedFor)
		if err != nil {
			return err
		}
		if forDoc == nil || string(forDoc["active"]) == "false" {
			return fault.Field("requestedFor", "no such active person")
		}
		if sub.DueAt < 0 {
			return fault.Field("dueAt", "a due date must be a date")
		}
		// The ticket is the requested-for person's when staff ask; a requester's own ticket
		// stays theirs (they follow it), the answers say who it is for.
		d := ticket.Draft{Type: ticket.Request, Title: it.Name, Description: describe(it, sub.Answers, str(forDoc, "name")),
			RequesterID: actor.ID, Category: it.Category, Impact: 3, Urgency: 3, Source: "portal"}
		if actor.IsStaff() {
			d.RequesterID = sub.RequestedFor
			if it.GroupID != nil {
				d.GroupID = *it.GroupID
			}
		}
		t, err := w.s.Tickets.CreateIn(w.tx, actor, d)
		if err != nil {
			return err
		}
		req := &Request{ID: t.ID, ItemID: it.ID, Answers: string(answers), RequestedFor: sub.RequestedFor,
			Stage: StartStage(it), CreatedBy: actor.ID, CreatedAt: w.now}
		if sub.DueAt > 0 {
			req.DueAt = &sub.DueAt
		}
		if err := w.create(EntityRequest, requestDoc(req)); err != nil {
			return err
		}
		w.audit("", t.ID, "catalog item", "", it.Name)
		if req.Stage == AwaitingApproval && w.s.Approve != nil {
			// The request's rows go first: the approval's create rule reads the request.
			if err := w.flush(); err != nil {
				return err
			}
			if err := w.s.Approve(w.tx, actor, t.ID, t.RequesterID, it.Approval); err != nil {
				return err
			}
		}
		if req.Stage == Fulfilment {
			if err := w.makeTasks(it, t); err != nil {
				return err
			}
		}
		out = &Submitted{TicketID: t.ID, Number: t.Number, Stage: req.Stage}
		return nil
	})
	return out, err
}

// describe is the request ticket's description: the answers as plain lines (found by search).
func describe(it *Item, answers Answers, forName string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Requested for: %s\n", forName)
	for _, f := range it.Form.Fields {
		a, ok := answers[f.Key]
		if !ok || empty(a) {
			continue
		}
		fmt.Fprintf(&b, "%s: %s\n", f.Label, answerText(a))
	}
	return strings.TrimSpace(b.String())
}

// answerText is an answer as plain text.
func answerText(a json.RawMessage) string {
	var s string
	if json.Unmarshal(a, &s) == nil {
		return s
	}
	var list []string
	if json.Unmarshal(a, &list) == nil {
		return strings.Join(list, ", ")
	}
	var b bool
	if json.Unmarshal(a, &b) == nil {
		return map[bool]string{true: "yes", false: "no"}[b]
	}
	return string(a)
}

// makeTasks makes a request's fulfilment tasks from its item: every task open for a
// checklist; the first open and the rest pending for a sequence.
func (w *write) makeTasks(it *Item, t *ticket.Ticket) error {
	due, err := w.dueAt(it, t.Priority)
	if err != nil {
		return err
	}
	for i, def := range it.Tasks {
		group := def.GroupID
		if group == "" && it.GroupID != nil {
			group = *it.GroupID
		}
		task := &Task{ID: newID(), Type: TaskNumberKind, RequestID: t.ID, RequesterID: t.RequesterID, Seq: i + 1,
			Mode: it.TaskMode, Title: strings.TrimSpace(def.Title), GroupID: optional(group), State: Open,
			CreatedBy: w.actor.ID, CreatedAt: w.now}
		if it.TaskMode == Sequence && i > 0 {
			task.State = Pending
		} else {
			task.DueAt = due
		}
		if task.Number, err = w.number(); err != nil {
			return err
		}
		if err := w.create(EntityTask, taskDoc(task)); err != nil {
			return err
		}
		w.audit(EntityTask, task.ID, "created", "", task.Number)
	}
	return nil
}

// dueAt is when a task opened now is due: the resolution target of the item's SLA policy
// for the request's priority, counted as a ticket's clock counts it (business targets on the
// policy's calendar), from now; nil when there is no policy or no target for that priority.
func (w *write) dueAt(it *Item, priority int) (*int64, error) {
	if it.SLAPolicyID == nil {
		return nil, nil
	}
	due, ok, err := sla.PolicyDue(w.r, *it.SLAPolicyID, priority, time.UnixMilli(w.now))
	if err != nil || !ok {
		return nil, err
	}
	at := due.UnixMilli()
	return &at, nil
}

// loadTask reads a task for a write.
func (w *write) loadTask(id string) (*Task, error) {
	doc, err := replica.ReadDoc(w.tx, typeOf(EntityTask), id)
	if err != nil {
		return nil, err
	}
	if doc == nil {
		return nil, fmt.Errorf("task %s: %w", id, fault.ErrNotFound)
	}
	return TaskFromDoc(doc), nil
}

// move takes a task to another state, as the kind's rules allow.
func (w *write) move(t *Task, to TaskState, due *int64) error {
	if err := CheckTaskMove(w.actor, t, to); err != nil {
		return err
	}
	m := TaskMove{From: t.State, To: to, DueAt: due}
	if err := replica.SetFields(w.tx, typeOf(EntityTask), t.ID, TaskEffects(m, w.now)); err != nil {
		return err
	}
	w.log = append(w.log, changelog.Entry{Entity: EntityTask, RecordID: t.ID, Op: changelog.OpTransition, Field: "state", Value: m})
	w.audit(EntityTask, t.ID, "state", string(t.State), string(to))
	t.State = to
	return nil
}

// MoveTask works a task: start, complete, incomplete, skip (or back to open). In a sequence,
// completing a task opens the next; an incomplete one skips the rest. When the request's
// last task is done, the request is resolved and closed by the roll-up, in the same write.
func (s *Service) MoveTask(ctx context.Context, actor people.Actor, id string, to TaskState) (*Task, error) {
	var out *Task
	err := s.run(ctx, actor, func(w *write) error {
		t, err := w.loadTask(id)
		if err != nil {
			return err
		}
		if err := w.move(t, to, nil); err != nil {
			return err
		}
		if t.Mode == Sequence && to.Done() {
			if err := w.advance(t); err != nil {
				return err
			}
		}
		if err := w.flush(); err != nil {
			return err
		}
		out = t
		return s.rollUp(w.tx, t.RequestID)
	})
	return out, err
}

// advance opens the task after t in its sequence when t is complete (or skipped), or skips
// the rest when t is incomplete.
func (w *write) advance(t *Task) error {
	var rest []Task
	if err := w.tx.Where("request_id = ? AND seq > ? AND state = ?", t.RequestID, t.Seq, Pending).Order("seq").Find(&rest).Error; err != nil {
		return err
	}
	if len(rest) == 0 {
		return nil
	}
	if t.State == Incomplete {
		for i := range rest {
			if err := w.move(&rest[i], Skipped, nil); err != nil {
				return err
			}
		}
		return nil
	}
	var due *int64
	if doc, err := w.r.Get(EntityRequest, t.RequestID); err == nil && doc != nil {
		if it, err := visibleItem(w.r, w.actor, str(doc, "itemId")); err == nil {
			prio, _, _ := replica.ReadField(w.tx, typeOf(ticket.EntityTicket), t.RequestID, "priority")
			p, _ := kind.JSONInt(prio)
			if due, err = w.dueAt(it, int(p)); err != nil {
				return err
			}
		}
	}
	return w.move(&rest[0], Open, due)
}

// AssignTask routes a task to a group and an assignee (a member of it; "" for none).
func (s *Service) AssignTask(ctx context.Context, actor people.Actor, id, groupID, assigneeID string) (*Task, error) {
	var out *Task
	err := s.run(ctx, actor, func(w *write) error {
		t, err := w.loadTask(id)
		if err != nil {
			return err
		}
		cur := taskDoc(t)
		values := map[string]json.RawMessage{"groupId": raw(optional(groupID)), "assigneeId": raw(optional(assigneeID))}
		cols := map[string]any{}
		for _, name := range []string{"groupId", "assigneeId"} {
			v := values[name]
			if replica.Canonical1(v) == replica.Canonical1(cur[name]) {
				continue
			}
			if err := setTask(w.r, actor, cur, name, v); err != nil {
				return err
			}
			cur[name], cols[name] = v, v
			w.audit(EntityTask, id, name, display(taskDoc(t)[name]), display(v))
			w.log = append(w.log, changelog.Entry{Entity: EntityTask, RecordID: id, Op: changelog.OpSet, Field: name, Value: v})
		}
		if err := checkTaskRouting(w.r, TaskFromDoc(cur)); err != nil {
			return err
		}
		out = TaskFromDoc(cur)
		if len(cols) == 0 {
			return nil
		}
		cols["updatedAt"] = w.now
		return replica.SetFields(w.tx, typeOf(EntityTask), id, cols)
	})
	return out, err
}

// rollUp resolves and closes request requestID when its tasks are all done (RollUp), as the
// desk's own work: every desk that learns of the last finish may do it, under one key, so
// the server keeps the first and the others' are undone.
func (s *Service) rollUp(tx *gorm.DB, requestID string) error {
	var states []TaskState
	if err := tx.Raw(`SELECT state FROM catalog_tasks WHERE request_id = ?`, requestID).Scan(&states).Error; err != nil {
		return err
	}
	done, code := RollUp(states)
	if !done {
		return nil
	}
	notes := "Every task of the request is complete."
	if code == "incomplete" {
		notes = "A task of the request could not be completed."
	}
	return s.finish(tx, requestID, "rollup:"+requestID, code, notes)
}

// finish resolves and closes an open request ticket as the desk's own work under key.
func (s *Service) finish(tx *gorm.DB, requestID, key, code, notes string) error {
	var st []string
	if err := tx.Raw(`SELECT state FROM tickets WHERE id = ?`, requestID).Scan(&st).Error; err != nil {
		return err
	}
	if len(st) == 0 || !ticket.State(st[0]).Open() {
		return nil
	}
	sys := s.System
	sys.Cause = key
	if _, err := s.Tickets.TransitionIn(tx, sys, requestID, ticket.Move{To: ticket.Resolved, ResolutionCode: code, ResolutionNotes: notes}); err != nil {
		return fmt.Errorf("roll up %s: %w", requestID, err)
	}
	if _, err := s.Tickets.TransitionIn(tx, sys, requestID, ticket.Move{To: ticket.Closed}); err != nil {
		return fmt.Errorf("close %s: %w", requestID, err)
	}
	return nil
}

// Sweep rolls up the requests whose tasks are all done but whose ticket is still open: the
// last task was finished on another desk and pulled here (that desk may have rolled it up
// already, or not yet synced its roll-up). It returns how many it closed.
func (s *Service) Sweep(ctx context.Context) (int, error) {
	var ids []string
	err := s.DB.WithContext(ctx).Raw(`SELECT r.id FROM catalog_requests r JOIN tickets t ON t.id = r.id
		WHERE t.state IN ('new', 'in_progress', 'on_hold') AND r.stage = 'fulfilment'
		  AND EXISTS (SELECT 1 FROM catalog_tasks k WHERE k.request_id = r.id)
		  AND NOT EXISTS (SELECT 1 FROM catalog_tasks k WHERE k.request_id = r.id AND k.state NOT IN ('complete', 'incomplete', 'skipped'))
		ORDER BY r.id LIMIT 200`).Scan(&ids).Error
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		if err := store.Tx(ctx, s.DB, func(tx *gorm.DB) error { return s.rollUp(tx, id) }); err != nil {
			return 0, err
		}
	}
	return len(ids), nil
}

// SweepApprovals moves on the requests still awaiting approval whose approval has settled
// without this desk acting on it: two approvers who decided offline, each on their own
// desk, settle it only once their decisions meet in a pull (and the approval's hook leaves
// pulled outcomes alone); a manager who is a requester decides on a desk that does not hold
// the request. A staff member's desk runs it after each pull (sync's roll-up step): every
// such desk may, under the one key "approval:<request>" that OnApprovalOutcome writes with,
// so the server keeps the first desk's stage, tasks or closing and undoes the others'. It
// returns how many requests it moved.
func (s *Service) SweepApprovals(ctx context.Context) (int, error) {
	var rows []struct {
		ID    string `gorm:"column:id"`
		State string `gorm:"column:state"`
	}
	err := s.DB.WithContext(ctx).Raw(`SELECT r.id, a.state FROM catalog_requests r
		JOIN tickets t ON t.id = r.id
		JOIN approvals a ON a.subject_kind = ? AND a.subject_id = r.id
		WHERE r.stage = ? AND t.state IN ('new', 'in_progress', 'on_hold')
		  AND a.state IN ('approved', 'rejected')
		  AND NOT EXISTS (SELECT 1 FROM approvals p WHERE p.subject_kind = a.subject_kind AND p.subject_id = r.id AND p.state = 'pending')
		ORDER BY r.id, a.decided_at DESC LIMIT 200`, EntityRequest, AwaitingApproval).Scan(&rows).Error
	if err != nil {
		return 0, fmt.Errorf("requests with a settled approval: %w", err)
	}
	moved := 0
	for i, row := range rows {
		if i > 0 && rows[i-1].ID == row.ID {
			continue // the newest settled approval of the request decides
		}
		if err := store.Tx(ctx, s.DB, func(tx *gorm.DB) error {
			return s.OnApprovalOutcome(tx, row.ID, row.State == "approved")
		}); err != nil {
			return moved, err
		}
		moved++
	}
	return moved, nil
}

// OnApprovalOutcome records the outcome of request requestID's approval, inside the
// approval's own transaction tx, as the desk's own work: approved, the request goes to
// fulfilment and gets its tasks; refused, it is resolved "rejected" and closed. An outcome
// already recorded (by this desk or one it pulled from) changes nothing, so calling it again
// is harmless.
func (s *Service) OnApprovalOutcome(tx *gorm.DB, requestID string, approved bool) error {
	sys := s.System
	sys.Cause = "approval:" + requestID
	return s.in(tx, sys, func(w *write) error {
		doc, err := replica.ReadDoc(tx, typeOf(EntityRequest), requestID)
		if err != nil {
			return err
		}
		if doc == nil {
			return fmt.Errorf("catalog request %s: %w", requestID, fault.ErrNotFound)
		}
		req := RequestFromDoc(doc)
		if req.Stage != AwaitingApproval {
			return nil
		}
		to := Rejected
		if approved {
			to = Fulfilment
		}
		if err := setRequest(w.r, sys, doc, "stage", raw(to)); err != nil {
			return err
		}
		if err := replica.SetFields(tx, typeOf(EntityRequest), requestID, map[string]any{"stage": raw(to), "updatedAt": w.now}); err != nil {
			return err
		}
		w.log = append(w.log, changelog.Entry{Entity: EntityRequest, RecordID: requestID, Op: changelog.OpSet, Field: "stage", Value: to})
		w.audit("", requestID, "approval", string(req.Stage), string(to))
		if !approved {
			if err := w.flush(); err != nil {
				return err
			}
			return s.finish(tx, requestID, sys.Cause, "rejected", "The request was not approved.")
		}
		var t ticket.Ticket
		if err := tx.Where("id = ?", requestID).Take(&t).Error; err != nil {
			return fmt.Errorf("request ticket %s: %w", requestID, err)
		}
		it, err := visibleItem(w.r, sys, req.ItemID)
		if err != nil {
			return err
		}
		return w.makeTasks(it, &t)
	})
}

// display is a value as the audit trail shows it.
func display(v json.RawMessage) string {
	if s, ok := kind.JSONString(v); ok {
		return s
	}
	if len(v) == 0 || string(v) == "null" {
		return ""
	}
	return string(v)
}
