// Package canned keeps the desk's templates: canned replies (response templates) an agent
// inserts in a ticket's conversation, and ticket templates that fill the New ticket form for a
// recurring incident or request.
//
// Both are record kinds (declare.go): they sync to every desk, the server re-checks a pushed
// op with the same rules, and every write is logged and audited. A template is personal (its
// owner alone sees and changes it) or belongs to an assignment group (its members see it;
// managers and admins write it). The scope is chosen when the template is made and never
// changes, so a merge can never move a template between people or groups.
package canned

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

// The record kinds, as the change log and the audit trail name them.
const (
	EntityReply  = "reply_template"
	EntityTicket = "ticket_template"
)

// Limits, in characters (the declarations allow four bytes a character).
const (
	MaxName = 100
	// MaxBody is the longest canned reply, in characters; its expansion must still fit a
	// comment (MaxExpanded bytes).
	MaxBody = 10_000
	// MaxTemplates is how many live templates of one kind a scope (a person, a group) holds:
	// the `/` popup lists them all.
	MaxTemplates = 500
)

// Limits returns the templates' text limits for the forms, in characters.
func Limits() map[string]int {
	return map[string]int{"template.name": MaxName, "template.body": MaxBody}
}

// MaxExpanded is the most bytes an expanded reply may take: a comment's body as its kind
// declares it (ticket.EntityComment's body field).
const MaxExpanded = 100_000

// Scope is who a template belongs to: exactly one of a person (OwnerID) or a group (GroupID).
type Scope struct {
	OwnerID string `json:"ownerId"`
	GroupID string `json:"groupId"`
}

// Personal reports whether the template is a person's own.
func (s Scope) Personal() bool { return s.OwnerID != "" }

// Reply is a canned reply: text with {{variables}} an agent inserts in the comment box.
type Reply struct {
	ID string `json:"id"`
	Scope
	Name      string `json:"name"`
	Body      string `json:"body"`
	CreatedAt int64  `json:"createdAt"`
	UpdatedAt int64  `json:"updatedAt"`
}

// Ticket is a ticket template: what the New ticket form is filled with for a recurring
// incident or request. Every prefilled field stays editable in the form.
type Ticket struct {
	ID string `json:"id"`
	Scope
	Name        string      `json:"name"`
	Type        ticket.Type `json:"type"`
	Title       string      `json:"title"`
	Description string      `json:"description"`
	Category    string      `json:"category"`
	Subcategory string      `json:"subcategory"`
	Service     string      `json:"service"`
	Impact      int         `json:"impact"`
	Urgency     int         `json:"urgency"`
	// AssignmentGroupID is the group the new ticket is assigned to ("" for none): not the
	// template's own group (Scope.GroupID), which says who sees the template.
	AssignmentGroupID string `json:"assignmentGroupId"`
	CreatedAt         int64  `json:"createdAt"`
	UpdatedAt         int64  `json:"updatedAt"`
}

// CheckScope judges a write of a template of scope s by act (making, editing or deleting
// it): a template is staff's; a personal one is written by its owner alone, a group's by a
// manager or an admin.
func CheckScope(act people.Actor, s Scope) error {
	if (s.OwnerID == "") == (s.GroupID == "") {
		return fault.Field("scope", "a template is either personal or a group's")
	}
	if !act.IsStaff() {
		return fmt.Errorf("templates are the desk staff's: %w", fault.ErrForbidden)
	}
	if s.Personal() {
		if act.ID != s.OwnerID {
			return fmt.Errorf("only its owner changes a personal template: %w", fault.ErrForbidden)
		}
		return nil
	}
	return act.Require(people.Manager, "writing a group's templates")
}

// CanSee reports whether act sees a template of scope s: their own, or their group's.
// Managers and admins also see every group's templates, since they write them.
func CanSee(act people.Actor, s Scope) bool {
	if !act.IsStaff() {
		return false
	}
	if s.Personal() {
		return s.OwnerID == act.ID
	}
	return act.InGroup(s.GroupID) || act.Role.AtLeast(people.Manager)
}

// checkName adds the problems of a template's name to v.
func checkName(v *fault.Validation, name string) {
	if strings.TrimSpace(name) == "" {
		v.Add("name", "a template needs a name")
	}
	if name != strings.TrimSpace(name) {
		v.Add("name", "a name has no spaces around it")
	}
	v.Limit("name", "a template's name", name, MaxName)
}

// CheckReply checks a canned reply's own fields: a name, and a body within its limit whose
// variables are all known.
func CheckReply(r *Reply) error {
	v := &fault.Validation{}
	checkName(v, r.Name)
	if strings.TrimSpace(r.Body) == "" {
		v.Add("body", "a canned reply needs some text")
	}
	v.Limit("body", "a canned reply", r.Body, MaxBody)
	if v.Fields["body"] == "" {
		if _, err := Variables(r.Body); err != nil {
			v.Add("body", "%s", fault.Fields(err)["body"])
		}
	}
	return v.Err()
}

// CheckTicket checks a ticket template's own fields against the ticket's own limits.
func CheckTicket(t *Ticket) error {
	v := &fault.Validation{}
	checkName(v, t.Name)
	if !t.Type.Valid() {
		v.Add("type", "type must be incident or request")
	}
	for field, s := range map[string]string{"title": t.Title, "description": t.Description, "category": t.Category,
		"subcategory": t.Subcategory, "service": t.Service} {
		if max := ticket.Limits()["ticket."+field]; utf8.RuneCountInString(s) > max {
			v.Add(field, "at most %d characters; this one has %d", max, utf8.RuneCountInString(s))
		}
	}
	if t.Subcategory != "" && t.Category == "" {
		v.Add("subcategory", "a subcategory needs its category")
	}
	if t.Impact < 1 || t.Impact > 3 {
		v.Add("impact", "impact must be 1 (high), 2 (medium) or 3 (low)")
	}
	if t.Urgency < 1 || t.Urgency > 3 {
		v.Add("urgency", "urgency must be 1 (high), 2 (medium) or 3 (low)")
	}
	return v.Err()
}
