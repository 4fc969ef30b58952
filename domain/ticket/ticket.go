// Package ticket is the service desk's core record: incidents and service requests, their
// states, priority, conversation, links and audit trail.
package ticket

import (
	"fmt"
	"sort"
	"strings"

	"outpost/domain/fault"
)

// Type is the kind of ticket.
type Type string

const (
	Incident Type = "incident"
	Request  Type = "request"
)

// Prefix is the prefix of the type's human numbers.
func (t Type) Prefix() string {
	if t == Request {
		return "REQ"
	}
	return "INC"
}

// Valid reports whether t is a known type.
func (t Type) Valid() bool { return t == Incident || t == Request }

// Sources a ticket can come from.
var Sources = []string{"phone", "email", "portal", "walk-in", "field"}

// HoldReasons a ticket may be on hold for.
var HoldReasons = []string{"awaiting_caller", "awaiting_change", "awaiting_problem", "awaiting_vendor"}

// ResolutionCodes close out a resolved ticket.
var ResolutionCodes = []string{
	"solved_permanently", "solved_workaround", "solved_remotely", "not_reproducible",
	"duplicate", "user_error", "fulfilled", "rejected", "incomplete",
}

// Ticket is an incident or a service request.
type Ticket struct {
	ID          string `gorm:"column:id;primaryKey" json:"id"`
	Number      string `gorm:"column:number" json:"number"`
	Type        Type   `gorm:"column:type" json:"type"`
	Title       string `gorm:"column:title" json:"title"`
	Description string `gorm:"column:description" json:"description"`
	RequesterID string `gorm:"column:requester_id" json:"requesterId"`
	Category    string `gorm:"column:category" json:"category"`
	Subcategory string `gorm:"column:subcategory" json:"subcategory"`
	Service     string `gorm:"column:service" json:"service"`
	CI          string `gorm:"column:ci" json:"ci"`
	// ServiceID and CIID are the service and the CI (an asset) the ticket is about. Service and
	// CI are text neither matched (the unlinked text of tickets logged before they were
	// references, or imported): kept and shown, never matched again by name.
	ServiceID              *string `gorm:"column:service_id" json:"serviceId"`
	CIID                   *string `gorm:"column:ci_id" json:"ciId"`
	Impact                 int     `gorm:"column:impact" json:"impact"`
	Urgency                int     `gorm:"column:urgency" json:"urgency"`
	Priority               int     `gorm:"column:priority" json:"priority"`
	PriorityOverrideReason string  `gorm:"column:priority_override_reason" json:"priorityOverrideReason"`
	State                  State   `gorm:"column:state" json:"state"`
	HoldReason             string  `gorm:"column:hold_reason" json:"holdReason"`
	ResolutionCode         string  `gorm:"column:resolution_code" json:"resolutionCode"`
	ResolutionNotes        string  `gorm:"column:resolution_notes" json:"resolutionNotes"`
	GroupID                *string `gorm:"column:group_id" json:"groupId"`
	AssigneeID             *string `gorm:"column:assignee_id" json:"assigneeId"`
	Source                 string  `gorm:"column:source" json:"source"`
	Tags                   string  `gorm:"column:tags" json:"tags"`
	Major                  bool    `gorm:"column:major" json:"major"`
	MajorReason            string  `gorm:"column:major_reason" json:"majorReason"`
	ParentID               *string `gorm:"column:parent_id" json:"parentId"`
	DuplicateOf            *string `gorm:"column:duplicate_of" json:"duplicateOf"`
	CreatedBy              string  `gorm:"column:created_by" json:"createdBy"`
	CreatedAt              int64   `gorm:"column:created_at;autoCreateTime:false" json:"createdAt"`
	UpdatedAt              int64   `gorm:"column:updated_at;autoUpdateTime:false" json:"updatedAt"`
	ResolvedAt             *int64  `gorm:"column:resolved_at" json:"resolvedAt"`
	ClosedAt               *int64  `gorm:"column:closed_at" json:"closedAt"`
	Archived               bool    `gorm:"column:archived" json:"archived"`
}

// TableName is the tickets table.
func (Ticket) TableName() string { return "tickets" }

// Draft is what a person fills in to log a ticket.
type Draft struct {
	Type        Type   `json:"type"`
	Title       string `json:"title"`
	Description string `json:"description"`
	RequesterID string `json:"requesterId"`
	Category    string `json:"category"`
	Subcategory string `json:"subcategory"`
	Service     string `json:"service"`
	CI          string `json:"ci"`
	// ServiceID and CIID link the records; a Service or CI text without them is matched to
	// one by name (or asset tag) when it names exactly one, else kept as unlinked text.
	ServiceID      string   `json:"serviceId"`
	CIID           string   `json:"ciId"`
	Impact         int      `json:"impact"`
	Urgency        int      `json:"urgency"`
	Priority       int      `json:"priority"`       // 0: computed from impact × urgency
	PriorityReason string   `json:"priorityReason"` // required when Priority overrides the matrix
	GroupID        string   `json:"groupId"`
	AssigneeID     string   `json:"assigneeId"`
	Source         string   `json:"source"`
	Tags           []string `json:"tags"`
}

// validate checks a draft's own fields; references (users, groups) are checked by the service.
func (d *Draft) validate(m Matrix) error {
	v := &fault.Validation{}
	d.Title = strings.TrimSpace(d.Title)
	if !d.Type.Valid() {
		v.Add("type", "type must be incident or request")
	}
	addFields(v, CheckTitle(d.Title))
	checkText(v, "description", d.Description)
	checkText(v, "category", strings.TrimSpace(d.Category))
	checkText(v, "subcategory", strings.TrimSpace(d.Subcategory))
	checkText(v, "service", strings.TrimSpace(d.Service))
	checkText(v, "ci", strings.TrimSpace(d.CI))
	for _, t := range d.Tags {
		checkText(v, "tags", strings.TrimSpace(t))
	}
	if d.Priority != 0 {
		checkText(v, "priorityReason", strings.TrimSpace(d.PriorityReason))
	}
	if d.Impact < 1 || d.Impact > 3 {
		v.Add("impact", "impact must be 1 (high), 2 (medium) or 3 (low)")
	}
	if d.Urgency < 1 || d.Urgency > 3 {
		v.Add("urgency", "urgency must be 1 (high), 2 (medium) or 3 (low)")
	}
	if d.Source == "" {
		d.Source = "portal"
	}
	addFields(v, CheckSource(d.Source))
	if d.Priority != 0 && v.Fields["impact"] == "" && v.Fields["urgency"] == "" {
		if err := CheckPriority(m, d.Impact, d.Urgency, d.Priority, d.PriorityReason); err != nil {
			return err
		}
	}
	return v.Err()
}

// addFields adds the field messages of a rule's validation error to v.
func addFields(v *fault.Validation, err error) {
	for name, msg := range fault.Fields(err) {
		v.Add(name, "%s", msg)
	}
}

// NormalizeTags lowercases, trims, dedupes and sorts tags into the stored comma form.
func NormalizeTags(tags []string) string {
	seen := map[string]bool{}
	var out []string
	for _, t := range tags {
		t = strings.ToLower(strings.TrimSpace(strings.ReplaceAll(t, ",", " ")))
		if t != "" && !seen[t] {
			seen[t] = true
			out = append(out, t)
		}
	}
	sort.Strings(out)
	return strings.Join(out, ",")
}

// SplitTags turns the stored comma form back into a list.
func SplitTags(s string) []string {
	if s == "" {
		return []string{}
	}
	return strings.Split(s, ",")
}

// FormatNumber renders the human number of the n-th ticket of a type, e.g. INC0001001.
func FormatNumber(t Type, n int64) string { return fmt.Sprintf("%s%07d", t.Prefix(), n) }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
