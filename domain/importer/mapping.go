package importer

import (
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"
)

// FormatCSV is the format of the generic CSV import, the default of a mapping.
const FormatCSV = "csv"

// Mapping says how a file becomes records: the settings-screen's import builds one, and the
// command line reads one from a JSON file (docs/import.md).
type Mapping struct {
	// Format is the file's format: "csv" (or empty). The command line dispatches on it.
	Format string `json:"format,omitempty"`
	// Kind is what each row becomes: ticket, asset or person.
	Kind Kind `json:"kind"`
	// Delimiter is "," ";" "\t" or "|"; empty to find it from the header line.
	Delimiter string `json:"delimiter,omitempty"`
	// Encoding is auto (the default), utf-8 or windows-1252.
	Encoding string `json:"encoding,omitempty"`
	// Columns maps a header name of the file to a field key of the kind (Fields); a column
	// not named here, or mapped to "", is not imported.
	Columns map[string]string `json:"columns"`
	// Values maps, per field key, a cell's text to the value it stands for: a state's name
	// in the other tool to Outpost's state, a person's name to their email, a group's name
	// in the file to the group's name here.
	Values map[string]map[string]string `json:"values,omitempty"`
	// Defaults gives a field's value for rows whose cell is empty or whose field no column
	// maps (every ticket a request, say).
	Defaults map[string]string `json:"defaults,omitempty"`
	// DateFormats are Go time layouts tried in order on each date cell ("2006-01-02",
	// "02/01/2006"); empty to guess them from the file's first rows.
	DateFormats []string `json:"dateFormats,omitempty"`
}

// delimiter is the mapping's delimiter as a rune, 0 when it is to be found.
func (m *Mapping) delimiter() (rune, error) {
	switch m.Delimiter {
	case "":
		return 0, nil
	case "\\t", "tab", "TAB":
		return '\t', nil
	}
	r, n := utf8.DecodeRuneInString(m.Delimiter)
	if n != len(m.Delimiter) || (r != ',' && r != ';' && r != '\t' && r != '|') {
		return 0, &Error{Code: CodeMapping, Field: "delimiter", Message: fmt.Sprintf("unknown delimiter %q: use a comma, a semicolon, a tab or a bar", m.Delimiter)}
	}
	return r, nil
}

// check judges the mapping against its kind's fields, before any file is read.
func (m *Mapping) check() error {
	if m.Format != "" && m.Format != FormatCSV {
		return &Error{Code: CodeMapping, Field: "format", Message: fmt.Sprintf("this import reads csv, not %q", m.Format)}
	}
	if !m.Kind.Valid() {
		return &Error{Code: CodeMapping, Field: "kind", Message: fmt.Sprintf("unknown kind %q: import ticket, asset or person", m.Kind)}
	}
	if _, err := m.delimiter(); err != nil {
		return err
	}
	seen := map[string]string{}
	for _, col := range sortedKeys(m.Columns) {
		key := m.Columns[col]
		if key == "" {
			continue
		}
		if _, ok := field(m.Kind, key); !ok {
			return &Error{Code: CodeMapping, Column: col, Field: key, Message: fmt.Sprintf("a %s has no field %q", m.Kind, key)}
		}
		if other, dup := seen[key]; dup {
			return &Error{Code: CodeHeader, Column: col, Field: key, Message: fmt.Sprintf("the columns %q and %q both map to %s: map one of them only", other, col, key)}
		}
		seen[key] = col
	}
	for key := range m.Defaults {
		if _, ok := field(m.Kind, key); !ok {
			return &Error{Code: CodeMapping, Field: key, Message: fmt.Sprintf("a default for %q, which a %s does not have", key, m.Kind)}
		}
	}
	for key := range m.Values {
		if _, ok := field(m.Kind, key); !ok {
			return &Error{Code: CodeMapping, Field: key, Message: fmt.Sprintf("a value map for %q, which a %s does not have", key, m.Kind)}
		}
	}
	for _, l := range m.DateFormats {
		if !validLayout(l) {
			return &Error{Code: CodeMapping, Field: "dateFormats", Message: fmt.Sprintf("%q is not a date layout: write the date 2 January 2006 as the file writes its dates, as 02/01/2006", l)}
		}
	}
	return nil
}

// plan is a mapping bound to a file's header: for each field, the column index it reads.
type plan struct {
	m      *Mapping
	index  map[string]int    // field key -> column index
	column map[string]string // field key -> column name (for reports)
}

// bind binds the mapping to header, refusing a header the mapping cannot read.
func (m *Mapping) bind(header []string, delimiter rune) (*plan, error) {
	p := &plan{m: m, index: map[string]int{}, column: map[string]string{}}
	at := map[string]int{}
	for i, h := range header {
		if h == "" {
			continue
		}
		if j, dup := at[h]; dup {
			if m.Columns[h] != "" {
				return nil, &Error{Code: CodeHeader, Line: 1, Column: h, Message: fmt.Sprintf("the header names %q twice (columns %d and %d): rename one", h, j+1, i+1)}
			}
			continue
		}
		at[h] = i
	}
	for _, col := range sortedKeys(m.Columns) {
		key := m.Columns[col]
		if key == "" {
			continue
		}
		i, ok := at[col]
		if !ok {
			return nil, &Error{Code: CodeHeader, Line: 1, Column: col, Field: key, Message: headerMiss(col, header, delimiter)}
		}
		p.index[key], p.column[key] = i, col
	}
	for _, f := range catalog[m.Kind] {
		if _, ok := p.index[f.Key]; f.Required && !ok && strings.TrimSpace(m.Defaults[f.Key]) == "" {
			return nil, &Error{Code: CodeHeader, Line: 1, Field: f.Key,
				Message: fmt.Sprintf("no column maps to %s, which every %s needs: %s", f.Label, m.Kind, headerMiss("", header, delimiter))}
		}
	}
	return p, nil
}

// headerMiss says why the header lacks col: most often the file is split on another
// delimiter, so the header is one long column.
func headerMiss(col string, header []string, delimiter rune) string {
	names := fmt.Sprintf("the header has %d columns: %s", len(header), quoteList(header, 8))
	if len(header) == 1 {
		for _, d := range []rune{',', ';', '\t', '|'} {
			if d != delimiter && strings.ContainsRune(header[0], d) {
				return fmt.Sprintf("the header is one column %q: the file is separated by %s, not by %s", clip(header[0], 80), delimName(d), delimName(delimiter))
			}
		}
	}
	if col == "" {
		return names
	}
	return fmt.Sprintf("the file has no column %q (%s)", col, names)
}

func delimName(d rune) string {
	switch d {
	case ',':
		return "commas"
	case ';':
		return "semicolons"
	case '\t':
		return "tabs"
	case '|':
		return "bars"
	}
	return fmt.Sprintf("%q", d)
}

func quoteList(l []string, max int) string {
	parts := make([]string, 0, min(len(l), max)+1)
	for i, s := range l {
		if i == max {
			parts = append(parts, fmt.Sprintf("and %d more", len(l)-max))
			break
		}
		parts = append(parts, fmt.Sprintf("%q", clip(s, 40)))
	}
	return strings.Join(parts, ", ")
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// Guess maps each header name to the field it most likely holds (by its name and common
// synonyms), each field from one column at most.
func Guess(k Kind, header []string) map[string]string {
	out := map[string]string{}
	taken := map[string]bool{}
	// Exact keys and labels first, then synonyms, so "Type" in an asset file goes to the
	// hardware type and "Asset type" to the class.
	for pass := 0; pass < 2; pass++ {
		for _, h := range header {
			if _, done := out[h]; done || h == "" {
				continue
			}
			n := norm(h)
			for _, f := range catalog[k] {
				if taken[f.Key] {
					continue
				}
				hit := n == norm(f.Key) || n == norm(f.Label)
				if pass == 1 {
					hit = contains(f.headers, n)
				}
				if hit {
					out[h], taken[f.Key] = f.Key, true
					break
				}
			}
		}
	}
	for _, h := range header {
		if _, ok := out[h]; !ok && h != "" {
			out[h] = ""
		}
	}
	return out
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// dateLayouts are the layouts a date column is guessed in, in order of preference: ISO
// first, then day-first (as most of the world writes), then month-first.
var dateLayouts = []string{
	"2006-01-02", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02T15:04:05Z07:00", "2006-01-02T15:04:05",
	"2006/01/02", "02/01/2006", "02/01/2006 15:04:05", "02/01/2006 15:04", "2/1/2006",
	"01/02/2006", "01/02/2006 15:04:05", "01/02/2006 15:04", "1/2/2006", "1/2/2006 15:04", "1/2/2006 3:04 PM",
	"02.01.2006", "2.1.2006", "02.01.2006 15:04", "02-01-2006", "01-02-2006",
	"2 Jan 2006", "02 Jan 2006", "Jan 2, 2006", "January 2, 2006", "2 January 2006", "02-Jan-2006", "02-Jan-06",
	"20060102",
}

// DateLayouts lists the layouts Outpost guesses dates in, for the settings screen's list.
func DateLayouts() []string { return append([]string(nil), dateLayouts...) }

// GuessDates returns the first layout that reads every non-empty sample, or nil.
func GuessDates(samples []string) []string {
	var vals []string
	for _, s := range samples {
		if s = strings.TrimSpace(s); s != "" {
			vals = append(vals, s)
		}
	}
	if len(vals) == 0 {
		return nil
	}
	for _, l := range dateLayouts {
		ok := true
		for _, v := range vals {
			if _, err := time.Parse(l, v); err != nil {
				ok = false
				break
			}
		}
		if ok {
			return []string{l}
		}
	}
	return nil
}

// validLayout reports whether l names at least a year, a month and a day.
func validLayout(l string) bool {
	if l == "" || len(l) > 64 {
		return false
	}
	t := time.Date(2031, 11, 23, 0, 0, 0, 0, time.UTC)
	back, err := time.Parse(l, t.Format(l))
	return err == nil && back.Year() == 2031 && back.Month() == 11 && back.Day() == 23
}

// parseDate reads cell with layouts, the first that fits.
func parseDate(layouts []string, cell string) (time.Time, bool) {
	cell = strings.TrimSpace(cell)
	for _, l := range layouts {
		if t, err := time.Parse(l, cell); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
