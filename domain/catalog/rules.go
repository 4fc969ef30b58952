package catalog

import (
	"encoding/json"
	"fmt"

	"outpost/domain/fault"
	"outpost/domain/kind"
	"outpost/domain/people"
	"outpost/domain/sla"
	"outpost/domain/ticket"
)

// The rules of the catalog kinds as record-kind rules: the sync server re-checks every pushed
// op with them; the desk's service calls the same functions with a desk reader, so both
// refuse one change with one code.
var (
	ItemRules = kind.Rules{Create: createItem, Set: setItem,
		Archive: func(kind.Reader, people.Actor, kind.Doc) error {
			return fmt.Errorf("catalog items are made inactive, not archived: %w", fault.ErrForbidden)
		}}
	RequestRules = kind.Rules{Create: createRequest, Set: setRequest,
		Archive: func(kind.Reader, people.Actor, kind.Doc) error {
			return fmt.Errorf("a catalog request goes with its ticket: %w", fault.ErrForbidden)
		}}
	TaskRules = kind.Rules{Create: createTask, Set: setTask, Move: moveTask,
		Archive: func(kind.Reader, people.Actor, kind.Doc) error {
			return fmt.Errorf("tasks are skipped, not archived: %w", fault.ErrForbidden)
		}}
)

func str(doc kind.Doc, name string) string {
	s, _ := kind.JSONString(doc[name])
	return s
}

func nullStr(doc kind.Doc, name string) *string {
	s, ok := kind.JSONString(doc[name])
	if !ok || s == "" {
		return nil
	}
	return &s
}

func raw(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

// ItemFromDoc reads an item from its record (form, approval and tasks are JSON texts).
func ItemFromDoc(doc kind.Doc) (*Item, error) {
	it := &Item{ID: str(doc, "id"), Name: str(doc, "name"), Description: str(doc, "description"),
		Category: str(doc, "category"), DepartmentID: nullStr(doc, "departmentId"), Active: string(doc["active"]) == "true",
		GroupID: nullStr(doc, "groupId"), TaskMode: TaskMode(str(doc, "taskMode")), SLAPolicyID: nullStr(doc, "slaPolicyId"),
		CreatedBy: str(doc, "createdBy")}
	it.CreatedAt, _ = kind.JSONInt(doc["createdAt"])
	it.UpdatedAt, _ = kind.JSONInt(doc["updatedAt"])
	for name, dst := range map[string]any{"form": &it.Form, "approval": &it.Approval, "tasks": &it.Tasks} {
		s := str(doc, name)
		if s == "" {
			continue
		}
		if err := json.Unmarshal([]byte(s), dst); err != nil {
			return nil, fault.Field(name, "%s is not valid: %v", name, err)
		}
	}
	if it.Tasks == nil {
		it.Tasks = []TaskDef{}
	}
	if it.Form.Fields == nil {
		it.Form.Fields = []FormField{}
	}
	return it, nil
}

// itemDoc is it as its record's synced fields.
func itemDoc(it *Item) kind.Doc {
	return kind.Doc{"id": raw(it.ID), "name": raw(it.Name), "description": raw(it.Description),
		"category": raw(it.Category), "departmentId": raw(it.DepartmentID), "active": raw(it.Active),
		"form": raw(encode(it.Form)), "approval": raw(encode(it.Approval)), "groupId": raw(it.GroupID),
		"taskMode": raw(it.TaskMode), "tasks": raw(encode(it.Tasks)), "slaPolicyId": raw(it.SLAPolicyID),
		"createdBy": raw(it.CreatedBy), "createdAt": raw(it.CreatedAt)}
}

// checkItemRefs: the groups an item names inside its texts (approval, tasks) exist; the
// declared references (groupId, departmentId, slaPolicyId) are checked by the declaration on the server
// and here on the desk.
func checkItemRefs(r kind.Reader, it *Item) error {
	groups := map[string]string{}
	if it.GroupID != nil {
		groups[*it.GroupID] = "groupId"
	}
	if it.Approval.GroupID != "" {
		groups[it.Approval.GroupID] = "approval.groupId"
	}
	for i, t := range it.Tasks {
		if t.GroupID != "" {
			groups[t.GroupID] = fmt.Sprintf("tasks.%d.groupId", i)
		}
	}
	for id, field := range groups {
		doc, err := r.Get(people.EntityGroup, id)
		if err != nil {
			return err
		}
		if doc == nil {
			return fault.Field(field, "no such assignment group")
		}
	}
	if it.DepartmentID != nil && *it.DepartmentID != "" {
		doc, err := r.Get(people.EntityDepartment, *it.DepartmentID)
		if err != nil {
			return err
		}
		if doc == nil {
			return fault.Field("departmentId", "no such department")
		}
	}
	if it.SLAPolicyID != nil {
		doc, err := r.Get(sla.EntityPolicy, *it.SLAPolicyID)
		if err != nil {
			return err
		}
		if doc == nil || string(doc["archived"]) == "true" {
			return fault.Field("slaPolicyId", "no such SLA policy")
		}
	}
	return nil
}

func createItem(r kind.Reader, act people.Actor, doc kind.Doc) error {
	it, err := ItemFromDoc(doc)
	if err != nil {
		return err
	}
	if err := CheckNewItem(act, it); err != nil {
		return err
	}
	return checkItemRefs(r, it)
}

func setItem(r kind.Reader, act people.Actor, before kind.Doc, field string, value json.RawMessage) error {
	if err := CheckEditItem(act, field); err != nil {
		return err
	}
	it, err := ItemFromDoc(kind.With(before, field, value))
	if err != nil {
		return err
	}
	if err := CheckItem(it); err != nil {
		return err
	}
	return checkItemRefs(r, it)
}

// visibleItem reads the item id names as actor may see it (else it is not found).
func visibleItem(r kind.Reader, act people.Actor, id string) (*Item, error) {
	doc, err := r.Get(EntityItem, id)
	if err != nil {
		return nil, err
	}
	if doc == nil {
		return nil, fmt.Errorf("catalog item %s: %w", id, fault.ErrNotFound)
	}
	it, err := ItemFromDoc(doc)
	if err != nil {
		return nil, err
	}
	if !CanSee(act, it) {
		return nil, fmt.Errorf("catalog item %s: %w", id, fault.ErrNotFound)
	}
	return it, nil
}

// requestTicket reads a request's ticket as actor may see it: staff see every ticket, anyone
// else their own.
func requestTicket(r kind.Reader, act people.Actor, id string) (kind.Doc, error) {
	doc, err := r.Get(ticket.EntityTicket, id)
	if err != nil {
		return nil, err
	}
	if doc == nil {
		return nil, fmt.Errorf("ticket %s: %w", id, fault.ErrNotFound)
	}
	if !act.IsStaff() && str(doc, "requesterId") != act.ID && str(doc, "createdBy") != act.ID {
		return nil, fmt.Errorf("ticket %s: %w", id, fault.ErrNotFound)
	}
	if str(doc, "type") != string(ticket.Request) {
		return nil, fault.Field("id", "a catalog request belongs to a request ticket")
	}
	return doc, nil
}

// CheckRequest judges a new request record: its ticket is a request the submitter made,
// the item is one they may ask for, the answers fit its form, and it starts in the stage the
// item gives.
func CheckRequest(r kind.Reader, act people.Actor, req *Request) error {
	t, err := requestTicket(r, act, req.ID)
	if err != nil {
		return err
	}
	if str(t, "createdBy") != act.ID || req.CreatedBy != act.ID {
		return fault.Field("createdBy", "a request is made by the one who submits its ticket")
	}
	it, err := visibleItem(r, act, req.ItemID)
	if err != nil {
		return err
	}
	if err := CheckSubmit(act, it, req.RequestedFor); err != nil {
		return err
	}
	if len(req.Answers) > MaxAnswersBytes {
		return fault.Field("answers", "the answers are longer than %d bytes", MaxAnswersBytes)
	}
	answers, err := decodeAnswers(req.Answers)
	if err != nil {
		return err
	}
	if err := ValidateAnswers(it.Form, answers, r.Get); err != nil {
		return err
	}
	if req.DueAt != nil && *req.DueAt <= 0 {
		return fault.Field("dueAt", "a due date must be a date")
	}
	if req.Stage != StartStage(it) {
		return fmt.Errorf("a new request for %s starts %s, not %s: %w", it.Name, StartStage(it), req.Stage, fault.ErrInvalidTransition)
	}
	return nil
}

// RequestFromDoc reads a request record.
func RequestFromDoc(doc kind.Doc) *Request {
	req := &Request{ID: str(doc, "id"), ItemID: str(doc, "itemId"), Answers: str(doc, "answers"),
		RequestedFor: str(doc, "requestedFor"), Stage: Stage(str(doc, "stage")), CreatedBy: str(doc, "createdBy")}
	if n, ok := kind.JSONInt(doc["dueAt"]); ok {
		req.DueAt = &n
	}
	req.CreatedAt, _ = kind.JSONInt(doc["createdAt"])
	return req
}

func requestDoc(req *Request) kind.Doc {
	return kind.Doc{"id": raw(req.ID), "itemId": raw(req.ItemID), "answers": raw(req.Answers),
		"requestedFor": raw(req.RequestedFor), "dueAt": raw(req.DueAt), "stage": raw(req.Stage),
		"createdBy": raw(req.CreatedBy), "createdAt": raw(req.CreatedAt)}
}

func createRequest(r kind.Reader, act people.Actor, doc kind.Doc) error {
	return CheckRequest(r, act, RequestFromDoc(doc))
}

func setRequest(r kind.Reader, act people.Actor, before kind.Doc, field string, value json.RawMessage) error {
	if field != "stage" {
		return fault.Field(field, "%s of a catalog request cannot be changed", field)
	}
	to, _ := kind.JSONString(value)
	return CheckStage(act, Stage(str(before, "stage")), Stage(to))
}

// TaskFromDoc reads a task record.
func TaskFromDoc(doc kind.Doc) *Task {
	t := &Task{ID: str(doc, "id"), Number: str(doc, "number"), Type: str(doc, "type"), RequestID: str(doc, "requestId"),
		RequesterID: str(doc, "requesterId"), Mode: TaskMode(str(doc, "mode")), Title: str(doc, "title"),
		GroupID: nullStr(doc, "groupId"), AssigneeID: nullStr(doc, "assigneeId"), State: TaskState(str(doc, "state")),
		CreatedBy: str(doc, "createdBy")}
	seq, _ := kind.JSONInt(doc["seq"])
	t.Seq = int(seq)
	if n, ok := kind.JSONInt(doc["dueAt"]); ok {
		t.DueAt = &n
	}
	t.CreatedAt, _ = kind.JSONInt(doc["createdAt"])
	return t
}

func taskDoc(t *Task) kind.Doc {
	return kind.Doc{"id": raw(t.ID), "number": raw(t.Number), "type": raw(t.Type), "requestId": raw(t.RequestID),
		"requesterId": raw(t.RequesterID), "seq": raw(t.Seq), "mode": raw(t.Mode), "title": raw(t.Title),
		"groupId": raw(t.GroupID), "assigneeId": raw(t.AssigneeID), "state": raw(t.State), "dueAt": raw(t.DueAt),
		"createdBy": raw(t.CreatedBy), "createdAt": raw(t.CreatedAt)}
}

// CheckNewTask judges a new task: it belongs to a request in fulfilment (approved, or not
// needing approval); staff make tasks, and so does the submitter of a request that needed
// no approval (their submit makes its tasks); it opens at once unless it waits for the task
// before it in a sequence; it names its request's requester (who follows its progress).
func CheckNewTask(r kind.Reader, act people.Actor, t *Task) error {
	if err := act.Require(people.Requester, "add a task"); err != nil {
		return err
	}
	rdoc, err := r.Get(EntityRequest, t.RequestID)
	if err != nil {
		return err
	}
	if rdoc == nil {
		return fmt.Errorf("catalog request %s: %w", t.RequestID, fault.ErrNotFound)
	}
	tdoc, err := requestTicket(r, act, t.RequestID)
	if err != nil {
		return err
	}
	req := RequestFromDoc(rdoc)
	if !act.IsStaff() && req.CreatedBy != act.ID {
		return fmt.Errorf("add a task: %w", fault.ErrForbidden)
	}
	if req.Stage != Fulfilment {
		return fmt.Errorf("the request is %s, not in fulfilment: %w", req.Stage, fault.ErrInvalidTransition)
	}
	v := &fault.Validation{}
	if t.Type != TaskNumberKind {
		v.Add("type", "a task's type is %s", TaskNumberKind)
	}
	if t.Title == "" {
		v.Add("title", "a task needs a title")
	}
	v.Limit("title", "a task title", t.Title, 200)
	if t.Seq < 1 || t.Seq > maxTasks {
		v.Add("seq", "a task is number 1 to %d of its request", maxTasks)
	}
	if t.Mode != Checklist && t.Mode != Sequence {
		v.Add("mode", "a task runs in a checklist or a sequence")
	}
	if t.GroupID == nil {
		v.Add("groupId", "a task needs a group")
	}
	if t.RequesterID != str(tdoc, "requesterId") {
		v.Add("requesterId", "a task names its request's requester")
	}
	if t.CreatedBy != act.ID {
		v.Add("createdBy", "a task is created by the signed-in user")
	}
	if err := v.Err(); err != nil {
		return err
	}
	want := Open
	if t.Mode == Sequence && t.Seq > 1 {
		want = Pending
	}
	if t.State != want {
		return fmt.Errorf("task %d of a %s starts %s: %w", t.Seq, t.Mode, want, fault.ErrInvalidTransition)
	}
	return checkTaskRouting(r, t)
}

// checkTaskRouting: an assignee belongs to the task's group.
func checkTaskRouting(r kind.Reader, t *Task) error {
	if t.AssigneeID == nil {
		return nil
	}
	group := ""
	if t.GroupID != nil {
		group = *t.GroupID
	}
	members, err := r.Members(group)
	if err != nil {
		return err
	}
	return ticket.CheckAssignee(group, *t.AssigneeID, members)
}

func createTask(r kind.Reader, act people.Actor, doc kind.Doc) error {
	return CheckNewTask(r, act, TaskFromDoc(doc))
}

func setTask(r kind.Reader, act people.Actor, before kind.Doc, field string, value json.RawMessage) error {
	t := TaskFromDoc(before)
	if err := CheckTaskEdit(act, t, field); err != nil {
		return err
	}
	return checkTaskRouting(r, TaskFromDoc(kind.With(before, field, value)))
}

func moveTask(r kind.Reader, act people.Actor, before kind.Doc, m kind.Move) error {
	return CheckTaskMove(act, TaskFromDoc(before), TaskState(m.To))
}
