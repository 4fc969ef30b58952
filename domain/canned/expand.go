package canned

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/ticket"
)

// Variable is one {{name}} a canned reply may hold.
type Variable struct {
	Name        string `json:"name"`
	Description string `json:"description"`
}

// Known are the variables a canned reply may use, in the order the help lists them.
var Known = []Variable{
	{"requester.name", "the requester's name"},
	{"requester.email", "the requester's email address"},
	{"ticket.number", "the ticket's number (INC…, REQ…)"},
	{"ticket.title", "the ticket's title"},
	{"ticket.category", "the ticket's category"},
	{"group.name", "the ticket's assignment group"},
	{"agent.name", "your name: whoever inserts the reply"},
	{"agent.email", "your email address"},
}

func known(name string) bool {
	for _, v := range Known {
		if v.Name == name {
			return true
		}
	}
	return false
}

// ref is one {{…}} in a text: its name as written (trimmed) and where it sits.
type ref struct {
	name       string
	start, end int // byte offsets of "{{" and just past "}}"
}

// parse finds the {{…}} of text. A "{{" with no "}}" after it is an error: a reply is never
// inserted with a variable half written.
func parse(text string) ([]ref, error) {
	var out []ref
	for i := 0; ; {
		open := strings.Index(text[i:], "{{")
		if open < 0 {
			return out, nil
		}
		open += i
		end := strings.Index(text[open+2:], "}}")
		if end < 0 {
			return nil, fault.Field("body", "a {{ at character %d is never closed with }}", utf8.RuneCountInString(text[:open])+1)
		}
		end += open + 2
		out = append(out, ref{name: strings.TrimSpace(text[open+2 : end]), start: open, end: end + 2})
		i = end + 2
	}
}

// shown is a variable's name as an error quotes it: cut, so a long stray text stays readable.
func shown(name string) string {
	if utf8.RuneCountInString(name) > 40 {
		r := []rune(name)
		name = string(r[:40]) + "…"
	}
	return "{{" + name + "}}"
}

// Variables lists the variables text uses, each once, in order of first use. A variable no
// desk knows is an error naming every such one.
func Variables(text string) ([]string, error) {
	refs, err := parse(text)
	if err != nil {
		return nil, err
	}
	var names, unknown []string
	seen := map[string]bool{}
	for _, r := range refs {
		if seen[r.name] {
			continue
		}
		seen[r.name] = true
		if known(r.name) {
			names = append(names, r.name)
		} else {
			unknown = append(unknown, shown(r.name))
		}
	}
	if len(unknown) > 0 {
		return nil, fault.Field("body", "unknown variable %s (known: %s)", strings.Join(unknown, ", "), knownList())
	}
	return names, nil
}

func knownList() string {
	names := make([]string, len(Known))
	for i, v := range Known {
		names[i] = v.Name
	}
	return strings.Join(names, ", ")
}

// Expand fills text's variables from values. It is the one place a canned reply becomes text:
// an unknown variable, or a known one with no value here (a ticket with no group for
// {{group.name}}), is an error naming them all, never a gap left silently; and a result over
// maxBytes (what a comment holds) is refused rather than cut. The error's field is "body".
func Expand(text string, values map[string]string, maxBytes int) (string, error) {
	refs, err := parse(text)
	if err != nil {
		return "", err
	}
	if _, err := Variables(text); err != nil {
		return "", err
	}
	var missing []string
	seen := map[string]bool{}
	for _, r := range refs {
		if values[r.name] == "" && !seen[r.name] {
			seen[r.name] = true
			missing = append(missing, shown(r.name))
		}
	}
	if len(missing) > 0 {
		return "", fault.Field("body", "no value here for %s", strings.Join(missing, ", "))
	}
	var b strings.Builder
	last := 0
	for _, r := range refs {
		b.WriteString(text[last:r.start])
		b.WriteString(values[r.name])
		last = r.end
		if b.Len() > maxBytes {
			break
		}
	}
	b.WriteString(text[last:])
	if b.Len() > maxBytes {
		return "", fault.Field("body", "the reply would take %s; a comment holds at most %s", bytesText(b.Len()), bytesText(maxBytes))
	}
	return b.String(), nil
}

func bytesText(n int) string {
	if n >= 10_000 {
		return fmt.Sprintf("%d KB", n/1000)
	}
	return fmt.Sprintf("%d bytes", n)
}

// Values are the variables' values for a reply on t, inserted by agent. requester and group
// are t's (nil when it has none); a variable without a value is left out, so Expand names it.
func Values(t *ticket.Ticket, requester *people.User, group *people.Group, agent *people.User) map[string]string {
	v := map[string]string{}
	put := func(name, value string) {
		if value = strings.TrimSpace(value); value != "" {
			v[name] = value
		}
	}
	if t != nil {
		put("ticket.number", t.Number)
		put("ticket.title", t.Title)
		put("ticket.category", t.Category)
	}
	if requester != nil {
		put("requester.name", requester.Name)
		put("requester.email", requester.Email)
	}
	if group != nil {
		put("group.name", group.Name)
	}
	if agent != nil {
		put("agent.name", agent.Name)
		put("agent.email", agent.Email)
	}
	return v
}
