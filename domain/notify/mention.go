package notify

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// How a mention names a person. In a note or a reply, "@" starts a mention when it begins the
// text or follows a character that is neither a letter, a digit nor one of "._-+" (so the "@" of
// bob@example.com in running text is no mention). What follows is either
//   - a handle: letters, digits and "._-+", optionally followed by "@domain" (a whole email
//     address); sentence punctuation at its end ("@ann." "@ann-") is not part of it; or
//   - a quoted display name: @"Ann Agent" (up to the next quote on the same line).
//
// Text in code (`inline` or a fenced ``` block) mentions nobody.
//
// A mention resolves to a person (Resolve), tried in this order, the first that matches
// exactly one active person winning: the whole email address; the part of the email before
// the "@" (the login); the display name with its spaces as dots ("ann.agent" for "Ann
// Agent"); the display name itself (quoted form). All case-insensitively. A mention that
// matches several people at its best level is ambiguous and notifies nobody: guessing would
// tell the wrong person.

// ParseMentions returns the mentions in body, lowercased, each once, in order of first use.
func ParseMentions(body string) []string {
	var out []string
	seen := map[string]bool{}
	add := func(m string) {
		m = strings.ToLower(strings.TrimSpace(m))
		if m != "" && !seen[m] {
			seen[m] = true
			out = append(out, m)
		}
	}
	for _, chunk := range outsideCode(body) {
		for i := 0; i < len(chunk); {
			if chunk[i] != '@' {
				i++
				continue
			}
			if i > 0 {
				prev, _ := utf8.DecodeLastRuneInString(chunk[:i])
				if handleRune(prev) || prev == '@' {
					i++
					continue
				}
			}
			rest := chunk[i+1:]
			if strings.HasPrefix(rest, `"`) {
				end := strings.IndexAny(rest[1:], "\"\n")
				if end > 0 && rest[1+end] == '"' {
					add(strings.Join(strings.Fields(rest[1:1+end]), " "))
					i += 2 + end + 1
					continue
				}
				i++
				continue
			}
			h := takeHandle(rest)
			if h == "" {
				i++
				continue
			}
			n := len(h)
			// an email address: handle@domain with a dot in the domain
			if strings.HasPrefix(rest[n:], "@") {
				if d := takeHandle(rest[n+1:]); strings.Contains(d, ".") {
					h, n = h+"@"+d, n+1+len(d)
				}
			}
			add(h)
			i += 1 + n
		}
	}
	return out
}

// handleRune reports whether r may be part of a handle.
func handleRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '_' || r == '-' || r == '+'
}

// takeHandle returns the handle at the start of s, without trailing punctuation.
func takeHandle(s string) string {
	end := 0
	for end < len(s) {
		r, size := utf8.DecodeRuneInString(s[end:])
		if !handleRune(r) {
			break
		}
		end += size
	}
	return strings.TrimRight(s[:end], ".-_+")
}

// outsideCode returns the parts of a markdown text outside code spans and fenced blocks.
func outsideCode(s string) []string {
	var out []string
	var cur strings.Builder
	fenced := false
	for _, line := range strings.SplitAfter(s, "\n") {
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fenced = !fenced
			out = append(out, cur.String())
			cur.Reset()
			continue
		}
		if fenced {
			continue
		}
		// inline code: text between backtick runs of the same length
		for line != "" {
			i := strings.IndexByte(line, '`')
			if i < 0 {
				cur.WriteString(line)
				break
			}
			cur.WriteString(line[:i])
			n := 0
			for i+n < len(line) && line[i+n] == '`' {
				n++
			}
			tick := strings.Repeat("`", n)
			end := strings.Index(line[i+n:], tick)
			if end < 0 { // an unclosed backtick is text
				cur.WriteString(line[i : i+n])
				line = line[i+n:]
				continue
			}
			out = append(out, cur.String())
			cur.Reset()
			line = line[i+n+end+n:]
		}
	}
	return append(out, cur.String())
}

// Person is who a mention may name.
type Person struct {
	ID     string
	Name   string
	Email  string
	Role   string
	Active bool
}

// Handle is the name a person is mentioned by: their login (the email before the "@") when
// it names them alone among people, else their whole email address.
func Handle(p Person, everyone []Person) string {
	login := loginOf(p.Email)
	for _, o := range everyone {
		if o.ID != p.ID && o.Active && loginOf(o.Email) == login {
			return strings.ToLower(p.Email)
		}
	}
	return login
}

func loginOf(email string) string {
	email = strings.ToLower(email)
	if at := strings.LastIndexByte(email, '@'); at >= 0 {
		return email[:at]
	}
	return email
}

func nameHandle(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), "."))
}

// Resolve returns the ids of the active people mentions name (see the rules above), each
// once, in the order of mentions.
func Resolve(mentions []string, people []Person) []string {
	levels := []func(Person) string{
		func(p Person) string { return strings.ToLower(p.Email) },
		func(p Person) string { return loginOf(p.Email) },
		func(p Person) string { return nameHandle(p.Name) },
		func(p Person) string { return strings.ToLower(strings.Join(strings.Fields(p.Name), " ")) },
	}
	var out []string
	seen := map[string]bool{}
	for _, m := range mentions {
		for _, key := range levels {
			var hit []string
			for _, p := range people {
				if p.Active && key(p) == m {
					hit = append(hit, p.ID)
				}
			}
			if len(hit) == 0 {
				continue
			}
			if len(hit) == 1 && !seen[hit[0]] {
				seen[hit[0]] = true
				out = append(out, hit[0])
			}
			break // matched at this level (once, or ambiguously): no looser guess
		}
	}
	return out
}
