// Package servicenow imports a ServiceNow incident audit log (the UCI "Incident management
// process enriched event log" export: one row per update of an incident) as Outpost incident
// tickets, each with its state history at the original times. docs/import-servicenow.md maps
// every column.
package servicenow

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/ulikunitz/xz"

	"outpost/domain/fault"
)

// Columns are the export's 36 columns, as its header names them.
var Columns = []string{
	"number", "incident_state", "active", "reassignment_count", "reopen_count", "sys_mod_count", "made_sla",
	"caller_id", "opened_by", "opened_at", "sys_created_by", "sys_created_at", "sys_updated_by", "sys_updated_at",
	"contact_type", "location", "category", "subcategory", "u_symptom", "cmdb_ci", "impact", "urgency", "priority",
	"assignment_group", "assigned_to", "knowledge", "u_priority_confirmation", "notify", "problem_id", "rfc",
	"vendor", "caused_by", "closed_code", "resolved_by", "resolved_at", "closed_at",
}

const (
	colNumber = iota
	colState
	colActive
	colReassignments
	colReopens
	colModCount
	colMadeSLA
	colCaller
	colOpenedBy
	colOpenedAt
	colCreatedBy
	colCreatedAt
	colUpdatedBy
	colUpdatedAt
	colContact
	colLocation
	colCategory
	colSubcategory
	colSymptom
	colCI
	colImpact
	colUrgency
	colPriority
	colGroup
	colAssignee
	colKnowledge
	colPriorityConfirmed
	colNotify
	colProblem
	colRFC
	colVendor
	colCausedBy
	colClosedCode
	colResolvedBy
	colResolvedAt
	colClosedAt
	numColumns
)

// MaxLine is the longest line the reader takes (a row of the export is a few hundred bytes):
// a file with no line breaks is refused at this length instead of read whole into memory.
const MaxLine = 1 << 20

// RowError is a row (or the header, line 1) the import refuses: its line in the file, the
// column at fault ("" for the row as a whole) and why. Its code is validation, with the
// column as the field; nothing is written when an import meets one.
type RowError struct {
	Line   int
	Column string
	Reason string // a stable word: csv, columns, header, date, value, number, missing, too_long
	Msg    string
}

func (e *RowError) Error() string {
	if e.Column == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	}
	return fmt.Sprintf("line %d, column %s: %s", e.Line, e.Column, e.Msg)
}

// Unwrap makes a RowError a validation error whose field is the column (or "line").
func (e *RowError) Unwrap() error {
	field := e.Column
	if field == "" {
		field = "line"
	}
	return fault.Field(field, "line %d: %s", e.Line, e.Msg)
}

// event is one parsed row: one update of one incident, as ServiceNow recorded it. Texts are
// "" where the export writes null ("?"); times are unix ms (0 for null).
type event struct {
	line                               int
	number                             string
	state                              string // as written: New, Active, Awaiting ..., Resolved, Closed, -100
	active                             bool
	reassignments, reopens, mod        int
	madeSLA                            bool
	caller, openedBy                   string
	openedAt                           int64
	createdBy                          string
	createdAt                          int64
	updatedBy                          string
	updatedAt                          int64
	contact, location                  string
	category, subcategory, symptom, ci string
	impact, urgency, priority          int
	group, assignee                    string
	knowledge, priorityConfirmed       bool
	notify                             string
	problem, rfc, vendor, causedBy     string
	closedCode, resolvedBy             string
	resolvedAt, closedAt               int64
}

// States the export's incident_state holds. -100 is ServiceNow's placeholder for a state
// it did not record; it leaves the incident in the state it was in.
var knownStates = map[string]bool{
	"New": true, "Active": true, "Awaiting User Info": true, "Awaiting Vendor": true,
	"Awaiting Problem": true, "Awaiting Evidence": true, "Resolved": true, "Closed": true, "-100": true,
}

// contactTypes maps contact_type to the ticket's source.
var contactTypes = map[string]string{
	"Phone": "phone", "Email": "email", "Self service": "portal", "IVR": "phone", "Direct opening": "walk-in",
}

// levels are the labelled 1–3 values of impact and urgency, and priority's 1–4.
var (
	impactLevels   = map[string]int{"1 - High": 1, "2 - Medium": 2, "3 - Low": 3}
	priorityLevels = map[string]int{"1 - Critical": 1, "2 - High": 2, "3 - Moderate": 3, "4 - Low": 4}
)

// open returns r decompressed when it is xz (by its magic bytes), else r as it is. The xz
// stream is decoded on a goroutine of its own, beside the parse; close stops it.
func open(r io.Reader) (in io.Reader, close func(), err error) {
	br := bufio.NewReaderSize(r, 1<<16)
	head, err := br.Peek(6)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, nil, err
	}
	if !bytes.Equal(head, []byte{0xFD, '7', 'z', 'X', 'Z', 0x00}) {
		return br, func() {}, nil
	}
	zr, err := xz.NewReader(br)
	if err != nil {
		return nil, nil, &RowError{Line: 1, Reason: "csv", Msg: "not a readable xz file: " + err.Error()}
	}
	pr, pw := io.Pipe()
	go func() {
		_, err := io.CopyBuffer(pw, zr, make([]byte, 1<<18))
		pw.CloseWithError(err) // nil: EOF to the reader
	}()
	return bufio.NewReaderSize(pr, 1<<18), func() { _ = pr.Close() }, nil
}

// lineLimit fails a read once a line runs past MaxLine bytes.
type lineLimit struct {
	r    io.Reader
	run  int // bytes since the last line break
	line int // line breaks seen
}

var errLineTooLong = errors.New("line too long")

func (l *lineLimit) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	b := p[:n]
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			l.run += len(b)
			break
		}
		l.line++
		l.run, b = 0, b[i+1:]
	}
	if l.run > MaxLine {
		return n, errLineTooLong
	}
	return n, err
}

// parse reads every row of the export, checking each, and returns the rows grouped by
// incident in the order incidents first appear. The first bad row stops it with a RowError.
func parse(r io.Reader, progress func(int)) ([]*incident, int, error) {
	in, done, err := open(r)
	if err != nil {
		return nil, 0, err
	}
	defer done()
	lim := &lineLimit{r: in}
	cr := csv.NewReader(lim)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil, 0, readError(err, lim, 1)
	}
	if len(header) > 0 {
		header[0] = strings.TrimPrefix(header[0], "\ufeff")
	}
	if err := checkHeader(header); err != nil {
		return nil, 0, err
	}
	cr.FieldsPerRecord = numColumns
	var out []*incident
	byNumber := map[string]*incident{}
	rows := 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, 0, readError(err, lim, lim.line+1)
		}
		line, _ := cr.FieldPos(0)
		e, err := parseRow(rec, line)
		if err != nil {
			return nil, 0, err
		}
		inc := byNumber[e.number]
		if inc == nil {
			inc = &incident{number: e.number}
			byNumber[e.number] = inc
			out = append(out, inc)
		}
		inc.events = append(inc.events, e)
		rows++
		if progress != nil && rows%10000 == 0 {
			progress(rows)
		}
	}
	if rows == 0 {
		return nil, 0, &RowError{Line: 2, Reason: "missing", Msg: "the file has a header but no rows"}
	}
	return out, rows, nil
}

func readError(err error, lim *lineLimit, line int) error {
	if errors.Is(err, errLineTooLong) {
		return &RowError{Line: lim.line + 1, Reason: "too_long", Msg: fmt.Sprintf("a line is longer than %d bytes", MaxLine)}
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			return &RowError{Line: pe.Line, Reason: "columns", Msg: fmt.Sprintf("expected %d comma-separated columns", numColumns)}
		}
		// The row that starts the trouble (an unclosed quote runs on to the end of the file).
		return &RowError{Line: pe.StartLine, Reason: "csv", Msg: fmt.Sprintf("%v (read on to line %d)", pe.Err, pe.Line)}
	}
	if errors.Is(err, io.EOF) {
		return &RowError{Line: 1, Reason: "header", Msg: "the file is empty"}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return &RowError{Line: max(line, lim.line+1), Reason: "csv", Msg: "the file ends in the middle (truncated?): " + err.Error()}
	}
	return &RowError{Line: max(line, lim.line+1), Reason: "csv", Msg: err.Error()}
}

func checkHeader(h []string) error {
	if len(h) == 1 && (strings.Contains(h[0], ";") || strings.Contains(h[0], "\t")) {
		return &RowError{Line: 1, Reason: "header", Msg: "the columns are not separated by commas"}
	}
	if len(h) != numColumns {
		return &RowError{Line: 1, Reason: "header", Msg: fmt.Sprintf("the header has %d columns; a ServiceNow incident log has these %d: %s",
			len(h), numColumns, strings.Join(Columns, ","))}
	}
	for i, name := range Columns {
		if strings.TrimSpace(h[i]) != name {
			return &RowError{Line: 1, Column: name, Reason: "header", Msg: fmt.Sprintf("column %d is %q, expected %q", i+1, h[i], name)}
		}
	}
	return nil
}

// rowParser reads the cells of one row, keeping the first problem.
type rowParser struct {
	rec  []string
	line int
	err  *RowError
}

func (p *rowParser) fail(col int, reason, format string, args ...any) {
	if p.err == nil {
		p.err = &RowError{Line: p.line, Column: Columns[col], Reason: reason, Msg: fmt.Sprintf(format, args...)}
	}
}

// text is a cell with null ("?") read as "", spaces collapsed.
func (p *rowParser) text(col int) string {
	s := strings.TrimSpace(p.rec[col])
	if s == "?" {
		return ""
	}
	if strings.Contains(s, "  ") {
		s = strings.Join(strings.Fields(s), " ")
	}
	return s
}

func (p *rowParser) required(col int) string {
	s := p.text(col)
	if s == "" {
		p.fail(col, "missing", "a value is required")
	}
	return s
}

func (p *rowParser) boolean(col int) bool {
	switch p.rec[col] {
	case "true":
		return true
	case "false":
		return false
	}
	p.fail(col, "value", "%q is not true or false", p.rec[col])
	return false
}

func (p *rowParser) count(col int) int {
	n, err := strconv.Atoi(p.rec[col])
	if err != nil || n < 0 {
		p.fail(col, "number", "%q is not a count", p.rec[col])
	}
	return n
}

func (p *rowParser) level(col int, levels map[string]int) int {
	n, ok := levels[p.rec[col]]
	if !ok {
		keys := make([]string, 0, len(levels))
		for k := range levels {
			keys = append(keys, k)
		}
		p.fail(col, "value", "%q is not one of the known values (%s)", p.rec[col], strings.Join(sortedStrings(keys), ", "))
	}
	return n
}

// date reads a day-first, not zero-padded time (29/2/2016 01:16) as unix ms in UTC; null is 0
// unless the column is required.
func (p *rowParser) date(col int, required bool) int64 {
	s := p.rec[col]
	if s == "?" || s == "" {
		if required {
			p.fail(col, "missing", "a date is required")
		}
		return 0
	}
	ms, ok := parseDate(s)
	if !ok {
		p.fail(col, "date", "%q is not a date as day/month/year hour:minute", s)
	}
	return ms
}

// parseDate reads D/M/YYYY H:MM (day and month with or without a leading zero).
func parseDate(s string) (int64, bool) {
	date, clock, ok := strings.Cut(s, " ")
	if !ok {
		return 0, false
	}
	ds, rest, ok1 := strings.Cut(date, "/")
	ms, ys, ok2 := strings.Cut(rest, "/")
	hs, mins, ok3 := strings.Cut(clock, ":")
	if !ok1 || !ok2 || !ok3 || len(ys) != 4 || len(mins) != 2 {
		return 0, false
	}
	d, e1 := strconv.Atoi(ds)
	m, e2 := strconv.Atoi(ms)
	y, e3 := strconv.Atoi(ys)
	h, e4 := strconv.Atoi(hs)
	mi, e5 := strconv.Atoi(mins)
	if e1 != nil || e2 != nil || e3 != nil || e4 != nil || e5 != nil || m < 1 || m > 12 || d < 1 || h > 23 || mi > 59 || h < 0 || mi < 0 {
		return 0, false
	}
	t := time.Date(y, time.Month(m), d, h, mi, 0, 0, time.UTC)
	if t.Day() != d { // 31/4 or 30/2 rolled over into the next month
		return 0, false
	}
	return t.UnixMilli(), true
}

func parseRow(rec []string, line int) (*event, error) {
	p := &rowParser{rec: rec, line: line}
	e := &event{line: line}
	e.number = p.required(colNumber)
	if e.number != "" && !validNumber(e.number) {
		p.fail(colNumber, "value", "%q is not an incident number (INC and 7 digits)", e.number)
	}
	e.state = p.rec[colState]
	if !knownStates[e.state] {
		p.fail(colState, "value", "%q is not a known incident state", e.state)
	}
	e.active = p.boolean(colActive)
	e.reassignments = p.count(colReassignments)
	e.reopens = p.count(colReopens)
	e.mod = p.count(colModCount)
	e.madeSLA = p.boolean(colMadeSLA)
	e.caller = p.text(colCaller)
	e.openedBy = p.text(colOpenedBy)
	e.openedAt = p.date(colOpenedAt, true)
	e.createdBy = p.text(colCreatedBy)
	e.createdAt = p.date(colCreatedAt, false)
	e.updatedBy = p.text(colUpdatedBy)
	e.updatedAt = p.date(colUpdatedAt, true)
	c := p.required(colContact)
	if src, ok := contactTypes[c]; ok {
		e.contact = src
	} else if c != "" {
		p.fail(colContact, "value", "%q is not a known contact type", c)
	}
	e.location = p.text(colLocation)
	e.category = p.text(colCategory)
	e.subcategory = p.text(colSubcategory)
	e.symptom = p.text(colSymptom)
	e.ci = p.text(colCI)
	e.impact = p.level(colImpact, impactLevels)
	e.urgency = p.level(colUrgency, impactLevels)
	e.priority = p.level(colPriority, priorityLevels)
	e.group = p.text(colGroup)
	e.assignee = p.text(colAssignee)
	e.knowledge = p.boolean(colKnowledge)
	e.priorityConfirmed = p.boolean(colPriorityConfirmed)
	e.notify = p.text(colNotify)
	e.problem = p.text(colProblem)
	e.rfc = p.text(colRFC)
	e.vendor = p.text(colVendor)
	e.causedBy = p.text(colCausedBy)
	e.closedCode = p.text(colClosedCode)
	e.resolvedBy = p.text(colResolvedBy)
	e.resolvedAt = p.date(colResolvedAt, false)
	e.closedAt = p.date(colClosedAt, false)
	if p.err != nil {
		return nil, p.err
	}
	return e, nil
}

func validNumber(s string) bool {
	if len(s) != 10 || !strings.HasPrefix(s, "INC") {
		return false
	}
	for _, c := range s[3:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
