package knowledge

import (
	"strings"

	"github.com/pmezard/go-difflib/difflib"
)

// Line is one line of a diff: kept ("equal"), added ("insert") or removed ("delete").
type Line struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// DiffLines compares two texts line by line (difflib's sequence matcher, as Python's
// difflib): a replaced block is its old lines removed, then its new lines added.
func DiffLines(from, to string) []Line {
	a, b := splitLines(from), splitLines(to)
	out := []Line{}
	m := difflib.NewMatcherWithJunk(a, b, false, nil)
	for _, op := range m.GetOpCodes() {
		switch op.Tag {
		case 'e':
			for _, l := range a[op.I1:op.I2] {
				out = append(out, Line{Op: "equal", Text: l})
			}
		case 'd', 'r':
			for _, l := range a[op.I1:op.I2] {
				out = append(out, Line{Op: "delete", Text: l})
			}
			if op.Tag == 'r' {
				for _, l := range b[op.J1:op.J2] {
					out = append(out, Line{Op: "insert", Text: l})
				}
			}
		case 'i':
			for _, l := range b[op.J1:op.J2] {
				out = append(out, Line{Op: "insert", Text: l})
			}
		}
	}
	return out
}

func splitLines(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(strings.TrimSuffix(strings.ReplaceAll(s, "\r\n", "\n"), "\n"), "\n")
}
