// Package view keeps saved queue views: a person's filters, sort and columns under a name, in
// the order they put them in the sidebar. A manager may share their view with an assignment
// group, whose members then see it (and only its owner edits it).
//
// Views live in the profile's saved_views table, not yet in the change log: they do not sync
// between a person's desks until they are declared as a synced kind (replica.Register, written
// through the desk's generic configuration writer).
// The rules below are pure functions of (actor, view before, change), the shape a synced
// kind's rules take, so the server can call the same ones once they sync.
package view

import (
	"strings"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

// View is a saved queue view.
type View struct {
	ID      string `json:"id"`
	OwnerID string `json:"ownerId"`
	// OwnerName is who saved it, for a view shared with the reader (filled on reads).
	OwnerName string `json:"ownerName"`
	Name      string `json:"name"`
	// Position orders the owner's own views in their sidebar.
	Position int `json:"position"`
	// GroupID is the group the view is shared with; "" for a personal view.
	GroupID   string       `json:"groupId"`
	Query     ticket.Query `json:"query"`
	Columns   []string     `json:"columns"`
	CreatedAt int64        `json:"createdAt"`
	UpdatedAt int64        `json:"updatedAt"`
}

// Spec is what a person saves: a name, the queue's filters and sort, the visible columns.
type Spec struct {
	Name    string       `json:"name"`
	Query   ticket.Query `json:"query"`
	Columns []string     `json:"columns"`
}

// MaxName is the longest view name, in characters.
const MaxName = 60

// MaxViews is how many views one person may keep (the sidebar counts each of them).
const MaxViews = 50

// Columns are the queue's column ids a view may show, in the table's order.
var Columns = []string{"number", "priority", "title", "state", "sla", "type", "category", "requester",
	"assignee", "group", "created", "updated"}

// normalize trims and checks a spec's own fields: the name, the columns, and that the query is
// one the queue accepts for actor (its paging dropped: a view starts at the top).
func (s *Spec) normalize(actor people.Actor, check func(ticket.Query) error) error {
	v := &fault.Validation{}
	s.Name = strings.TrimSpace(s.Name)
	if s.Name == "" {
		v.Add("name", "a view needs a name")
	}
	v.Limit("name", "a view's name", s.Name, MaxName)
	seen := map[string]bool{}
	cols := make([]string, 0, len(s.Columns))
	for _, c := range s.Columns {
		if !contains(Columns, c) {
			v.Add("columns", "unknown column %q", c)
		} else if !seen[c] {
			seen[c] = true
			cols = append(cols, c)
		}
	}
	if !seen["title"] {
		cols = append(cols, "title") // the table always shows what a ticket is about
	}
	s.Columns = cols
	s.Query.Offset, s.Query.Limit = 0, 0
	if err := v.Err(); err != nil {
		return err
	}
	return check(s.Query)
}

// CanCreate judges a new view: anyone signed in keeps views of their own.
func CanCreate(actor people.Actor, v *View) error {
	if actor.ID == "" || actor.ID != v.OwnerID {
		return &forbidden{"a view is saved by the person it belongs to"}
	}
	if v.GroupID != "" {
		return CanShare(actor, v, v.GroupID)
	}
	return nil
}

// CanEdit judges any change of before (its name, query, columns, place, or deleting it):
// only its owner makes one, whoever else sees it.
func CanEdit(actor people.Actor, before *View) error {
	if actor.ID == "" || actor.ID != before.OwnerID {
		return &forbidden{"only the person who saved a view changes it; save a copy as your own view instead"}
	}
	return nil
}

// CanShare judges sharing before with group ("" stops sharing): the owner, a manager or
// above, shares; an owner may always stop sharing their own view.
func CanShare(actor people.Actor, before *View, group string) error {
	if err := CanEdit(actor, before); err != nil {
		return err
	}
	if group == "" {
		return nil
	}
	if !actor.Role.AtLeast(people.Manager) {
		return &forbidden{"sharing a view with a group needs the manager role"}
	}
	return nil
}

// CanSee reports whether actor sees v: their own, or one shared with a group of theirs.
func CanSee(actor people.Actor, v *View) bool {
	return v.OwnerID == actor.ID || (v.GroupID != "" && actor.InGroup(v.GroupID))
}

// forbidden is a refusal that says why, and is fault.ErrForbidden to errors.Is.
type forbidden struct{ why string }

func (f *forbidden) Error() string { return f.why }
func (f *forbidden) Unwrap() error { return fault.ErrForbidden }

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
