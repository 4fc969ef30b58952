package client

import (
	"runtime/debug"
	"testing"
)

func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// TestRelaxGC: overlapping pulls slow the collector once and the last restores what the
// first found; a slower setting, or the collector off, stays as it is.
func TestRelaxGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	first := relaxGC()
	second := relaxGC()
	if got := gcPercent(); got != pullGCPercent {
		t.Errorf("during two pulls GOGC = %d, want %d", got, pullGCPercent)
	}
	first()
	if got := gcPercent(); got != pullGCPercent {
		t.Errorf("after the first of two pulls GOGC = %d, want %d", got, pullGCPercent)
	}
	second()
	if got := gcPercent(); got != 100 {
		t.Errorf("after both pulls GOGC = %d, want 100 again", got)
	}
	for _, set := range []int{-1, 800} {
		debug.SetGCPercent(set)
		done := relaxGC()
		if got := gcPercent(); got != set {
			t.Errorf("with GOGC %d a pull set it to %d", set, got)
		}
		done()
		if got := gcPercent(); got != set {
			t.Errorf("with GOGC %d it is %d after a pull", set, got)
		}
	}
}
