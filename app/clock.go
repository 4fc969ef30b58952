package app

import (
	"sync/atomic"
	"time"
)

// Clock is wall time plus an offset that only the test hooks move, so an end-to-end test can
// jump ahead (e.g. past an SLA breach) through the real app.
type Clock struct{ offset atomic.Int64 }

// Now is the app's time.
func (c *Clock) Now() time.Time { return time.Now().Add(time.Duration(c.offset.Load())).UTC() }

// Advance moves the clock forward by d.
func (c *Clock) Advance(d time.Duration) { c.offset.Add(int64(d)) }
