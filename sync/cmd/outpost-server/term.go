package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// printf is the command's only way to print: every string, error or Stringer argument is
// escaped first, since names, emails and ids come from users and desks. A device name with a
// newline or a tab would forge rows; ANSI escapes would drive the admin's terminal.
func printf(w io.Writer, format string, args ...any) {
	for i, a := range args {
		switch v := a.(type) {
		case string:
			args[i] = escape(v)
		case error:
			args[i] = escape(v.Error())
		case fmt.Stringer:
			args[i] = escape(v.String())
		}
	}
	_, _ = fmt.Fprintf(w, format, args...)
}

// escape shows control characters (C0, DEL, C1), bidirectional controls, line and paragraph
// separators and invalid UTF-8 as Go escapes, and a backslash as two, so what is printed is
// plain text and reads back unambiguously.
func escape(s string) string {
	clean := true
	for _, r := range s {
		if r == '\\' || r == utf8.RuneError || unprintable(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\\':
			b.WriteString(`\\`)
		case unprintable(r):
			q := strconv.QuoteRune(r)
			b.WriteString(q[1 : len(q)-1])
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func unprintable(r rune) bool {
	return unicode.IsControl(r) || unicode.In(r, unicode.Bidi_Control, unicode.Zl, unicode.Zp)
}

// textWriter escapes what is written through it like printf does, keeping newlines and tabs:
// the flag package's messages and usage, which echo the arguments given, go through it.
type textWriter struct{ w io.Writer }

func (t textWriter) Write(p []byte) (int, error) {
	lines := strings.Split(string(p), "\n")
	for i, l := range lines {
		cells := strings.Split(l, "\t")
		for j, c := range cells {
			cells[j] = escape(c)
		}
		lines[i] = strings.Join(cells, "\t")
	}
	if _, err := io.WriteString(t.w, strings.Join(lines, "\n")); err != nil {
		return 0, err
	}
	return len(p), nil
}
