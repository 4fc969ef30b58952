// Package catalog holds the service catalog: items people ask for through a form (catalog
// items), the requests they submit (a request ticket REQ… with its answers, a
// catalog_request record) and the fulfilment tasks TASK… that work them. Items, requests and
// tasks are record kinds (declare.go): they sync, the server re-checks them with the rules
// here, and every write is audited.
package catalog

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"outpost/domain/fault"
	"outpost/domain/people"
)

// Entity names in the change log.
const (
	EntityItem    = "catalog_item"
	EntityRequest = "catalog_request"
	EntityTask    = "catalog_task"
)

// TaskNumberKind is the number kind of tasks (the value of their "type" field).
const TaskNumberKind = "task"

// ApprovalRule is who must approve a request for an item before it is worked.
type ApprovalRule string

const (
	NoApproval      ApprovalRule = "none"
	ManagerApproval ApprovalRule = "manager" // the requester's manager
	GroupApproval   ApprovalRule = "group"   // the members of a group, by Mode
)

// Approval is an item's approval rule as stored; the approvals mechanism reads it.
type Approval struct {
	Rule    ApprovalRule `json:"rule"`
	GroupID string       `json:"groupId"`
	// Mode is how a group decides: all, any or majority of its members.
	Mode string `json:"mode"`
}

// Needed reports whether a request for the item waits for an approval.
func (a Approval) Needed() bool { return a.Rule == ManagerApproval || a.Rule == GroupApproval }

// TaskMode is how an item's fulfilment tasks run.
type TaskMode string

const (
	// Checklist: every task is open at once.
	Checklist TaskMode = "checklist"
	// Sequence: task n+1 opens when task n is complete.
	Sequence TaskMode = "sequence"
)

// TaskDef is one fulfilment task an item's request gets.
type TaskDef struct {
	Title string `json:"title"`
	// GroupID is the group that works it ("": the item's fulfilment group).
	GroupID string `json:"groupId"`
}

// Item is a catalog item as the desk stores and shows it.
type Item struct {
	ID           string    `json:"id"`
	Name         string    `json:"name"`
	Description  string    `json:"description"`
	Category     string    `json:"category"`
	DepartmentID *string   `json:"departmentId"`
	Active       bool      `json:"active"`
	Form         Form      `json:"form"`
	Approval     Approval  `json:"approval"`
	GroupID      *string   `json:"groupId"`
	TaskMode     TaskMode  `json:"taskMode"`
	Tasks        []TaskDef `json:"tasks"`
	SLAPolicyID  *string   `json:"slaPolicyId"`
	CreatedBy    string    `json:"createdBy"`
	CreatedAt    int64     `json:"createdAt"`
	UpdatedAt    int64     `json:"updatedAt"`
}

// limits are the item's text limits in characters, by field name.
var limits = map[string]int{"name": 200, "description": 20_000, "category": 100}

// Limits returns the text limits for the forms, keyed "catalog.<field>".
func Limits() map[string]int {
	out := map[string]int{}
	for k, v := range limits {
		out["catalog."+k] = v
	}
	return out
}

const maxTasks = 20

// CheckItem validates an item as a whole: its texts, its form, its approval rule, its tasks.
// Which groups and policies exist is checked where they can be read (checkRefs).
func CheckItem(it *Item) error {
	v := &fault.Validation{}
	if strings.TrimSpace(it.Name) == "" {
		v.Add("name", "a name is required")
	}
	v.Limit("name", "a name", it.Name, limits["name"])
	v.Limit("description", "a description", it.Description, limits["description"])
	v.Limit("category", "a category", it.Category, limits["category"])
	if err := CheckForm(it.Form); err != nil {
		var fv *fault.Validation
		if !asValidation(err, &fv) {
			return err
		}
		for k, m := range fv.Fields {
			v.Add(k, "%s", m)
		}
	}
	switch it.Approval.Rule {
	case NoApproval, ManagerApproval:
		if it.Approval.GroupID != "" {
			v.Add("approval.groupId", "only a group approval names a group")
		}
	case GroupApproval:
		if it.Approval.GroupID == "" {
			v.Add("approval.groupId", "choose the group that approves")
		}
		if !slices.Contains([]string{"all", "any", "majority"}, it.Approval.Mode) {
			v.Add("approval.mode", "a group approves by all, any or majority")
		}
	default:
		v.Add("approval.rule", "approval is none, the requester's manager or a group")
	}
	if it.TaskMode != Checklist && it.TaskMode != Sequence {
		v.Add("taskMode", "tasks run as a checklist or a sequence")
	}
	if len(it.Tasks) > maxTasks {
		v.Add("tasks", "at most %d tasks", maxTasks)
	}
	for i, t := range it.Tasks {
		if strings.TrimSpace(t.Title) == "" {
			v.Add(fmt.Sprintf("tasks.%d.title", i), "a task needs a title")
		}
		v.Limit(fmt.Sprintf("tasks.%d.title", i), "a task title", t.Title, 200)
		if t.GroupID == "" && (it.GroupID == nil || *it.GroupID == "") {
			v.Add(fmt.Sprintf("tasks.%d.groupId", i), "a task needs a group (or the item a fulfilment group)")
		}
	}
	return v.Err()
}

// CheckNewItem refuses a new item: managers and admins keep the catalog.
func CheckNewItem(actor people.Actor, it *Item) error {
	if err := actor.Require(people.Manager, "add a catalog item"); err != nil {
		return err
	}
	if it.CreatedBy != actor.ID {
		return fault.Field("createdBy", "an item is created by the signed-in user")
	}
	return CheckItem(it)
}

// editable are the fields an edit may set.
var editable = []string{"name", "description", "category", "departmentId", "active", "form", "approval",
	"groupId", "taskMode", "tasks", "slaPolicyId"}

// CheckEditItem refuses an edit of field of an item by actor: managers and admins.
func CheckEditItem(actor people.Actor, field string) error {
	if err := actor.Require(people.Manager, "edit a catalog item"); err != nil {
		return err
	}
	if !slices.Contains(editable, field) {
		return fault.Field(field, "%s of a catalog item cannot be changed", field)
	}
	return nil
}

// CanSee reports whether actor sees item it: staff see every item, anyone else an active one.
func CanSee(actor people.Actor, it *Item) bool { return actor.IsStaff() || it.Active }

// CheckSubmit refuses a submission of it by actor: anyone signed in asks for an active item,
// for themself or for someone else (requestedFor: a new colleague's laptop).
func CheckSubmit(actor people.Actor, it *Item, requestedFor string) error {
	if err := actor.Require(people.Requester, "request a catalog item"); err != nil {
		return err
	}
	if !CanSee(actor, it) {
		return fmt.Errorf("catalog item %s: %w", it.ID, fault.ErrNotFound)
	}
	if !it.Active {
		return fault.Field("itemId", "%s is not offered any more", it.Name)
	}
	if requestedFor == "" {
		return fault.Field("requestedFor", "say who the request is for")
	}
	return nil
}

func asValidation(err error, out **fault.Validation) bool {
	v, ok := err.(*fault.Validation)
	if ok {
		*out = v
	}
	return ok
}

// encode is v as the JSON text a Text field holds.
func encode(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
