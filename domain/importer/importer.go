// Package importer brings records into a desk from a CSV file: tickets, assets or people,
// through a mapping of columns to fields and of the file's values to Outpost's. Every row
// becomes an ordinary record through the desk's own services (the same checks, audit trail,
// change log and search index as a record made by hand), all in one transaction: by default
// a refused row refuses the file and nothing is written; with SkipRefused the good rows are
// written and the refused ones reported.
package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"gorm.io/gorm"

	"outpost/domain/desk"
	"outpost/domain/fault"
	"outpost/domain/people"
	"outpost/domain/store"
)

// Options are the choices of one import beside its mapping.
type Options struct {
	// SkipRefused writes the good rows and reports the refused ones; otherwise one refused
	// row refuses the file.
	SkipRefused bool
	// Limits bound what is read (zero: DefaultLimits).
	Limits Limits
	// Size is the file's size in bytes, for Progress (0 if unknown).
	Size int64
	// Progress, if set, is told how far the import is, every few rows and at the end.
	Progress func(Progress)
}

// Progress is how far an import is.
type Progress struct {
	Rows  int   `json:"rows"`
	Bytes int64 `json:"bytes"`
	Total int64 `json:"total"`
}

// Refusal is a row the checks refused: its line in the file (the header is line 1), the
// column and field at fault (empty when the refusal is the whole row's), the fault code and
// the reason.
type Refusal struct {
	Line    int    `json:"line"`
	Column  string `json:"column,omitempty"`
	Field   string `json:"field,omitempty"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// MaxRefusals is how many refusals a report lists; it counts them all.
const MaxRefusals = 1000

// Report is what an import did.
type Report struct {
	Kind        Kind     `json:"kind"`
	Delimiter   string   `json:"delimiter"`
	Encoding    string   `json:"encoding"`
	DateFormats []string `json:"dateFormats"`
	SkipRefused bool     `json:"skipRefused"`
	// Rows is the number of data rows read.
	Rows int `json:"rows"`
	// Accepted is the rows the checks accepted; Imported those written (Accepted, or 0 when
	// an all-or-nothing import was refused).
	Accepted int `json:"accepted"`
	Imported int `json:"imported"`
	// RefusedRows counts every refused row; Refused lists the first MaxRefusals.
	RefusedRows int       `json:"refusedRows"`
	Refused     []Refusal `json:"refused"`
	// Written is whether the import committed anything.
	Written bool `json:"written"`
	// Numbers are the numbers or tags of the first records made (tickets, assets).
	Numbers []string `json:"numbers"`
}

// progressEvery is how many rows pass between two progress calls.
const progressEvery = 50

// errUndo rolls back an all-or-nothing import whose rows were refused.
var errUndo = errors.New("rows refused")

// Run imports the CSV file r into d as actor by the mapping m. Only managers and admins
// import. A file that cannot be read or mapped is an *Error and writes nothing; rows the
// checks refuse are in the report, and without SkipRefused the import then writes nothing
// and returns an *Error with CodeRefused beside the report.
func Run(ctx context.Context, d *desk.Desk, actor people.Actor, r io.Reader, m Mapping, o Options) (*Report, error) {
	if err := actor.Require(people.Manager, "import records"); err != nil {
		return nil, err
	}
	if err := m.check(); err != nil {
		return nil, err
	}
	lim := o.Limits
	if lim == (Limits{}) {
		lim = DefaultLimits
	}
	delim, _ := m.delimiter()
	src, err := open(r, delim, m.Encoding, lim)
	if err != nil {
		return nil, err
	}
	p, err := m.bind(src.Header, src.Delimiter)
	if err != nil {
		return nil, err
	}
	// The first rows are read ahead to guess the date formats when the mapping gives none.
	ahead, err := readAhead(src, 100)
	if err != nil {
		return nil, err
	}
	if len(m.DateFormats) == 0 {
		p.m.DateFormats = p.guessDates(ahead)
	}
	rep := &Report{Kind: m.Kind, Delimiter: string(src.Delimiter), Encoding: src.Encoding, DateFormats: p.m.DateFormats,
		SkipRefused: o.SkipRefused, Refused: []Refusal{}, Numbers: []string{}}
	started := false
	err = store.Tx(ctx, d.DB, func(tx *gorm.DB) error {
		if started {
			// The file is read as it is written: it cannot be read again.
			return errors.New("the import was interrupted by another writer: try again")
		}
		started = true
		w, err := newWriter(ctx, d, tx, actor)
		if err != nil {
			return err
		}
		for n := 0; ; n++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			var rec []string
			line := 0
			if n < len(ahead) {
				rec, line = ahead[n].cells, ahead[n].line
			} else {
				if rec, err = src.next(); errors.Is(err, io.EOF) {
					break
				} else if err != nil {
					return err
				}
				line = src.line
			}
			if rep.Rows >= lim.MaxRows {
				return &Error{Code: CodeTooLarge, Line: line, Message: fmt.Sprintf("the file has more than %d rows: split it", lim.MaxRows)}
			}
			rep.Rows++
			ref, num, err := w.row(p, src, rec, line)
			if err != nil {
				return err
			}
			if ref != nil {
				rep.RefusedRows++
				if len(rep.Refused) < MaxRefusals {
					rep.Refused = append(rep.Refused, *ref)
				}
			} else {
				rep.Accepted++
				if num != "" && len(rep.Numbers) < 20 {
					rep.Numbers = append(rep.Numbers, num)
				}
			}
			if o.Progress != nil && rep.Rows%progressEvery == 0 {
				o.Progress(Progress{Rows: rep.Rows, Bytes: src.read(), Total: o.Size})
			}
		}
		if rep.RefusedRows > 0 && !o.SkipRefused {
			return errUndo
		}
		return nil
	})
	if o.Progress != nil {
		o.Progress(Progress{Rows: rep.Rows, Bytes: src.read(), Total: o.Size})
	}
	switch {
	case errors.Is(err, errUndo):
		rep.Numbers = []string{}
		return rep, &Error{Code: CodeRefused, Message: fmt.Sprintf("%d of %d rows were refused, so nothing was imported: correct them, or skip refused rows", rep.RefusedRows, rep.Rows)}
	case err != nil:
		return nil, err
	}
	rep.Imported, rep.Written = rep.Accepted, rep.Accepted > 0
	return rep, nil
}

// aheadRow is a row read before the transaction began.
type aheadRow struct {
	cells []string
	line  int
}

func readAhead(src *source, n int) ([]aheadRow, error) {
	var out []aheadRow
	for len(out) < n {
		rec, err := src.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		out = append(out, aheadRow{cells: rec, line: src.line})
	}
	return out, nil
}

// guessDates picks, for every mapped date column, the layout that reads most of its cells in
// the rows read ahead; a cell no layout reads is then refused on its own row.
func (p *plan) guessDates(rows []aheadRow) []string {
	var out []string
	for _, f := range catalog[p.m.Kind] {
		i, ok := p.index[f.Key]
		if f.Type != Date || !ok {
			continue
		}
		var cells []string
		for _, r := range rows {
			if i < len(r.cells) && strings.TrimSpace(r.cells[i]) != "" {
				cells = append(cells, r.cells[i])
			}
		}
		if l := bestLayout(cells); l != "" && !contains(out, l) {
			out = append(out, l)
		}
	}
	return out
}

// bestLayout is the layout that reads the most of cells (the earliest on a tie), "" if none
// reads any.
func bestLayout(cells []string) string {
	best, most := "", 0
	for _, l := range dateLayouts {
		n := 0
		for _, c := range cells {
			if _, ok := parseDate([]string{l}, c); ok {
				n++
			}
		}
		if n > most {
			best, most = l, n
		}
	}
	return best
}

// refusal turns a refused row's error into its report line, naming the column at fault.
func (p *plan) refusal(line int, err error) *Refusal {
	ref := &Refusal{Line: line, Code: fault.Code(err), Message: err.Error()}
	var ce *cellError
	if errors.As(err, &ce) {
		ref.Field, ref.Code, ref.Message = ce.field, fault.CodeValidation, ce.msg
	} else if fields := fault.Fields(err); len(fields) > 0 {
		keys := make([]string, 0, len(fields))
		for k := range fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		ref.Field = keys[0]
		// A field mapped from a column is the column's fault; others read as a list.
		for _, k := range keys {
			if _, ok := p.column[k]; ok {
				ref.Field = k
				break
			}
		}
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			parts = append(parts, fields[k])
		}
		ref.Message = strings.Join(parts, "; ")
	}
	if ref.Field == "to" {
		ref.Field = "state"
	}
	ref.Column = p.column[ref.Field]
	return ref
}

// cellError is a cell that cannot become its field's value.
type cellError struct{ field, msg string }

func (e *cellError) Error() string { return e.field + ": " + e.msg }

func cellErr(field, format string, args ...any) error {
	return &cellError{field: field, msg: fmt.Sprintf(format, args...)}
}
