// Package knowledge holds knowledge articles (KB0001001): markdown answers written by staff,
// reviewed, published to requesters or to staff only, retired when stale. Articles, their
// versions, votes and links to tickets are record kinds (declare.go): they sync, the server
// re-checks them with the rules here, and every write is audited.
package knowledge

import (
	"fmt"
	"slices"
	"strings"

	"outpost/domain/fault"
	"outpost/domain/people"
)

// Entity names in the change log.
const (
	EntityArticle = "article"
	EntityVersion = "article_version"
	EntityVote    = "article_vote"
	EntityLink    = "article_link"
)

// NumberKind is the number kind of articles (the value of their "type" field): leases and
// counters are kept per number kind.
const NumberKind = "article"

// State is where an article is in its life.
type State string

const (
	Draft     State = "draft"
	Review    State = "review"
	Published State = "published"
	Retired   State = "retired"
)

// States lists every state in lifecycle order.
var States = []State{Draft, Review, Published, Retired}

// Valid reports whether s is a known state.
func (s State) Valid() bool { return slices.Contains(States, s) }

// Audience is who may read a published article.
type Audience string

const (
	// ForRequesters: everyone signed in, requesters included.
	ForRequesters Audience = "requesters"
	// StaffOnly: agents, managers and admins; a requester never sees it, on the desk nor
	// through the server.
	StaffOnly Audience = "staff"
)

// Valid reports whether a is a known audience.
func (a Audience) Valid() bool { return a == ForRequesters || a == StaffOnly }

// Article is a knowledge article as the desk stores it.
type Article struct {
	ID             string   `gorm:"column:id;primaryKey" json:"id"`
	Number         string   `gorm:"column:number" json:"number"`
	Type           string   `gorm:"column:type" json:"type"`
	Title          string   `gorm:"column:title" json:"title"`
	Body           string   `gorm:"column:body" json:"body"`
	Category       string   `gorm:"column:category" json:"category"`
	Audience       Audience `gorm:"column:audience" json:"audience"`
	OwnerID        string   `gorm:"column:owner_id" json:"ownerId"`
	ReviewAt       *int64   `gorm:"column:review_at" json:"reviewAt"`
	State          State    `gorm:"column:state" json:"state"`
	SourceTicketID *string  `gorm:"column:source_ticket_id" json:"sourceTicketId"`
	CreatedBy      string   `gorm:"column:created_by" json:"createdBy"`
	CreatedAt      int64    `gorm:"column:created_at" json:"createdAt"`
	UpdatedAt      int64    `gorm:"column:updated_at" json:"updatedAt"`
}

// TableName is the articles table.
func (Article) TableName() string { return "articles" }

// allowed is the lifecycle: a draft goes to review; a review is published or sent back; a
// published article is retired, or taken back to draft for a rewrite; a retired one may be
// revived as a draft.
var allowed = map[State][]State{
	Draft:     {Review},
	Review:    {Draft, Published},
	Published: {Draft, Retired},
	Retired:   {Draft},
}

// Next lists the states reachable from s.
func Next(s State) []State { return allowed[s] }

// limits are the article's text limits in characters, by field name.
var limits = map[string]int{"title": 200, "body": 100_000, "category": 100}

// Limits returns the text limits for the forms, keyed "article.<field>".
func Limits() map[string]int {
	out := map[string]int{}
	for k, v := range limits {
		out["article."+k] = v
	}
	return out
}

// CanSee reports whether actor may read a: staff read every article; anyone else only a
// published article for requesters.
func CanSee(actor people.Actor, a *Article) bool {
	if actor.IsStaff() {
		return true
	}
	return a.Audience == ForRequesters && a.State == Published
}

// CheckText validates the texts and choices of an article as a whole.
func CheckText(a *Article) error {
	v := &fault.Validation{}
	if strings.TrimSpace(a.Title) == "" {
		v.Add("title", "a title is required")
	}
	v.Limit("title", "a title", a.Title, limits["title"])
	v.Limit("body", "an article body", a.Body, limits["body"])
	v.Limit("category", "a category", a.Category, limits["category"])
	if !a.Audience.Valid() {
		v.Add("audience", "audience must be requesters or staff")
	}
	if a.ReviewAt != nil && *a.ReviewAt <= 0 {
		v.Add("reviewAt", "a review date must be a date")
	}
	return v.Err()
}

// CheckNew refuses a new article: staff write articles, which start as drafts.
func CheckNew(actor people.Actor, a *Article) error {
	if err := actor.Require(people.Agent, "write an article"); err != nil {
		return err
	}
	if a.State != Draft {
		return fmt.Errorf("a new article is a draft, not %s: %w", a.State, fault.ErrInvalidTransition)
	}
	if a.Type != NumberKind {
		return fault.Field("type", "an article's type is %s", NumberKind)
	}
	if a.OwnerID == "" {
		return fault.Field("ownerId", "an article needs an owner")
	}
	return CheckText(a)
}

// editable are the fields an edit may set (audience is chosen once: who has read an article
// cannot be taken back, and the server scopes what it sends by it).
var editable = []string{"title", "body", "category", "ownerId", "reviewAt"}

// CheckEdit refuses an edit of field of a by actor: staff edit drafts and articles in
// review; a published article is edited by managers (what requesters read changes); a
// retired one is read-only until revived.
func CheckEdit(actor people.Actor, a *Article, field string) error {
	if err := actor.Require(people.Agent, "edit an article"); err != nil {
		return err
	}
	if !slices.Contains(editable, field) {
		return fault.Field(field, "%s of an article cannot be changed", field)
	}
	switch a.State {
	case Retired:
		return fmt.Errorf("%s is retired and can no longer be edited: %w", a.Number, fault.ErrInvalidTransition)
	case Published:
		return actor.Require(people.Manager, "edit a published article")
	}
	return nil
}

// CheckMove refuses moving a to to by actor: the state table first; then staff submit for
// review, withdraw and take back to draft, and managers (and admins) publish, retire and
// revive.
func CheckMove(actor people.Actor, a *Article, to State) error {
	if err := actor.Require(people.Agent, "move an article"); err != nil {
		return err
	}
	if !slices.Contains(allowed[a.State], to) {
		return fmt.Errorf("%s cannot go from %s to %s: %w", a.Number, a.State, to, fault.ErrInvalidTransition)
	}
	if to == Published || to == Retired || a.State == Retired {
		return actor.Require(people.Manager, "publish, retire or revive an article")
	}
	return nil
}

// CheckVote refuses a helpfulness vote by actor on a: a published article they can see,
// once per person.
func CheckVote(actor people.Actor, a *Article, voted bool) error {
	if actor.ID == "" {
		return fmt.Errorf("vote: %w", fault.ErrForbidden)
	}
	if !CanSee(actor, a) {
		return fmt.Errorf("article %s: %w", a.ID, fault.ErrNotFound)
	}
	if a.State != Published {
		return fmt.Errorf("only a published article is voted on: %w", fault.ErrInvalidTransition)
	}
	if voted {
		return fmt.Errorf("you have already voted on %s: %w", a.Number, fault.ErrConflict)
	}
	return nil
}

// CheckLink refuses linking a to a ticket by actor: staff link articles they can see (the
// ticket's visibility is the caller's to check).
func CheckLink(actor people.Actor, a *Article, linked bool) error {
	if err := actor.Require(people.Agent, "link an article to a ticket"); err != nil {
		return err
	}
	if a.State == Retired {
		return fmt.Errorf("%s is retired: %w", a.Number, fault.ErrInvalidTransition)
	}
	if linked {
		return fmt.Errorf("%s is already linked: %w", a.Number, fault.ErrConflict)
	}
	return nil
}

// Allowed is what an actor may do to an article now, as the rules decide it; the UI shows
// only these controls.
type Allowed struct {
	Next []State `json:"next"`
	Edit bool    `json:"edit"`
	Vote bool    `json:"vote"`
	Link bool    `json:"link"`
}

// AllowedFor answers what actor may do to a (voted: they voted on it already).
func AllowedFor(actor people.Actor, a *Article, voted bool) Allowed {
	out := Allowed{Next: []State{}}
	for _, s := range Next(a.State) {
		if CheckMove(actor, a, s) == nil {
			out.Next = append(out.Next, s)
		}
	}
	out.Edit = CheckEdit(actor, a, "body") == nil
	out.Vote = CheckVote(actor, a, voted) == nil
	out.Link = CheckLink(actor, a, false) == nil
	return out
}

// Prefix is the number prefix of a number kind ("" for anything but articles).
func Prefix(kind string) string {
	if kind == NumberKind {
		return "KB"
	}
	return ""
}

// FormatNumber renders the n-th article's number, e.g. KB0001001.
func FormatNumber(n int64) string { return fmt.Sprintf("KB%07d", n) }
