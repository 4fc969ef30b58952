package merge_test

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"outpost/sync/merge"
	"outpost/sync/protocol"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update once to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s:\n%s", name, path, got)
	}
}

func st(h uint64, d string) protocol.Stamp { return protocol.Stamp{HLC: h, Device: d} }
func js(v any) json.RawMessage             { b, _ := json.Marshal(v); return b }

func TestFieldGolden(t *testing.T) {
	cases := []struct {
		name string
		kind merge.Kind
		cur  merge.Current
		in   merge.Incoming
	}{
		{"first write", merge.LWW, merge.Current{}, merge.Incoming{Value: js(2), Stamp: st(10, "a")}},
		{"sequential newer", merge.LWW, merge.Current{Value: js(2), Stamp: st(10, "a")},
			merge.Incoming{Value: js(3), Stamp: st(20, "b"), Base: st(10, "a")}},
		{"concurrent newer differs", merge.LWW, merge.Current{Value: js(2), Stamp: st(10, "a")},
			merge.Incoming{Value: js(3), Stamp: st(20, "b"), Base: st(5, "c")}},
		{"concurrent older differs", merge.LWW, merge.Current{Value: js(2), Stamp: st(30, "a")},
			merge.Incoming{Value: js(3), Stamp: st(20, "b"), Base: st(5, "c")}},
		{"concurrent same value", merge.LWW, merge.Current{Value: js("x"), Stamp: st(10, "a")},
			merge.Incoming{Value: js("x"), Stamp: st(20, "b")}},
		{"hlc tie broken by device", merge.LWW, merge.Current{Value: js("a"), Stamp: st(10, "a")},
			merge.Incoming{Value: js("b"), Stamp: st(10, "b")}},
		{"hlc tie lower device loses", merge.LWW, merge.Current{Value: js("b"), Stamp: st(10, "b")},
			merge.Incoming{Value: js("a"), Stamp: st(10, "a")}},
		{"same device is sequential", merge.LWW, merge.Current{Value: js(1), Stamp: st(10, "a")},
			merge.Incoming{Value: js(2), Stamp: st(20, "a")}},
		{"older write the current one was based on", merge.LWW, merge.Current{Value: js(1), Stamp: st(30, "a"), Base: st(20, "b")},
			merge.Incoming{Value: js(2), Stamp: st(20, "b")}},
		{"own op back clamped", merge.LWW, merge.Current{Value: js(1), Stamp: st(99, "a"), ChangeID: "c1"},
			merge.Incoming{Value: js(1), Stamp: st(50, "a"), ChangeID: "c1"}},
		{"own op back unchanged", merge.LWW, merge.Current{Value: js(1), Stamp: st(99, "a"), ChangeID: "c1"},
			merge.Incoming{Value: js(1), Stamp: st(99, "a"), ChangeID: "c1"}},
		{"long text concurrent", merge.LongText, merge.Current{Value: js("mine"), Stamp: st(10, "a")},
			merge.Incoming{Value: js("theirs"), Stamp: st(11, "b")}},
		{"null vs id", merge.LWW, merge.Current{Value: js(nil), Stamp: st(10, "a")},
			merge.Incoming{Value: js("g1"), Stamp: st(11, "b")}},
		{"formatting is not a difference", merge.LWW, merge.Current{Value: json.RawMessage(`{"a": 1}`), Stamp: st(10, "a")},
			merge.Incoming{Value: json.RawMessage(`{"a":1}`), Stamp: st(11, "b")}},
	}
	var b strings.Builder
	for _, c := range cases {
		d := merge.Field(c.kind, "f", c.cur, c.in)
		fmt.Fprintf(&b, "%s: apply=%v", c.name, d.Apply)
		if d.Conflict != nil {
			fmt.Fprintf(&b, " conflict{kind=%s winner=%s@%d/%s loser=%s@%d/%s}", d.Conflict.Kind,
				d.Conflict.Winner, d.Conflict.WinnerStamp.HLC, d.Conflict.WinnerStamp.Device,
				d.Conflict.Loser, d.Conflict.LoserStamp.HLC, d.Conflict.LoserStamp.Device)
		}
		b.WriteString("\n")
	}
	golden(t, "field", b.String())
}

// TestFieldCommutes: two replicas that receive the same writes in opposite orders end with the
// same value.
func TestFieldCommutes(t *testing.T) {
	writes := []merge.Incoming{
		{Value: js("a"), Stamp: st(10, "a"), ChangeID: "1"},
		{Value: js("b"), Stamp: st(12, "b"), ChangeID: "2"},
		{Value: js("c"), Stamp: st(12, "c"), ChangeID: "3"},
		{Value: js("d"), Stamp: st(11, "d"), ChangeID: "4"},
	}
	apply := func(order []int) string {
		var cur merge.Current
		for _, i := range order {
			w := writes[i]
			if merge.Field(merge.LWW, "f", cur, w).Apply {
				cur = merge.Current{Value: w.Value, Stamp: w.Stamp, ChangeID: w.ChangeID}
			}
		}
		return string(cur.Value)
	}
	for _, order := range [][]int{{0, 1, 2, 3}, {3, 2, 1, 0}, {2, 0, 3, 1}, {1, 3, 0, 2}} {
		if got := apply(order); got != `"c"` {
			t.Errorf("order %v: got %s, want \"c\"", order, got)
		}
	}
}

func TestTransitionGolden(t *testing.T) {
	refuse := func() error { return errors.New("resolved needs a resolution code") }
	cases := []struct {
		name    string
		current string
		move    merge.Move
		check   func() error
	}{
		{"expected state still there", "new", merge.Move{From: "new", To: "in_progress"}, nil},
		{"state changed meanwhile", "on_hold", merge.Move{From: "new", To: "in_progress"}, nil},
		{"state machine refuses", "new", merge.Move{From: "new", To: "resolved"}, refuse},
		{"concurrent identical move", "in_progress", merge.Move{From: "new", To: "in_progress"}, nil},
	}
	var b strings.Builder
	for _, c := range cases {
		conflict := merge.Transition(c.current, c.move, c.check)
		if conflict == nil {
			fmt.Fprintf(&b, "%s: apply %s->%s\n", c.name, c.move.From, c.move.To)
			continue
		}
		fmt.Fprintf(&b, "%s: conflict queue: %s\n", c.name, conflict.Error())
	}
	golden(t, "transition", b.String())
}

func TestUnionArchiveClampGolden(t *testing.T) {
	var b strings.Builder
	fmt.Fprintf(&b, "union new child: add=%v\n", merge.Union(false))
	fmt.Fprintf(&b, "union child already there: add=%v\n", merge.Union(true))
	for _, c := range [][2]bool{{false, false}, {false, true}, {true, false}, {true, true}} {
		fmt.Fprintf(&b, "archive current=%v incoming=%v: %v\n", c[0], c[1], merge.ArchiveFlag(c[0], c[1]))
	}
	now := time.UnixMilli(1_700_000_000_000).UTC()
	fresh := func() uint64 { return uint64(now.UnixMilli())<<16 | 7 }
	for _, ahead := range []time.Duration{-3 * time.Hour, 0, merge.MaxAhead, merge.MaxAhead + time.Millisecond, 3 * time.Hour} {
		h := uint64(now.Add(ahead).UnixMilli()) << 16
		got, clamped := merge.Clamp(h, now, fresh)
		fmt.Fprintf(&b, "clamp %v ahead: clamped=%v to_server_now=%v\n", ahead, clamped, got == fresh())
	}
	golden(t, "union_archive_clamp", b.String())
}
