package store

import (
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// Rows returns the VALUES list of a multi-row statement whose rows are args, cols values a
// row, and the arguments it binds. A column of same (among the first 64) that holds one text,
// integer or NULL in every row is bound once: the rows after the first name the first row's
// parameter (?k) instead of one of their own, and their values are left out of the arguments
// returned (args is compacted in place). A pulled page's rows repeat their kind, device,
// author, requester and empty columns row after row, and modernc.org/sqlite binds every
// parameter on every run: a text is copied into C memory (a malloc, the bind, and after the
// step a bind_null and a free, the calls into SQLite under the connection's mutex). Binding
// was a third of a pull's statements' CPU; this took it 2.16 → 1.34 s over 18 pulls of 20000
// ops (docs/bench-method.md, "Pull (session 15)"). Only the shared columns are numbered: the
// driver looks every parameter's name up in the statement's list of numbered ones
// (sqlite3_bind_parameter_name scans it), so numbering all of them made binding quadratic in
// their count. lit, when not empty, follows each row's parameters inside its parentheses
// (literal values of further columns). Lists are built once per shape (up to maxRowLists).
func Rows(cols int, same []int, args []any, lit string) (string, []any) {
	n := len(args) / cols
	var mask uint64
	if n > 1 {
		for _, c := range same {
			if c < 64 && constant(args, cols, c) {
				mask |= 1 << c
			}
		}
	}
	if mask != 0 {
		out := args[:cols]
		for i := cols; i < len(args); i++ {
			if mask&(1<<(i%cols)) == 0 {
				out = append(out, args[i]) // never ahead of i: args is compacted in place
			}
		}
		clear(args[len(out):])
		args = out
	}
	key := rowsKey{cols: cols, n: n, mask: mask, lit: lit}
	if s, ok := rowLists.Load(key); ok {
		return s.(string), args
	}
	var b strings.Builder
	for r := range n {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := range cols {
			if c > 0 {
				b.WriteString(", ")
			}
			if mask&(1<<c) != 0 {
				// The first row's c+1-th parameter: there a plain ? would take that number too.
				b.WriteString("?" + strconv.Itoa(c+1))
			} else {
				b.WriteByte('?')
			}
		}
		if lit != "" {
			b.WriteString(", " + lit)
		}
		b.WriteByte(')')
	}
	s := b.String()
	if rowListCount.Load() < maxRowLists {
		// Shapes follow the data (which columns a statement's rows share): bounded, lest a
		// long-running desk keep every one it ever met.
		rowListCount.Add(1)
		rowLists.Store(key, s)
	}
	return s, args
}

// constant reports whether column c of every row of args holds one and the same text,
// integer or NULL (other types are never taken as constant).
func constant(args []any, cols, c int) bool {
	switch v0 := args[c].(type) {
	case string:
		for i := c + cols; i < len(args); i += cols {
			if v, ok := args[i].(string); !ok || v != v0 {
				return false
			}
		}
	case int64:
		for i := c + cols; i < len(args); i += cols {
			if v, ok := args[i].(int64); !ok || v != v0 {
				return false
			}
		}
	case nil:
		for i := c + cols; i < len(args); i += cols {
			if args[i] != nil {
				return false
			}
		}
	default:
		return false
	}
	return true
}

type rowsKey struct {
	cols, n int
	mask    uint64
	lit     string
}

var (
	rowLists     sync.Map // rowsKey -> string
	rowListCount atomic.Int64
)

// maxRowLists is how many VALUES lists Rows keeps.
const maxRowLists = 1024
