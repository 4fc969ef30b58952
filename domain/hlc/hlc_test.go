package hlc_test

import (
	"testing"
	"time"

	"outpost/domain/hlc"
)

func TestClockMonotonic(t *testing.T) {
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	walls := []time.Time{base, base, base.Add(-time.Hour), base.Add(time.Millisecond), base.Add(-time.Minute)}
	i := 0
	c := hlc.NewClock(func() time.Time { w := walls[i%len(walls)]; i++; return w }, 0)
	var prev hlc.Timestamp
	for range 10 {
		got := c.Now()
		if got <= prev {
			t.Fatalf("got %v after %v, want increasing", got, prev)
		}
		prev = got
	}
}

func TestObserveOrdersAfterRemote(t *testing.T) {
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := hlc.NewClock(func() time.Time { return base }, 0)
	remote := hlc.New(base.Add(time.Hour).UnixMilli(), 7)
	c.Observe(remote)
	if got := c.Now(); got <= remote {
		t.Fatalf("got %v, want after %v", got, remote)
	}
}

func TestCounterOverflowCarries(t *testing.T) {
	base := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := hlc.NewClock(func() time.Time { return base }, hlc.New(base.UnixMilli(), 65535))
	got := c.Now()
	if got.Millis() != base.UnixMilli()+1 || got.Counter() != 0 {
		t.Fatalf("got %v, want next millisecond with counter 0", got)
	}
}

func TestParts(t *testing.T) {
	ts := hlc.New(1_700_000_000_123, 42)
	if ts.Millis() != 1_700_000_000_123 || ts.Counter() != 42 {
		t.Fatalf("got %d/%d, want 1700000000123/42", ts.Millis(), ts.Counter())
	}
}
