package importer

import (
	"errors"
	"io"
	"sort"
	"strings"

	"gorm.io/gorm"
)

// PreviewRows is how many rows a preview shows.
const PreviewRows = 10

// maxDistinct is how many distinct values of a column a preview collects for its value map.
const maxDistinct = 100

// Preview is what the mapping step shows before anything is imported: the file's header,
// its first rows, how many rows it has, and a mapping (the given one, or guessed) with the
// distinct values of each mapped column and what each would become.
type Preview struct {
	Header  []string   `json:"header"`
	Rows    [][]string `json:"rows"`
	Total   int        `json:"total"`
	Mapping Mapping    `json:"mapping"`
	Fields  []Field    `json:"fields"`
	// Values lists, per mapped column whose field is an enum, a person or a group, the
	// column's distinct values with the value each maps to ("" when none: it must be mapped).
	Values map[string][]ValueGuess `json:"values"`
	// DateLayouts are the layouts offered for the date format.
	DateLayouts []string `json:"dateLayouts"`
}

// ValueGuess is one distinct value of a column: how many rows hold it and what it maps to.
type ValueGuess struct {
	Value string `json:"value"`
	Count int    `json:"count"`
	To    string `json:"to"`
	// Match is, for a person or a group, whom the value (through its map) names on this
	// desk: "Name <email>" or the group's name; "" when it names nobody, and the row would
	// be refused.
	Match string `json:"match"`
}

// PeekAt is Peek with the people and groups of the desk db matched, as Run will match them.
func PeekAt(db *gorm.DB, systemID string, r io.Reader, m Mapping, lim Limits) (*Preview, error) {
	pv, err := Peek(r, m, lim)
	if err != nil {
		return nil, err
	}
	dir, err := readDirectory(db, systemID)
	if err != nil {
		return nil, err
	}
	for col, list := range pv.Values {
		f, _ := field(pv.Mapping.Kind, pv.Mapping.Columns[col])
		for i, g := range list {
			v := g.Value
			if to, ok := lookupValue(pv.Mapping.Values[f.Key], v); ok && strings.TrimSpace(to) != "" {
				v = strings.TrimSpace(to)
			}
			switch f.Type {
			case Person:
				if u, n := dir.findPerson(v); n == 1 {
					list[i].Match = u.Name + " <" + u.Email + ">"
				}
			case Group:
				if l := dir.findGroup(v); len(l) == 1 {
					list[i].Match = l[0].Name
				}
			}
		}
	}
	return pv, nil
}

// Peek reads the file r and returns its preview under m: the columns of m, or, when m maps
// none, guessed from the header; the date formats and value maps guessed where m gives none.
// People and groups are matched by Run, not here: their guess is the cell itself.
func Peek(r io.Reader, m Mapping, lim Limits) (*Preview, error) {
	if m.Format == "" {
		m.Format = FormatCSV
	}
	if !m.Kind.Valid() {
		m.Kind = Tickets
	}
	if lim == (Limits{}) {
		lim = DefaultLimits
	}
	delim, err := m.delimiter()
	if err != nil {
		return nil, err
	}
	src, err := open(r, delim, m.Encoding, lim)
	if err != nil {
		return nil, err
	}
	m.Delimiter, m.Encoding = string(src.Delimiter), src.Encoding
	if len(m.Columns) == 0 {
		m.Columns = Guess(m.Kind, src.Header)
	}
	if err := m.check(); err != nil {
		return nil, err
	}
	pv := &Preview{Header: src.Header, Rows: [][]string{}, Fields: Fields(m.Kind), Values: map[string][]ValueGuess{}, DateLayouts: DateLayouts()}
	counts := map[int]map[string]int{}
	var ahead []aheadRow
	for {
		rec, err := src.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if pv.Total >= lim.MaxRows {
			return nil, &Error{Code: CodeTooLarge, Line: src.line, Message: "the file has too many rows: split it"}
		}
		pv.Total++
		if len(pv.Rows) < PreviewRows {
			pv.Rows = append(pv.Rows, rec)
		}
		if len(ahead) < 100 {
			ahead = append(ahead, aheadRow{cells: rec, line: src.line})
		}
		for i, c := range rec {
			c = strings.TrimSpace(c)
			if c == "" {
				continue
			}
			if counts[i] == nil {
				counts[i] = map[string]int{}
			}
			if _, ok := counts[i][c]; ok || len(counts[i]) < maxDistinct {
				counts[i][c]++
			}
		}
	}
	p := &plan{m: &m, index: map[string]int{}, column: map[string]string{}}
	for i, h := range src.Header {
		if key := m.Columns[h]; key != "" {
			if _, dup := p.index[key]; !dup {
				p.index[key], p.column[key] = i, h
			}
		}
	}
	if len(m.DateFormats) == 0 {
		m.DateFormats = p.guessDates(ahead)
	}
	if m.Values == nil {
		m.Values = map[string]map[string]string{}
	}
	for _, f := range catalog[m.Kind] {
		i, ok := p.index[f.Key]
		if !ok || (f.Type != Enum && f.Type != Person && f.Type != Group) {
			continue
		}
		var list []ValueGuess
		for v, n := range counts[i] {
			g := ValueGuess{Value: v, Count: n}
			if f.Type == Enum {
				g.To, _ = enumValue(f, m.Values[f.Key], v)
			} else if to, ok := lookupValue(m.Values[f.Key], v); ok {
				g.To = to
			}
			list = append(list, g)
		}
		sort.Slice(list, func(a, b int) bool {
			if list[a].Count != list[b].Count {
				return list[a].Count > list[b].Count
			}
			return list[a].Value < list[b].Value
		})
		pv.Values[p.column[f.Key]] = list
		// The guesses become the mapping's value map, so what the screen shows is what runs.
		vm := m.Values[f.Key]
		for _, g := range list {
			if f.Type == Enum && g.To != "" && norm(g.To) != norm(g.Value) {
				if vm == nil {
					vm = map[string]string{}
				}
				if _, set := vm[g.Value]; !set {
					vm[g.Value] = g.To
				}
			}
		}
		if vm != nil {
			m.Values[f.Key] = vm
		}
	}
	pv.Mapping = m
	return pv, nil
}
