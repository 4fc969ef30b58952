package catalog

import (
	"encoding/json"
	"fmt"

	"outpost/domain/changelog"
	"outpost/domain/kind"
	"outpost/domain/people"
	"outpost/domain/sla"
	"outpost/domain/ticket"
)

// The declarations of catalog items, requests and tasks: what syncs and how (domain/replica
// applies by them, the server re-checks by them).
func init() {
	kind.Register(&kind.Type{
		Entity: EntityItem, Table: "catalog_items",
		Rules: ItemRules,
		// Every signed-in person, requesters included, pulls the catalog; a desk shows a
		// requester only the active items.
		Public: func(kind.Doc) bool { return true },
		Fields: []kind.Field{
			{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
			{Name: "name", Column: "name", Kind: kind.LWW, Type: kind.Text, Max: limits["name"] * 4},
			{Name: "description", Column: "description", Kind: kind.LongText, Type: kind.Text, Max: limits["description"] * 4},
			{Name: "category", Column: "category", Kind: kind.LWW, Type: kind.Text, Max: limits["category"] * 4},
			// The department whose catalog lists it (every requester sees every department's).
			{Name: "departmentId", Column: "department_id", Kind: kind.LWW, Type: kind.NullText, Ref: people.EntityDepartment},
			{Name: "active", Column: "active", Kind: kind.LWW, Type: kind.Bool},
			{Name: "form", Column: "form", Kind: kind.LWW, Type: kind.Text, Max: 64 << 10},
			{Name: "approval", Column: "approval", Kind: kind.LWW, Type: kind.Text, Max: 1 << 10},
			{Name: "groupId", Column: "group_id", Kind: kind.LWW, Type: kind.NullText, Ref: "group"},
			{Name: "taskMode", Column: "task_mode", Kind: kind.LWW, Type: kind.Text, Max: 20},
			{Name: "tasks", Column: "tasks", Kind: kind.LWW, Type: kind.Text, Max: 16 << 10},
			{Name: "slaPolicyId", Column: "sla_policy_id", Kind: kind.LWW, Type: kind.NullText, Ref: sla.EntityPolicy},
			{Name: "createdBy", Column: "created_by", Kind: kind.Fixed, Type: kind.Text, Ref: "user"},
			{Name: "createdAt", Column: "created_at", Kind: kind.Fixed, Type: kind.Int},
			{Name: "updatedAt", Column: "updated_at", Kind: kind.Local, Type: kind.Int, From: "createdAt"},
		},
	})
	kind.Register(&kind.Type{
		Entity: EntityRequest, Table: "catalog_requests",
		// The one it is for and the one who asked see it, as they see its ticket.
		Owners: []string{"requestedFor", "createdBy"},
		Rules:  RequestRules,
		// An approval's outcome, recorded by whichever desk learns of it first.
		Auto: func(op, field string, _ json.RawMessage) bool { return op == changelog.OpSet && field == "stage" },
		Fields: []kind.Field{
			{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
			{Name: "itemId", Column: "item_id", Kind: kind.Fixed, Type: kind.Text, Ref: EntityItem},
			{Name: "answers", Column: "answers", Kind: kind.Fixed, Type: kind.Text, Max: MaxAnswersBytes},
			{Name: "requestedFor", Column: "requested_for", Kind: kind.Fixed, Type: kind.Text, Ref: "user"},
			{Name: "dueAt", Column: "due_at", Kind: kind.Fixed, Type: kind.NullInt},
			{Name: "stage", Column: "stage", Kind: kind.LWW, Type: kind.Text, Max: 40},
			{Name: "createdBy", Column: "created_by", Kind: kind.Fixed, Type: kind.Text, Ref: "user"},
			{Name: "createdAt", Column: "created_at", Kind: kind.Fixed, Type: kind.Int},
			{Name: "updatedAt", Column: "updated_at", Kind: kind.Local, Type: kind.Int, From: "createdAt"},
		},
	})
	kind.Register(&kind.Type{
		Entity: EntityTask, Table: "catalog_tasks",
		Number: "number", NumberKind: "type", Prefix: Prefix, NumberKinds: []string{TaskNumberKind},
		State: "state", Transition: taskTransition,
		// The requester follows their request's tasks.
		Owners: []string{"requesterId"},
		Rules:  TaskRules,
		// The tasks an approved request gets, made by the desk that learns of the approval.
		Auto: func(op, _ string, _ json.RawMessage) bool { return op == changelog.OpCreate },
		Fields: []kind.Field{
			{Name: "id", Column: "id", Kind: kind.Fixed, Type: kind.Text},
			{Name: "number", Column: "number", Kind: kind.Fixed, Type: kind.Text},
			{Name: "type", Column: "type", Kind: kind.Fixed, Type: kind.Text, Max: 20},
			{Name: "requestId", Column: "request_id", Kind: kind.Fixed, Type: kind.Text, Ref: ticket.EntityTicket},
			{Name: "requesterId", Column: "requester_id", Kind: kind.Fixed, Type: kind.Text, Ref: "user"},
			{Name: "seq", Column: "seq", Kind: kind.Fixed, Type: kind.Int, Min: 1, MaxInt: maxTasks},
			{Name: "mode", Column: "mode", Kind: kind.Fixed, Type: kind.Text, Max: 20},
			{Name: "title", Column: "title", Kind: kind.Fixed, Type: kind.Text, Max: 200 * 4},
			{Name: "groupId", Column: "group_id", Kind: kind.LWW, Type: kind.NullText, Ref: "group"},
			{Name: "assigneeId", Column: "assignee_id", Kind: kind.LWW, Type: kind.NullText, Ref: "agent"},
			{Name: "state", Column: "state", Kind: kind.Status, Type: kind.Text},
			// Set when the task opens (its SLA from the item's policy), by the move itself.
			{Name: "dueAt", Column: "due_at", Kind: kind.Status, Type: kind.NullInt},
			{Name: "createdBy", Column: "created_by", Kind: kind.Fixed, Type: kind.Text, Ref: "user"},
			{Name: "createdAt", Column: "created_at", Kind: kind.Fixed, Type: kind.Int},
			{Name: "updatedAt", Column: "updated_at", Kind: kind.Local, Type: kind.Int, From: "createdAt"},
			{Name: "closedAt", Column: "closed_at", Kind: kind.Local, Type: kind.NullInt},
		},
	})
}

// TaskMove is a task transition op's value: the states, and the due time a pending task
// gets when it opens.
type TaskMove struct {
	From  TaskState `json:"from"`
	To    TaskState `json:"to"`
	DueAt *int64    `json:"dueAt,omitempty"`
}

// TaskEffects is what a task's move writes, by field: the desk's move and a merged
// transition op apply the same.
func TaskEffects(m TaskMove, at int64) map[string]any {
	out := map[string]any{"state": string(m.To), "updatedAt": at}
	if m.To == Open && m.DueAt != nil {
		out["dueAt"] = *m.DueAt
	}
	if m.To.Done() {
		out["closedAt"] = at
	} else {
		out["closedAt"] = nil
	}
	return out
}

func taskTransition(value json.RawMessage, at int64) (map[string]any, error) {
	var m TaskMove
	if err := json.Unmarshal(value, &m); err != nil {
		return nil, fmt.Errorf("transition value: %w", err)
	}
	if !m.From.Valid() || !m.To.Valid() {
		return nil, fmt.Errorf("transition %s -> %s: unknown state", m.From, m.To)
	}
	return TaskEffects(m, at), nil
}
