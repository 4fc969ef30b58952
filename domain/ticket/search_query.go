package ticket

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"outpost/domain/people"
)

// Names are not in the search index: a word of a search is looked up in the users and
// categories when the search runs, and the ids it names are ORed into the query. Indexing them
// would make every rename, reassignment and pulled change rewrite search rows (a rename of
// someone with 10k tickets, 10k rows); the lookup costs one small query on two small tables.

// found is what the words of a search name outside the text of tickets.
type found struct {
	users map[int][]string // word index -> ids of users whose name has a word starting with it
	cats  map[int][]string // word index -> category names with a word starting with it
}

// side reports whether word i names something besides text; without a lookup (nil), every
// word is text only.
func (f *found) side(i int, w string) bool {
	return f != nil && (len(f.users[i]) > 0 || len(f.cats[i]) > 0 || numberDigits(w) != nil)
}

// lookup finds the users and categories the words of terms name, in one query.
func lookup(db *gorm.DB, terms Terms) (*found, error) {
	f := &found{users: map[int][]string{}, cats: map[int][]string{}}
	var vals []string
	var args []any
	for i, w := range terms.Words {
		// One letter names half the users; digits are numbers.
		if len([]rune(w)) < 2 || numberDigits(w) != nil {
			continue
		}
		vals = append(vals, "(?, ?)")
		args = append(args, i, "% "+likeEscape(w)+"%")
	}
	if len(vals) == 0 {
		return f, nil
	}
	v := strings.Join(vals, ", ")
	rows, err := db.Raw(`WITH w(i, p) AS (VALUES `+v+`)
		SELECT w.i, 'u', u.id FROM users u JOIN w ON ' ' || u.name LIKE w.p ESCAPE '\'
		UNION ALL SELECT w.i, 'c', c.name FROM categories c JOIN w ON ' ' || c.name LIKE w.p ESCAPE '\'`, args...).Rows()
	if err != nil {
		return nil, fmt.Errorf("search names: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var i int
		var kind, id string
		if err := rows.Scan(&i, &kind, &id); err != nil {
			return nil, err
		}
		if kind == "u" {
			f.users[i] = append(f.users[i], id)
		} else {
			f.cats[i] = append(f.cats[i], id)
		}
	}
	return f, rows.Err()
}

func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// searchCols are the columns an actor may search: requesters never search internal notes.
func searchCols(actor people.Actor) string {
	if actor.IsStaff() {
		return "{number title description replies notes}"
	}
	return "{number title description replies}"
}

// ftsWord is one word as an FTS5 string, a prefix when it is still being typed.
func (t Terms) ftsWord(i int) string {
	if t.Prefix && i == len(t.Words)-1 {
		return ftsString(t.Words[i]) + "*"
	}
	return ftsString(t.Words[i])
}

// textMatch is the MATCH expression of the words that can only be found in text, the phrases
// and the exclusions; "" when there is no positive term (FTS5's NOT needs one).
func (t Terms) textMatch(cols string, f *found) string {
	var pos []string
	for i, w := range t.Words {
		if !f.side(i, w) {
			pos = append(pos, t.ftsWord(i))
		}
	}
	for _, p := range t.Phrases {
		pos = append(pos, ftsString(p))
	}
	if len(pos) == 0 {
		return ""
	}
	expr := strings.Join(pos, " ")
	if len(t.Not) > 0 {
		expr = "(" + expr + ") NOT (" + t.notMatch() + ")"
	}
	return cols + " : (" + expr + ")"
}

func (t Terms) notMatch() string {
	var out []string
	for _, n := range t.Not {
		out = append(out, ftsString(n))
	}
	return strings.Join(out, " OR ")
}

// anyMatch is a MATCH expression that any positive term satisfies, for snippets.
func (t Terms) anyMatch(cols string) string {
	var pos []string
	for i := range t.Words {
		pos = append(pos, t.ftsWord(i))
	}
	for _, p := range t.Phrases {
		pos = append(pos, ftsString(p))
	}
	if len(pos) == 0 {
		return ""
	}
	return cols + " : (" + strings.Join(pos, " OR ") + ")"
}

// nameLike matches users (or groups) whose name has a word starting with each word of name.
func nameLike(col, name string) (string, []any) {
	var conds []string
	var args []any
	for _, w := range words(name) {
		conds = append(conds, "' ' || "+col+" LIKE ? ESCAPE '\\'")
		args = append(args, "% "+likeEscape(w)+"%")
	}
	if len(conds) == 0 {
		return "0", nil
	}
	return strings.Join(conds, " AND "), args
}

// sideConds are the ways word i is found besides text, as conditions on tickets t.
func sideConds(i int, w string, f *found) ([]string, []any) {
	var conds []string
	var args []any
	if ids := f.users[i]; len(ids) > 0 {
		conds = append(conds, "t.requester_id IN ?", "t.assignee_id IN ?")
		args = append(args, ids, ids)
	}
	if nums := numberDigits(w); nums != nil {
		conds = append(conds, "t.number IN ?")
		args = append(args, nums)
	}
	if cats := f.cats[i]; len(cats) > 0 {
		conds = append(conds, "t.category IN ?", "t.subcategory IN ?")
		args = append(args, cats, cats)
	}
	return conds, args
}

// searchWhere adds the conditions of a search to a queue's filter. The text MATCH runs alone
// in a subquery that SQLite evaluates once (joined with other filters in one WHERE, FTS5 is
// asked again per row and takes seconds); a word that also names a person, a category or a
// number is found either way, each word on its own.
func searchWhere(terms Terms, f *found, actor people.Actor, add func(string, ...any)) {
	cols := searchCols(actor)
	if m := terms.textMatch(cols, f); m != "" {
		add("t.rowid IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?)", m)
	} else if len(terms.Not) > 0 {
		add("t.rowid NOT IN (SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?)", cols+" : ("+terms.notMatch()+")")
	}
	first := true
	for i, w := range terms.Words {
		if !f.side(i, w) {
			continue
		}
		conds, args := sideConds(i, w, f)
		text := "SELECT rowid FROM tickets_fts WHERE tickets_fts MATCH ?"
		word := cols + " : (" + terms.ftsWord(i) + ")"
		if first && terms.textMatch(cols, f) == "" {
			// Nothing narrows the search yet: this word's tickets, found by index each way, are
			// the candidates.
			var union []string
			for _, c := range conds {
				union = append(union, "SELECT rowid FROM tickets t WHERE "+c)
			}
			add("t.rowid IN ("+text+" UNION "+strings.Join(union, " UNION ")+")", append([]any{word}, args...)...)
		} else {
			// Checked on the candidates; the word's matches are listed once (a MATCH per
			// candidate costs more than the whole list for all but a handful of them).
			add("("+strings.Join(conds, " OR ")+" OR t.rowid IN ("+text+"))", append(args, word)...)
		}
		first = false
	}
	var alts []string
	var altArgs []any
	for _, a := range terms.Assignees {
		if a == "me" {
			alts, altArgs = append(alts, "t.assignee_id = ?"), append(altArgs, actor.ID)
			continue
		}
		c, args := nameLike("name", a)
		alts, altArgs = append(alts, "t.assignee_id IN (SELECT id FROM users WHERE "+c+")"), append(altArgs, args...)
	}
	addAny(add, alts, altArgs)
	alts, altArgs = nil, nil
	for _, r := range terms.Requesters {
		c, args := nameLike("name", r)
		alts, altArgs = append(alts, "t.requester_id IN (SELECT id FROM users WHERE "+c+")"), append(altArgs, args...)
	}
	addAny(add, alts, altArgs)
	alts, altArgs = nil, nil
	for _, g := range terms.Groups {
		c, args := nameLike("name", g)
		alts, altArgs = append(alts, "t.group_id IN (SELECT id FROM assignment_groups WHERE "+c+")"), append(altArgs, args...)
	}
	addAny(add, alts, altArgs)
	alts, altArgs = nil, nil
	for _, c := range terms.Categories {
		cond, args := nameLike("name", c)
		sub := "(SELECT name FROM categories WHERE " + cond + ")"
		alts, altArgs = append(alts, "t.category IN "+sub, "t.subcategory IN "+sub), append(append(altArgs, args...), args...)
	}
	addAny(add, alts, altArgs)
	if len(terms.States) > 0 {
		add("t.state IN ?", terms.States)
	}
	if len(terms.Priorities) > 0 {
		add("t.priority IN ?", terms.Priorities)
	}
	if len(terms.Types) > 0 {
		add("t.type IN ?", terms.Types)
	}
}

func addAny(add func(string, ...any), conds []string, args []any) {
	if len(conds) > 0 {
		add("("+strings.Join(conds, " OR ")+")", args...)
	}
}

// Search runs a search for the palette: its best few hits with a highlighted snippet. The
// full result is a queue (Query.Search). Requesters search only their own tickets and never
// internal notes. Without filters, the words are first searched as text, ranked; only when
// that finds fewer than limit are names, categories and numbers looked up, and the newest of
// the other tickets they find fill the rest.
func (s *Service) Search(ctx context.Context, actor people.Actor, text string, limit int) ([]Hit, error) {
	terms := ParseSearch(text)
	if len(terms.Words) == 0 && len(terms.Phrases) == 0 && !terms.Filtered() {
		return []Hit{}, nil
	}
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	db := s.DB.WithContext(ctx)
	out := []Hit{}
	if !terms.Filtered() {
		query, args := rankedSQL(actor, terms.textMatch(searchCols(actor), nil), limit)
		hits, err := scanHits(db, text, query, args)
		if err != nil || len(hits) >= limit {
			return hits, err
		}
		out = hits
	}
	f, err := lookup(db, terms)
	if err != nil {
		return nil, err
	}
	more := terms.Filtered()
	for i, w := range terms.Words {
		more = more || f.side(i, w)
	}
	if !more {
		return out, nil
	}
	q := Query{Search: text}
	where, wargs, err := q.where(actor, s.Now(), f)
	if err != nil {
		return nil, err
	}
	snip, args := "''", []any{}
	if m := terms.anyMatch(searchCols(actor)); m != "" {
		snip = `COALESCE((SELECT snippet(tickets_fts, -1, char(2), char(3), '…', 12) FROM tickets_fts
			WHERE tickets_fts MATCH ? AND rowid = t.rowid), '')`
		args = append(args, m)
	}
	query := `SELECT t.id, t.number, t.title, t.state, t.priority, ` + snip + `, 0 FROM tickets t
		WHERE ` + where + ` ORDER BY t.created_at DESC, t.rowid DESC LIMIT ?`
	hits, err := scanHits(db, text, query, append(append(args, wargs...), limit))
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, h := range out {
		seen[h.ID] = true
	}
	for _, h := range hits {
		if len(out) < limit && !seen[h.ID] {
			out = append(out, h)
		}
	}
	return out, nil
}

func scanHits(db *gorm.DB, text, query string, args []any) ([]Hit, error) {
	rows, err := db.Raw(query, args...).Rows()
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", text, err)
	}
	defer rows.Close()
	out := []Hit{}
	for rows.Next() {
		var h Hit
		if err := rows.Scan(&h.ID, &h.Number, &h.Title, &h.State, &h.Priority, &h.Snippet, &h.Rank); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// rankedSQL ranks the newest matches of a text search. Ranking every match with bm25 costs
// ~300 ms for a common word at 1M tickets (it counts every match first), so only the newest
// searchCandidates matches are ranked, which FTS5 finds by walking rowids (creation order)
// backwards and stopping early: tickets with more of the words in their number or title
// first, then the newest. The MATCH runs alone in a CTE (joined with other filters in one
// WHERE it gets slow). The column filter takes the words in parentheses: unbracketed, it holds
// for the first word only and a requester's later words would match internal notes.
func rankedSQL(actor people.Actor, match string, limit int) (string, []any) {
	scope, args := "", []any{}
	if !actor.IsStaff() {
		scope = " WHERE (t.requester_id = ? OR t.created_by = ?)"
		args = append(args, actor.ID, actor.ID)
	}
	return `WITH c AS (
			SELECT rowid, highlight(tickets_fts, 0, char(2), '') || highlight(tickets_fts, 1, char(2), '') AS head,
				snippet(tickets_fts, -1, char(2), char(3), '…', 12) AS snip
			FROM tickets_fts WHERE tickets_fts MATCH ? ORDER BY rowid DESC LIMIT ?),
		m AS (SELECT rowid, snip, length(replace(head, char(2), '')) - length(head) AS rank FROM c)
		SELECT t.id, t.number, t.title, t.state, t.priority, m.snip, m.rank
		FROM m JOIN tickets t ON t.rowid = m.rowid` + scope + ` ORDER BY m.rank, m.rowid DESC LIMIT ?`,
		append(append([]any{match, searchCandidates}, args...), limit)
}

// searchCandidates is how many of the newest matches a search ranks.
const searchCandidates = 250
