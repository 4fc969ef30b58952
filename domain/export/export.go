// Package export writes queue views and tickets to files a person opens elsewhere: CSV for a
// spreadsheet (UTF-8 with a byte-order mark, so Excel reads it as UTF-8, and cells that a
// spreadsheet would take for a formula escaped) and JSON for programs.
package export

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"time"

	"outpost/domain/people"
	"outpost/domain/ticket"
)

// Format is a file format.
type Format string

// Formats.
const (
	CSV  Format = "csv"
	JSON Format = "json"
)

// Parse checks a format name.
func Parse(s string) (Format, error) {
	switch f := Format(s); f {
	case CSV, JSON:
		return f, nil
	}
	return "", fmt.Errorf("unknown export format %q: choose csv or json", s)
}

// bom is UTF-8's byte-order mark: Excel reads a CSV as UTF-8 only when it starts with it.
const bom = "\ufeff"

// Cell makes user text safe in a spreadsheet cell: text starting with =, +, -, @, a tab or a
// carriage return would be read as a formula (CSV injection), so it gets a leading apostrophe,
// which spreadsheets show as text and do not display.
func Cell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// Header is the CSV header of a queue export, in column order.
var Header = []string{"Number", "Type", "Title", "State", "Priority", "Category", "Requester", "Assignee",
	"Group", "Major", "Created", "Updated", "SLA due", "SLA stage"}

func stamp(ms int64) string {
	return time.UnixMilli(ms).UTC().Format(time.RFC3339)
}

func optStamp(ms *int64) string {
	if ms == nil {
		return ""
	}
	return stamp(*ms)
}

// record is a queue row as CSV cells; user text goes through Cell.
func record(r *ticket.Row) []string {
	return []string{Cell(r.Number), r.Type, Cell(r.Title), r.State, strconv.Itoa(r.Priority), Cell(r.Category),
		Cell(r.RequesterName), Cell(r.AssigneeName), Cell(r.GroupName), strconv.FormatBool(r.Major),
		stamp(r.CreatedAt), stamp(r.UpdatedAt), optStamp(r.SLADueAt), r.SLAStage}
}

// Queue is what a queue export reads from: every row of a query, in its order.
type Queue interface {
	Each(ctx context.Context, actor people.Actor, q ticket.Query, fn func(*ticket.Row) error) error
}

// Meta heads a JSON export.
type Meta struct {
	Name       string       `json:"name"` // the view's name
	ExportedAt string       `json:"exportedAt"`
	Query      ticket.Query `json:"query"`
}

// WriteQueue writes every row of q that actor may see (all pages, not only the one on screen)
// to w in format f, and returns how many rows it wrote.
func WriteQueue(ctx context.Context, w io.Writer, f Format, src Queue, actor people.Actor, q ticket.Query, meta Meta) (int, error) {
	meta.Query = q
	return Write(w, f, Table[*ticket.Row]{
		Header: Header, Record: record, List: "tickets", Head: meta,
		Each: func(fn func(*ticket.Row) error) error { return src.Each(ctx, actor, q, fn) },
	})
}

// Table is a list of one kind of record as an export writes it: the CSV header and each
// row's cells (user text through Cell), the JSON head object and the name of its list, and
// the rows in order.
type Table[R any] struct {
	Header []string
	Record func(R) []string
	// Head is the JSON object the list is added to (a struct or a map), List the list's key.
	Head any
	List string
	Each func(fn func(R) error) error
}

// Write writes every row of t to w in format f and returns how many it wrote. The rows are
// streamed, never all held: CSV with a byte-order mark and CRLF lines (what spreadsheets
// expect), JSON as {…head, "<list>": [row, …]}.
func Write[R any](w io.Writer, f Format, t Table[R]) (int, error) {
	bw := bufio.NewWriterSize(w, 64<<10)
	n := 0
	var err error
	switch f {
	case CSV:
		if _, err = bw.WriteString(bom); err != nil {
			return 0, err
		}
		cw := csv.NewWriter(bw)
		cw.UseCRLF = true
		if err = cw.Write(t.Header); err != nil {
			return 0, err
		}
		err = t.Each(func(r R) error {
			n++
			return cw.Write(t.Record(r))
		})
		if err == nil {
			cw.Flush()
			err = cw.Error()
		}
	case JSON:
		head, merr := json.Marshal(t.Head)
		if merr != nil {
			return 0, merr
		}
		if len(head) < 2 || head[0] != '{' {
			return 0, fmt.Errorf("export head: not a JSON object")
		}
		list, _ := json.Marshal(t.List)
		sep := ","
		if len(head) == 2 { // {}
			sep = ""
		}
		if _, err = fmt.Fprintf(bw, "%s%s%s:[", head[:len(head)-1], sep, list); err != nil {
			return 0, err
		}
		enc := json.NewEncoder(bw)
		err = t.Each(func(r R) error {
			if n > 0 {
				if err := bw.WriteByte(','); err != nil {
					return err
				}
			}
			n++
			return enc.Encode(r)
		})
		if err == nil {
			_, err = bw.WriteString("]}\n")
		}
	default:
		return 0, fmt.Errorf("unknown export format %q", f)
	}
	if err != nil {
		return 0, err
	}
	return n, bw.Flush()
}

// Conversation is one ticket with everything said and done on it, as the actor may see it.
type Conversation struct {
	ExportedAt string                `json:"exportedAt"`
	Ticket     *ticket.Ticket        `json:"ticket"`
	Timeline   []ticket.Event        `json:"timeline"`
	Links      []ticket.LinkedTicket `json:"links"`
}

// WriteTicket writes one ticket with its conversation (replies, notes, worklogs, files and
// audit trail, as Timeline shows them to actor) and its links to w as JSON.
func WriteTicket(ctx context.Context, w io.Writer, svc *ticket.Service, actor people.Actor, id string, now time.Time) error {
	t, err := svc.Get(ctx, actor, id)
	if err != nil {
		return err
	}
	events, err := svc.Timeline(ctx, actor, id)
	if err != nil {
		return err
	}
	links, err := svc.Links(ctx, actor, id)
	if err != nil {
		return err
	}
	if links == nil {
		links = []ticket.LinkedTicket{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(Conversation{ExportedAt: now.UTC().Format(time.RFC3339), Ticket: t, Timeline: events, Links: links})
}
