package knowledge

import (
	"context"
	"strings"
	"unicode"

	"outpost/domain/people"
)

// Hit is an article in a list or a search: its summary, a snippet of its body (matches
// between \x02 and \x03, which the UI shows as marks; the text is never HTML, only ever
// shown as text) and its votes.
type Hit struct {
	ID         string   `json:"id"`
	Number     string   `json:"number"`
	Title      string   `json:"title"`
	Category   string   `json:"category"`
	Audience   Audience `json:"audience"`
	State      State    `json:"state"`
	UpdatedAt  int64    `json:"updatedAt"`
	Snippet    string   `json:"snippet"`
	Helpful    int64    `json:"helpful"`
	NotHelpful int64    `json:"notHelpful"`
}

const hitColumns = `a.id, a.number, a.title, a.category, a.audience, a.state, a.updated_at,
	(SELECT COUNT(DISTINCT user_id) FROM article_votes v WHERE v.article_id = a.id AND v.helpful = 1) AS helpful,
	(SELECT COUNT(DISTINCT user_id) FROM article_votes v WHERE v.article_id = a.id AND v.helpful = 0) AS not_helpful`

// Query is a search or a browse of the articles.
type Query struct {
	Text     string `json:"text"`
	State    State  `json:"state"`
	Category string `json:"category"`
	Limit    int    `json:"limit"`
}

// candidates is how many best matches by text are ranked again with their votes: enough
// that a helpful article far down by text alone still rises, few enough to stay fast. A
// suggestion shows a handful, so it ranks fewer.
const (
	candidates        = 200
	suggestCandidates = 60
)

// Search finds the articles actor may see: by relevance (bm25, the title weighing most)
// combined with helpfulness when there is text, else the most recently changed first.
func (s *Service) Search(ctx context.Context, actor people.Actor, q Query) ([]Hit, error) {
	return s.search(ctx, actor, q, matchAll(q.Text), words(q.Text), candidates)
}

// Suggest finds published articles actor may see that match what they are writing (a new
// ticket's title and description): any of its words counts, the best matches first.
func (s *Service) Suggest(ctx context.Context, actor people.Actor, text string, limit int) ([]Hit, error) {
	m := matchAny(text)
	if m == "" {
		return []Hit{}, nil
	}
	return s.search(ctx, actor, Query{State: Published, Limit: limit}, m, words(text), suggestCandidates)
}

func (s *Service) search(ctx context.Context, actor people.Actor, q Query, match string, terms []string, ranked int) ([]Hit, error) {
	if q.Limit <= 0 || q.Limit > 200 {
		q.Limit = 50
	}
	where, args := []string{"1 = 1"}, []any{}
	if !actor.IsStaff() {
		where = append(where, "a.state = 'published'", "a.audience = 'requesters'")
	}
	if q.State != "" {
		where, args = append(where, "a.state = ?"), append(args, string(q.State))
	}
	if c := strings.TrimSpace(q.Category); c != "" {
		where, args = append(where, "a.category = ?"), append(args, c)
	}
	db := s.DB.WithContext(ctx)
	out := []Hit{}
	if match == "" {
		if strings.TrimSpace(q.Text) != "" {
			return out, nil // only punctuation: nothing to find
		}
		err := db.Raw(`SELECT `+hitColumns+`, substr(a.body, 1, 200) AS snippet FROM articles a
			WHERE `+strings.Join(where, " AND ")+` ORDER BY a.updated_at DESC, a.id LIMIT ?`, append(args, q.Limit)...).Scan(&out).Error
		return plainOpenings(out), err
	}
	// Match in the index alone first (FTS5 joined with other filters in one WHERE is slow),
	// then filter, then rank the survivors by text and votes: a helpful article's score is
	// raised by up to half, an unhelpful one's lowered as much.
	rows, err := db.Raw(`WITH m AS MATERIALIZED (
		  SELECT rowid AS rid, bm25(articles_fts, 8.0, 1.0, 2.0) AS score FROM articles_fts
		  WHERE articles_fts MATCH ? ORDER BY score LIMIT `+itoa(ranked)+`),
		h AS MATERIALIZED (SELECT m.rid, m.score, `+hitColumns+` FROM m CROSS JOIN articles a ON a.rowid = m.rid
		  WHERE `+strings.Join(where, " AND ")+`)
		SELECT rid, id, number, title, category, audience, state, updated_at, helpful, not_helpful FROM h
		ORDER BY score * (1.0 + 0.5 * (helpful - not_helpful) / (helpful + not_helpful + 2.0)), rid LIMIT ?`,
		append(append([]any{match}, args...), q.Limit)...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var h Hit
		var rid int64
		if err := rows.Scan(&rid, &h.ID, &h.Number, &h.Title, &h.Category, &h.Audience, &h.State, &h.UpdatedAt, &h.Helpful, &h.NotHelpful); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, s.snippets(ctx, terms, out)
}

// snippets fills in the snippets of the hits shown, from their bodies: a window of words
// around the first that matches the search, matches marked. A second FTS5 query for
// snippet() would set up the whole match again, a third of a search's time.
func (s *Service) snippets(ctx context.Context, terms []string, hits []Hit) error {
	if len(hits) == 0 {
		return nil
	}
	ids := make([]any, len(hits))
	marks := make([]string, len(hits))
	at := map[string]int{}
	for i, h := range hits {
		ids[i], marks[i], at[h.ID] = h.ID, "?", i
	}
	rows, err := s.DB.WithContext(ctx).Raw(`SELECT id, body FROM articles WHERE id IN (`+strings.Join(marks, ", ")+`)`, ids...).Rows()
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id, body string
		if err := rows.Scan(&id, &body); err != nil {
			return err
		}
		hits[at[id]].Snippet = snippetOf(body, terms)
	}
	return rows.Err()
}

// plainOpenings turns the hits' snippets, read as the first bytes of their bodies, into the
// opening words without markdown marks (a list shows text, never "##" or "**").
func plainOpenings(hits []Hit) []Hit {
	for i := range hits {
		hits[i].Snippet = snippetOf(hits[i].Snippet, nil)
	}
	return hits
}

// snippetWords is how many words a snippet shows.
const snippetWords = 24

// snippetOf cuts a snippet of body around its first word matching one of terms, each match
// between \x02 and \x03. A word matches a term when it starts with the term less a short
// ending (the search stems words: "jams" finds "jammed"), as a reader would see it.
func snippetOf(body string, terms []string) string {
	stems := make([]string, 0, len(terms))
	for _, t := range terms {
		stems = append(stems, t[:max(min(len(t), 3), len(t)-2)])
	}
	type span struct{ from, to int }
	var spans []span
	first := -1
	inWord, from := false, 0
	matches := func(w string) bool {
		w = strings.ToLower(w)
		for _, st := range stems {
			if strings.HasPrefix(w, st) {
				return true
			}
		}
		return false
	}
	var hit []bool
	for i, r := range body + " " {
		word := unicode.IsLetter(r) || unicode.IsDigit(r)
		if word && !inWord {
			inWord, from = true, i
		} else if !word && inWord {
			inWord = false
			spans = append(spans, span{from, i})
			m := matches(body[from:i])
			hit = append(hit, m)
			if m && first < 0 {
				first = len(spans) - 1
			}
		}
	}
	if len(spans) == 0 {
		return ""
	}
	lo := max(0, first-snippetWords/3)
	if first < 0 {
		lo = 0
	}
	hi := min(len(spans), lo+snippetWords)
	var b strings.Builder
	if lo > 0 {
		b.WriteString("…")
	}
	pos := spans[lo].from
	for i := lo; i < hi; i++ {
		b.WriteString(flat(body[pos:spans[i].from]))
		if hit[i] {
			b.WriteString("\x02" + body[spans[i].from:spans[i].to] + "\x03")
		} else {
			b.WriteString(body[spans[i].from:spans[i].to])
		}
		pos = spans[i].to
	}
	if hi < len(spans) {
		b.WriteString("…")
	}
	return b.String()
}

// flat is the text between two words on one line, with the markdown marks left out.
func flat(s string) string {
	if strings.ContainsAny(s, "\n\r\t#*_`>|[]()") {
		s = strings.Map(func(r rune) rune {
			switch r {
			case '\n', '\r', '\t':
				return ' '
			case '#', '*', '_', '`', '>', '|', '[', ']', '(', ')':
				return -1
			}
			return r
		}, s)
		if strings.TrimSpace(s) == "" {
			return " "
		}
		for strings.Contains(s, "  ") {
			s = strings.ReplaceAll(s, "  ", " ")
		}
	}
	return s
}

func itoa(n int) string {
	var b [20]byte
	i := len(b)
	for {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			return string(b[i:])
		}
	}
}

// words splits text into the lowercase words search knows (letters and digits); FTS5
// syntax in what a person types is never passed on, each word is quoted.
func words(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		if !seen[w] {
			seen[w] = true
			out = append(out, w)
		}
	}
	return out
}

// matchAll is an FTS5 query finding every word of text, the last one as a prefix (it may
// still be being typed); "" when text has no word.
func matchAll(text string) string {
	ws := words(text)
	q := make([]string, len(ws))
	for i, w := range ws {
		q[i] = `"` + w + `"`
	}
	if n := len(q); n > 0 && !strings.HasSuffix(text, " ") {
		q[n-1] += "*"
	}
	return strings.Join(q, " ")
}

// stop are words too common in a ticket to suggest an article by.
var stop = map[string]bool{"the": true, "and": true, "for": true, "not": true, "with": true, "but": true, "you": true,
	"this": true, "that": true, "have": true, "has": true, "was": true, "are": true, "can": true, "cannot": true,
	"from": true, "when": true, "what": true, "how": true, "why": true, "any": true, "all": true, "our": true,
	"its": true, "into": true, "does": true, "doesn": true, "don": true, "won": true, "isn": true, "please": true,
	"help": true, "hello": true, "thanks": true, "get": true, "got": true}

// maxSuggestWords bounds a suggestion's query: the first words of a title and description
// say what it is about, and each word is one more index lookup.
const maxSuggestWords = 16

// matchAny is an FTS5 query finding any meaningful word of text (the last as a prefix).
func matchAny(text string) string {
	var q []string
	for _, w := range words(text) {
		if len(w) < 3 || stop[w] {
			continue
		}
		q = append(q, `"`+w+`"`)
		if len(q) == maxSuggestWords {
			break
		}
	}
	if n := len(q); n > 0 && !strings.HasSuffix(text, " ") && strings.HasSuffix(strings.ToLower(text), strings.Trim(q[n-1], `"`)) {
		q[n-1] += "*"
	}
	return strings.Join(q, " OR ")
}
