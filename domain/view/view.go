// Package view keeps saved views: a person's filters, sort and columns under a name, in
// the order they put them in the sidebar. A view is of the ticket queue (SubjectTickets, the
// default) or of the asset list (SubjectAssets); each list has its own views, order and names. A manager may share a view with an assignment
// group, whose members then see it read-only (its owner, or a manager of that group, edits
// it).
//
// A view is a record kind (declare.go, EntityView): written through the desk's generic
// writer (change log, audit trail), synced to its owner's other desks, and private: the
// server sends it only to its owner and the members of the group it is shared with. The
// rules below are pure functions of (actor, view before, change), called by the desk's
// store and by the server's re-check of a pushed op alike (kind.go).
package view

import (
	"strings"

	"outpost/domain/asset"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

// The lists a view may be of.
const (
	// SubjectTickets is the ticket queue: a view's Query. A view saved without a subject
	// (every view before asset views) is one of these.
	SubjectTickets = "tickets"
	// SubjectAssets is the asset list: a view's AssetQuery.
	SubjectAssets = "assets"
)

// View is a saved view of the ticket queue or of the asset list.
type View struct {
	ID      string `json:"id"`
	OwnerID string `json:"ownerId"`
	// OwnerName is who saved it, for a view shared with the reader (filled on reads).
	OwnerName string `json:"ownerName"`
	Name      string `json:"name"`
	// Position orders the owner's own views in their sidebar.
	Position int `json:"position"`
	// GroupID is the group the view is shared with; "" for a personal view.
	GroupID string `json:"groupId"`
	// Subject is the list the view is of: SubjectTickets or SubjectAssets.
	Subject string `json:"subject"`
	// Query is a ticket view's query (zero for an asset view).
	Query ticket.Query `json:"query"`
	// AssetQuery is an asset view's query (zero for a ticket view).
	AssetQuery asset.Query `json:"assetQuery"`
	Columns    []string    `json:"columns"`
	CreatedAt  int64       `json:"createdAt"`
	UpdatedAt  int64       `json:"updatedAt"`
}

// Spec is what a person saves: a name, the list's filters and sort, the visible columns.
type Spec struct {
	Name string `json:"name"`
	// Subject is the list: SubjectTickets ("" too) or SubjectAssets.
	Subject    string       `json:"subject"`
	Query      ticket.Query `json:"query"`
	AssetQuery asset.Query  `json:"assetQuery"`
	Columns    []string     `json:"columns"`
}

// MaxName is the longest view name, in characters.
const MaxName = 60

// MaxViews is how many views one person may keep (the sidebar counts each of them).
const MaxViews = 50

// Columns are the queue's column ids a view may show, in the table's order.
var Columns = []string{"number", "priority", "title", "state", "sla", "type", "category", "requester",
	"assignee", "group", "created", "updated"}

// AssetColumns are the asset list's column ids an asset view may show, in the table's order.
var AssetColumns = []string{"tag", "name", "class", "type", "status", "owner", "location", "warrantyEnd"}

// subjectOf is the subject a stored or given subject means ("" is the ticket queue), and
// whether it is one.
func subjectOf(s string) (string, bool) {
	switch s {
	case "", SubjectTickets:
		return SubjectTickets, true
	case SubjectAssets:
		return SubjectAssets, true
	}
	return s, false
}

// normalize trims and checks a spec's own fields: the subject, the name, the columns, and
// that the query is one its list accepts for actor (its paging dropped: a view starts at the
// top). A ticket query is judged by check; an asset query by asset.Query.Check.
func (s *Spec) normalize(actor people.Actor, check func(ticket.Query) error) error {
	v := &fault.Validation{}
	subject, ok := subjectOf(s.Subject)
	if !ok {
		return fault.Field("subject", "a view is of the ticket queue or of the asset list, not %q", s.Subject)
	}
	s.Subject = subject
	s.Name = strings.TrimSpace(s.Name)
	if s.Name == "" {
		v.Add("name", "a view needs a name")
	}
	v.Limit("name", "a view's name", s.Name, MaxName)
	known, always := Columns, "title" // the table always shows what a ticket is about
	if subject == SubjectAssets {
		known, always = AssetColumns, "tag" // and which asset a row is
	}
	seen := map[string]bool{}
	cols := make([]string, 0, len(s.Columns))
	for _, c := range s.Columns {
		if !contains(known, c) {
			v.Add("columns", "unknown column %q", c)
		} else if !seen[c] {
			seen[c] = true
			cols = append(cols, c)
		}
	}
	if !seen[always] {
		cols = append(cols, always)
	}
	s.Columns = cols
	s.Query.Offset, s.Query.Limit = 0, 0
	s.AssetQuery.Offset, s.AssetQuery.Limit = 0, 0
	if err := v.Err(); err != nil {
		return err
	}
	if subject == SubjectAssets {
		s.Query = ticket.Query{} // a view keeps its own list's query alone
		return s.AssetQuery.Check()
	}
	s.AssetQuery = asset.Query{}
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

// CanEdit judges a change of before's name, query or columns, or deleting it: its owner
// makes one; so does a manager or above who sees it through a group it is shared with.
// The caller has judged that actor sees before (CanSee).
func CanEdit(actor people.Actor, before *View) error {
	if actor.ID != "" && actor.ID == before.OwnerID {
		return nil
	}
	if before.GroupID != "" && actor.InGroup(before.GroupID) && actor.Role.AtLeast(people.Manager) {
		return nil
	}
	return &forbidden{"only the person who saved a view, or a manager of the group it is shared with, changes it; save a copy as your own view instead"}
}

// CanMove judges a change of before's place in the sidebar: the order is personal, so only
// the owner moves their views (a member sees shared views after their own, by name).
func CanMove(actor people.Actor, before *View) error {
	if actor.ID == "" || actor.ID != before.OwnerID {
		return &forbidden{"only the person who saved a view puts it in their order"}
	}
	return nil
}

// CanShare judges sharing before with group ("" stops sharing): a manager or above who may
// edit it shares it; whoever may edit it may stop sharing it.
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
// Nobody else does, whatever their role: a personal view is its owner's alone.
func CanSee(actor people.Actor, v *View) bool {
	return actor.ID != "" && (v.OwnerID == actor.ID || (v.GroupID != "" && actor.InGroup(v.GroupID)))
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
