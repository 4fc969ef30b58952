package catalog

import (
	"fmt"
	"slices"

	"outpost/domain/fault"
	"outpost/domain/people"
)

// TaskState is where a fulfilment task is.
type TaskState string

const (
	// Pending: a later task of a sequence, waiting for the one before it.
	Pending    TaskState = "pending"
	Open       TaskState = "open"
	Working    TaskState = "in_progress"
	Complete   TaskState = "complete"
	Incomplete TaskState = "incomplete"
	// Skipped: not needed (an agent's call, or the rest of a sequence after an incomplete task).
	Skipped TaskState = "skipped"
)

// TaskStates lists every task state.
var TaskStates = []TaskState{Pending, Open, Working, Complete, Incomplete, Skipped}

// Valid reports whether s is a known state.
func (s TaskState) Valid() bool { return slices.Contains(TaskStates, s) }

// Done reports whether a task in s is finished.
func (s TaskState) Done() bool { return s == Complete || s == Incomplete || s == Skipped }

// taskAllowed is a task's life: a pending task opens (or is skipped); an open task is
// started, completed, found incomplete or skipped; work in progress ends the same ways or
// goes back to open. A finished task stays finished.
var taskAllowed = map[TaskState][]TaskState{
	Pending: {Open, Skipped},
	Open:    {Working, Complete, Incomplete, Skipped},
	Working: {Open, Complete, Incomplete, Skipped},
}

// NextTask lists the states a task in s may go to.
func NextTask(s TaskState) []TaskState { return taskAllowed[s] }

// Task is a fulfilment task as the desk stores it.
type Task struct {
	ID          string    `gorm:"column:id;primaryKey" json:"id"`
	Number      string    `gorm:"column:number" json:"number"`
	Type        string    `gorm:"column:type" json:"type"`
	RequestID   string    `gorm:"column:request_id" json:"requestId"`
	RequesterID string    `gorm:"column:requester_id" json:"requesterId"`
	Seq         int       `gorm:"column:seq" json:"seq"`
	Mode        TaskMode  `gorm:"column:mode" json:"mode"`
	Title       string    `gorm:"column:title" json:"title"`
	GroupID     *string   `gorm:"column:group_id" json:"groupId"`
	AssigneeID  *string   `gorm:"column:assignee_id" json:"assigneeId"`
	State       TaskState `gorm:"column:state" json:"state"`
	DueAt       *int64    `gorm:"column:due_at" json:"dueAt"`
	CreatedBy   string    `gorm:"column:created_by" json:"createdBy"`
	CreatedAt   int64     `gorm:"column:created_at" json:"createdAt"`
	UpdatedAt   int64     `gorm:"column:updated_at" json:"updatedAt"`
	ClosedAt    *int64    `gorm:"column:closed_at" json:"closedAt"`
}

// TableName is the tasks table.
func (Task) TableName() string { return "catalog_tasks" }

// CheckTaskMove refuses moving task t to to by actor: staff work tasks, by the state table.
func CheckTaskMove(actor people.Actor, t *Task, to TaskState) error {
	if err := actor.Require(people.Agent, "work a task"); err != nil {
		return err
	}
	if !to.Valid() {
		return fault.Field("to", "unknown task state %q", to)
	}
	if !slices.Contains(taskAllowed[t.State], to) {
		return fmt.Errorf("%s cannot go from %s to %s: %w", t.Number, t.State, to, fault.ErrInvalidTransition)
	}
	return nil
}

// CheckTaskEdit refuses a change of a task's field by actor: staff route open tasks.
func CheckTaskEdit(actor people.Actor, t *Task, field string) error {
	if err := actor.Require(people.Agent, "route a task"); err != nil {
		return err
	}
	if field != "groupId" && field != "assigneeId" {
		return fault.Field(field, "%s of a task cannot be changed", field)
	}
	if t.State.Done() {
		return fmt.Errorf("%s is finished: %w", t.Number, fault.ErrInvalidTransition)
	}
	return nil
}

// RollUp is what a request's tasks say about it: done once every task is finished, then
// "fulfilled" when none is incomplete, else "incomplete" (ticket resolution codes). A request
// without tasks is not rolled up by them. Both the desk that finishes the last task and a desk
// that pulls the last finish from another desk call it.
func RollUp(states []TaskState) (done bool, code string) {
	if len(states) == 0 {
		return false, ""
	}
	code = "fulfilled"
	for _, s := range states {
		if !s.Done() {
			return false, ""
		}
		if s == Incomplete {
			code = "incomplete"
		}
	}
	return true, code
}

// Prefix is the number prefix of a number kind ("" for anything but tasks).
func Prefix(kind string) string {
	if kind == TaskNumberKind {
		return "TASK"
	}
	return ""
}

// FormatNumber renders the n-th task's number, e.g. TASK0001001.
func FormatNumber(n int64) string { return fmt.Sprintf("TASK%07d", n) }
