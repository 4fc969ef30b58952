package ticket

import (
	"strconv"
	"strings"
	"unicode"
)

// Terms is what a person typed in the search box, parsed: words every ticket found must match,
// quoted phrases, excluded words and field filters. ParseSearch never fails: what it cannot
// read as syntax it searches as words.
type Terms struct {
	// Words must each be found, in the ticket's text, its requester's or assignee's name, its
	// category or subcategory, or (digits only) its number without prefix and zeros.
	Words []string
	// Phrases must each be found, words in that order, in the ticket's text.
	Phrases []string
	// Not are words and phrases the ticket's text must not hold.
	Not []string
	// Prefix marks the last word as a prefix, so results come while typing.
	Prefix bool

	Assignees  []string // "me" or name words; any of them
	Requesters []string // name words; any of them
	Groups     []string // group name prefixes; any of them
	Categories []string // category or subcategory prefixes; any of them
	States     []string // states ("open" expanded); any of them
	Priorities []int
	Types      []string
}

// Empty reports whether the terms select nothing beyond the queue.
func (t Terms) Empty() bool {
	return len(t.Words) == 0 && len(t.Phrases) == 0 && len(t.Not) == 0 && !t.Filtered()
}

// Filtered reports whether any field filter is set.
func (t Terms) Filtered() bool {
	return len(t.Assignees)+len(t.Requesters)+len(t.Groups)+len(t.Categories)+len(t.States)+
		len(t.Priorities)+len(t.Types) > 0
}

// maxTerms bounds how much one search can ask of the index.
const maxTerms = 16

// ParseSearch parses a search: `monitor -printer "blue screen" assignee:me state:open`.
// Prefixes: assignee:(me|name), requester:name, state:(open|<state>), group:name,
// priority:1-5, type:(incident|request), category:name; a value may be quoted
// (`assignee:"ann lee"`). An unknown prefix or a value that does not fit is searched as words;
// an unclosed quote runs to the end.
func ParseSearch(text string) Terms {
	var t Terms
	s := []rune(text)
	endsInWord := len(s) > 0 && isWordRune(s[len(s)-1])
	i := 0
	for i < len(s) && len(t.Words)+len(t.Phrases)+len(t.Not) < maxTerms {
		if unicode.IsSpace(s[i]) {
			i++
			continue
		}
		t.Prefix = false
		neg := false
		if s[i] == '-' && i+1 < len(s) && (s[i+1] == '"' || isWordRune(s[i+1])) {
			neg, i = true, i+1
		}
		if s[i] == '"' {
			var phrase string
			phrase, i = quoted(s, i)
			if ws := words(phrase); len(ws) > 0 {
				p := strings.Join(ws, " ")
				if neg {
					t.Not = append(t.Not, p)
				} else {
					t.Phrases = append(t.Phrases, p)
				}
			}
			continue
		}
		start := i
		for i < len(s) && !unicode.IsSpace(s[i]) && s[i] != '"' {
			i++
		}
		tok := string(s[start:i])
		if !neg {
			if key, val, ok := strings.Cut(tok, ":"); ok && knownPrefix[strings.ToLower(key)] {
				if val == "" && i < len(s) && s[i] == '"' {
					val, i = quoted(s, i)
				}
				if t.filter(strings.ToLower(key), strings.TrimSpace(val)) {
					continue
				}
			}
		}
		ws := words(tok)
		if neg {
			t.Not = append(t.Not, ws...)
			continue
		}
		t.Words = append(t.Words, ws...)
		// A word still being typed: only when the text ends in it.
		t.Prefix = len(ws) > 0 && i == len(s) && endsInWord
	}
	return t
}

var knownPrefix = map[string]bool{"assignee": true, "requester": true, "state": true, "group": true,
	"priority": true, "type": true, "category": true}

// filter records one field filter; false when the value does not fit the field.
func (t *Terms) filter(key, val string) bool {
	name := strings.Join(words(val), " ")
	switch key {
	case "assignee":
		if strings.EqualFold(name, "me") {
			name = "me"
		}
		if name == "" {
			return false
		}
		t.Assignees = append(t.Assignees, name)
	case "requester":
		if name == "" {
			return false
		}
		t.Requesters = append(t.Requesters, name)
	case "group":
		if name == "" {
			return false
		}
		t.Groups = append(t.Groups, strings.TrimSpace(val))
	case "category":
		if name == "" {
			return false
		}
		t.Categories = append(t.Categories, strings.TrimSpace(val))
	case "state":
		v := strings.ToLower(strings.ReplaceAll(val, "-", "_"))
		switch {
		case v == "open":
			t.States = append(t.States, string(New), string(InProgress), string(OnHold))
		case v == "hold":
			t.States = append(t.States, string(OnHold))
		case State(v).Valid():
			t.States = append(t.States, v)
		default:
			return false
		}
	case "priority":
		p, err := strconv.Atoi(strings.TrimPrefix(strings.ToLower(val), "p"))
		if err != nil || p < 1 || p > 5 {
			return false
		}
		t.Priorities = append(t.Priorities, p)
	case "type":
		switch strings.ToLower(val) {
		case "incident", "inc":
			t.Types = append(t.Types, string(Incident))
		case "request", "req":
			t.Types = append(t.Types, string(Request))
		default:
			return false
		}
	default:
		return false
	}
	return true
}

// quoted reads a quoted string starting at s[i] == '"'; an unclosed quote runs to the end.
func quoted(s []rune, i int) (string, int) {
	end := i + 1
	for end < len(s) && s[end] != '"' {
		end++
	}
	out := string(s[i+1 : end])
	if end < len(s) {
		end++
	}
	return out, end
}

// words splits text into searchable words: letters and digits, with _ - . @ kept inside a word
// (wi-fi, 0x80070005, ann.lee@example.com) and trimmed from its ends.
func words(text string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !isWordRune(r) && !strings.ContainsRune("_-.@", r) }) {
		if w = strings.Trim(w, "_-.@"); w != "" {
			out = append(out, w)
		}
	}
	return out
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// numberDigits returns the numbers a word of digits stands for ("1190": INC0001190 and
// REQ0001190), or nil when it is not one.
func numberDigits(w string) []string {
	if len(w) == 0 || len(w) > 7 {
		return nil
	}
	for _, r := range w {
		if r < '0' || r > '9' {
			return nil
		}
	}
	n, _ := strconv.ParseInt(w, 10, 64)
	if n == 0 {
		return nil
	}
	return []string{FormatNumber(Incident, n), FormatNumber(Request, n)}
}

// ftsString quotes text as one FTS5 string, so operators and punctuation in it are literal.
func ftsString(text string) string { return `"` + strings.ReplaceAll(text, `"`, `""`) + `"` }
