// Package notify tells people about changes that concern them: a ticket assigned to them or
// to their group, a requester's reply on their ticket, a note that mentions them, a change of a
// ticket they follow, a resolution reopened. The rules read the change log, so they run alike
// for a local write and for a change pulled from the server, on the desk where the change
// lands, and notify each person of a change once.
package notify

import (
	"encoding/json"
	"fmt"

	"outpost/domain/kind"
	"outpost/domain/ticket"
)

// Type is a kind of notification for people (SLA notifications keep their own kinds).
type Type string

const (
	Assigned Type = "assigned" // a ticket assigned to me
	Group    Type = "group"    // an unassigned ticket given to my group
	Reply    Type = "reply"    // a requester's reply on a ticket assigned to me
	Mention  Type = "mention"  // a note or reply that mentions me
	Followed Type = "followed" // a ticket I follow changed
	Reopened Type = "reopened" // a resolution I gave, or of my ticket, reopened
)

// Types are the types for people, in the order a change that concerns a person in several
// ways picks the one it tells them about (the most specific first).
var Types = []Type{Assigned, Reopened, Reply, Mention, Group, Followed}

// SLA is the filter name covering the SLA sweep's kinds (sla_warning, sla_breach,
// sla_escalation).
const SLA = "sla"

// Valid reports whether t is a type for people.
func (t Type) Valid() bool {
	for _, x := range Types {
		if x == t {
			return true
		}
	}
	return false
}

// Change is one change-log row as the rules read it.
type Change struct {
	ID       string
	Entity   string
	RecordID string
	Op       string
	Field    string
	Value    json.RawMessage
	AuthorID string
}

// Ticket is what the rules read of the ticket a change concerns, as it stands now.
type Ticket struct {
	ID, Number, Title      string
	RequesterID, CreatedBy string
	AssigneeID, GroupID    string
	State                  string
}

// Facts are what the rules read beyond the change and its ticket: the desk answers them from
// its tables (Catchup), a test from a literal.
type Facts struct {
	// Local are the people who use this desk; nobody else is notified here.
	Local map[string]bool
	// People is the directory (for mentions and roles).
	People map[string]Person
	// Members are the active agents of each group.
	Members map[string][]string
	// Followers are who follows each ticket.
	Followers map[string][]string
	// Resolver is who made the resolution a reopen undoes ("" when unknown).
	Resolver string
	// Off reports whether a person switched a type off.
	Off func(user string, t Type) bool
}

// Note is one notification a change gives.
type Note struct {
	UserID string
	Type   Type
}

// Derive returns who a change notifies, and of what: at most one note per person (the most
// specific type the person has on), only local people, never the change's author.
func Derive(ch Change, t *Ticket, f Facts) []Note {
	if t == nil {
		return nil
	}
	want := map[string][]Type{}
	var order []string
	add := func(typ Type, users ...string) {
		for _, u := range users {
			if u == "" || u == ch.AuthorID || !f.Local[u] {
				continue
			}
			if p, ok := f.People[u]; ok && !p.Active {
				continue
			}
			if _, ok := want[u]; !ok {
				order = append(order, u)
			}
			want[u] = append(want[u], typ)
		}
	}
	staff := func(u string) bool { p, ok := f.People[u]; return ok && p.Role != "requester" }
	switch ch.Entity {
	case ticket.EntityTicket:
		switch ch.Op {
		case "create":
			var doc map[string]json.RawMessage
			_ = json.Unmarshal(ch.Value, &doc)
			assignee, _ := kind.JSONString(doc["assigneeId"])
			group, _ := kind.JSONString(doc["groupId"])
			if assignee != "" {
				add(Assigned, assignee)
			} else if group != "" {
				add(Group, f.Members[group]...)
			}
		case "set":
			v, _ := kind.JSONString(ch.Value)
			switch ch.Field {
			case "assigneeId":
				add(Assigned, v)
			case "groupId":
				if v != "" && t.AssigneeID == "" && t.GroupID == v {
					add(Group, f.Members[v]...)
				}
			}
			add(Followed, f.Followers[t.ID]...)
		case "transition":
			var m ticket.TransitionValue
			_ = json.Unmarshal(ch.Value, &m)
			if m.From == ticket.Resolved && m.To == ticket.InProgress {
				add(Reopened, t.AssigneeID, f.Resolver)
			}
			add(Followed, f.Followers[t.ID]...)
		default:
			add(Followed, f.Followers[t.ID]...)
		}
	case ticket.EntityComment:
		var c struct {
			Kind     string `json:"kind"`
			Body     string `json:"body"`
			AuthorID string `json:"authorId"`
		}
		_ = json.Unmarshal(ch.Value, &c)
		public := c.Kind == ticket.KindReply
		// who may read the comment: staff, and the ticket's requester for a reply
		sees := func(u string) bool {
			return staff(u) || (public && (u == t.RequesterID || u == t.CreatedBy))
		}
		if public && c.AuthorID == t.RequesterID {
			add(Reply, t.AssigneeID)
		}
		var mentioned []string
		for _, u := range Resolve(ParseMentions(c.Body), directory(f.People)) {
			if sees(u) {
				mentioned = append(mentioned, u)
			}
		}
		add(Mention, mentioned...)
		var followers []string
		for _, u := range f.Followers[t.ID] {
			if sees(u) {
				followers = append(followers, u)
			}
		}
		add(Followed, followers...)
	}
	var out []Note
	for _, u := range order {
		types := want[u]
		best := Type("")
		for _, typ := range Types {
			if best != "" {
				break
			}
			for _, x := range types {
				if x == typ && (f.Off == nil || !f.Off(u, typ)) {
					best = typ
					break
				}
			}
		}
		if best != "" {
			out = append(out, Note{UserID: u, Type: best})
		}
	}
	return out
}

func directory(m map[string]Person) []Person {
	out := make([]Person, 0, len(m))
	for _, p := range m {
		out = append(out, p)
	}
	return out
}

// Message is a notification's text: what happened, to which ticket, by whom.
func Message(typ Type, t *Ticket, author string) string {
	if author == "" {
		author = "someone"
	}
	switch typ {
	case Assigned:
		return fmt.Sprintf("%s assigned %s to you: %s", author, t.Number, t.Title)
	case Group:
		return fmt.Sprintf("%s gave %s to your group, unassigned: %s", author, t.Number, t.Title)
	case Reply:
		return fmt.Sprintf("%s replied on %s: %s", author, t.Number, t.Title)
	case Mention:
		return fmt.Sprintf("%s mentioned you on %s: %s", author, t.Number, t.Title)
	case Reopened:
		return fmt.Sprintf("%s reopened %s: %s", author, t.Number, t.Title)
	default:
		return fmt.Sprintf("%s changed %s, which you follow: %s", author, t.Number, t.Title)
	}
}
