package importer

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/transform"
)

// Encodings a file may be in. Auto reads UTF-8 (a byte order mark is dropped) unless the
// opening bytes are not UTF-8, in which case it reads Windows-1252, what Excel on Windows
// writes by default.
const (
	EncodingAuto        = "auto"
	EncodingUTF8        = "utf-8"
	EncodingWindows1252 = "windows-1252"
)

// Limits bound what one import reads: a line longer than MaxLine, a row longer than MaxRow
// (a quoted cell may span lines) or a file with more than MaxRows rows is refused, never read
// whole into memory.
type Limits struct {
	MaxLine int64
	MaxRow  int64
	MaxRows int
}

// DefaultLimits are the limits of the app and the command line.
var DefaultLimits = Limits{MaxLine: 1 << 20, MaxRow: 4 << 20, MaxRows: 1_000_000}

// sniffSize is how much of the file's opening picks the encoding and the delimiter.
const sniffSize = 64 << 10

// errLine and errRow are the capped reader's refusals; the source turns them into coded
// errors with the line they happened on.
var (
	errLine = errors.New("line too long")
	errRow  = errors.New("row too long")
)

// capReader refuses a line longer than maxLine bytes, and a row (the bytes since the last
// mark) longer than maxRow, before the CSV reader buffers it: encoding/csv reads a whole
// line into memory, so an unbounded one is how a 100 MB line would exhaust it.
type capReader struct {
	r               io.Reader
	maxLine, maxRow int64
	line, row       int64 // bytes since the last newline, since the last mark
	lines           int   // newlines read so far
	read            int64 // bytes read in all
	err             error
}

func (c *capReader) Read(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.r.Read(p)
	for i := 0; i < n; i++ {
		c.line++
		c.row++
		if p[i] == '\n' {
			c.lines++
			c.line = 0
		}
		if c.line > c.maxLine {
			c.err = errLine
		} else if c.row > c.maxRow {
			c.err = errRow
		}
		if c.err != nil {
			c.read += int64(i + 1)
			return i + 1, c.err
		}
	}
	c.read += int64(n)
	return n, err
}

// mark starts counting a new row. The CSV reader reads ahead by its buffer, so the count
// of a row may include up to that much of the next: MaxRow is generous for that.
func (c *capReader) mark() { c.row = 0 }

// countReader counts the bytes read from the file, for the progress bar.
type countReader struct {
	r io.Reader
	n int64
}

func (c *countReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// source reads a CSV file row by row: decoded to UTF-8, its delimiter found, every line
// and row capped. Header is the first row, trimmed (a BOM dropped).
type source struct {
	csv       *csv.Reader
	cap       *capReader
	raw       *countReader
	Header    []string
	Delimiter rune
	Encoding  string
	line      int // the line the current row starts on
	strictUTF bool
}

// open starts reading r. delimiter is 0 to find it from the header; encoding is one of the
// Encoding constants ("" is auto).
func open(r io.Reader, delimiter rune, encoding string, lim Limits) (*source, error) {
	raw := &countReader{r: r}
	br := bufio.NewReaderSize(raw, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, fmt.Errorf("read the file: %w", err)
	}
	if len(bytes.TrimSpace(head)) == 0 {
		return nil, &Error{Code: CodeEmpty, Line: 1, Message: "the file is empty: a CSV file starts with a header row naming its columns"}
	}
	var in io.Reader = br
	bom := bytes.HasPrefix(head, []byte("\xEF\xBB\xBF"))
	if bom {
		_, _ = br.Discard(3)
		head = head[3:]
	}
	switch encoding {
	case "", EncodingAuto:
		encoding = EncodingUTF8
		if !bom && !validPrefix(head) {
			encoding = EncodingWindows1252
		}
	case EncodingUTF8, EncodingWindows1252:
	default:
		return nil, &Error{Code: CodeMapping, Field: "encoding", Message: fmt.Sprintf("unknown encoding %q: use auto, utf-8 or windows-1252", encoding)}
	}
	if encoding == EncodingWindows1252 {
		in = transform.NewReader(br, charmap.Windows1252.NewDecoder())
	}
	s := &source{raw: raw, Encoding: encoding, strictUTF: encoding == EncodingUTF8}
	s.cap = &capReader{r: in, maxLine: lim.MaxLine, maxRow: lim.MaxRow}
	if delimiter == 0 {
		delimiter = sniffDelimiter(head)
	}
	if delimiter != ',' && delimiter != ';' && delimiter != '\t' && delimiter != '|' {
		return nil, &Error{Code: CodeMapping, Field: "delimiter", Message: fmt.Sprintf("unknown delimiter %q: use a comma, a semicolon, a tab or a bar", delimiter)}
	}
	s.Delimiter = delimiter
	s.csv = csv.NewReader(s.cap)
	s.csv.Comma = delimiter
	s.csv.FieldsPerRecord = -1 // a short or long row is the row's refusal, not the file's
	s.csv.ReuseRecord = false
	header, err := s.next()
	if errors.Is(err, io.EOF) {
		return nil, &Error{Code: CodeEmpty, Line: 1, Message: "the file has no header row"}
	}
	if err != nil {
		return nil, err
	}
	for i, h := range header {
		header[i] = strings.TrimSpace(h)
	}
	s.Header = header
	return s, nil
}

// validPrefix reports whether b is UTF-8, allowing a rune cut at its end.
func validPrefix(b []byte) bool {
	for len(b) > 0 {
		r, n := utf8.DecodeRune(b)
		if r == utf8.RuneError && n <= 1 {
			return len(b) < utf8.UTFMax && !utf8.FullRune(b)
		}
		b = b[n:]
	}
	return true
}

// sniffDelimiter picks the delimiter the header line holds most of, outside quotes (a comma
// when it holds none).
func sniffDelimiter(head []byte) rune {
	line := head
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		line = head[:i]
	}
	counts := map[rune]int{}
	quoted := false
	for _, c := range string(line) {
		switch {
		case c == '"':
			quoted = !quoted
		case !quoted && (c == ',' || c == ';' || c == '\t' || c == '|'):
			counts[c]++
		}
	}
	best := ','
	for _, c := range []rune{';', '\t', '|'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best
}

// next reads the next row; io.EOF at the end. A malformed file is an *Error with the line.
func (s *source) next() ([]string, error) {
	s.cap.mark()
	rec, err := s.csv.Read()
	if err == nil {
		s.line, _ = s.csv.FieldPos(0)
		if s.strictUTF {
			for i, f := range rec {
				if !utf8.ValidString(f) {
					line, _ := s.csv.FieldPos(i)
					return nil, &Error{Code: CodeEncoding, Line: line, Column: s.column(i),
						Message: "this cell is not UTF-8: save the file as UTF-8, or import it as windows-1252"}
				}
			}
		}
		return rec, nil
	}
	if errors.Is(err, io.EOF) {
		return nil, io.EOF
	}
	var pe *csv.ParseError
	switch {
	case errors.Is(err, errLine):
		return nil, &Error{Code: CodeTooLarge, Line: s.cap.lines + 1,
			Message: fmt.Sprintf("line %d is longer than %d bytes: the file is not a CSV file, or a cell is far too long", s.cap.lines+1, s.cap.maxLine)}
	case errors.Is(err, errRow):
		return nil, &Error{Code: CodeTooLarge, Line: s.line + 1,
			Message: fmt.Sprintf("a row is longer than %d bytes: a quote is probably never closed", s.cap.maxRow)}
	case errors.As(err, &pe):
		msg := pe.Err.Error()
		if errors.Is(pe.Err, csv.ErrQuote) {
			msg = "a quoted cell is never closed: the file is cut short, or a quote inside a cell is not doubled"
		} else if errors.Is(pe.Err, csv.ErrBareQuote) {
			msg = "a quote inside an unquoted cell: quote the cell and double the quote inside it"
		}
		return nil, &Error{Code: CodeMalformed, Line: pe.StartLine, Message: fmt.Sprintf("line %d, byte %d: %s", pe.Line, pe.Column, msg)}
	}
	return nil, fmt.Errorf("read the file: %w", err)
}

// column names the header's column i ("column 7" past the header's end).
func (s *source) column(i int) string {
	if i < len(s.Header) && s.Header[i] != "" {
		return s.Header[i]
	}
	return fmt.Sprintf("column %d", i+1)
}

// read is the number of bytes of the file read so far.
func (s *source) read() int64 { return s.raw.n }
