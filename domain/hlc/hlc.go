// Package hlc is a hybrid logical clock (Kulkarni et al. 2014): 48 bits of physical
// milliseconds and a 16-bit counter in one uint64, so timestamps order like integers and stay
// close to wall time while never going backwards on one device.
package hlc

import (
	"fmt"
	"sync"
	"time"
)

// Timestamp is physical milliseconds << 16 | logical counter.
type Timestamp uint64

const counterBits = 16

// New builds a timestamp from its parts.
func New(ms int64, counter uint16) Timestamp {
	return Timestamp(uint64(ms)<<counterBits | uint64(counter))
}

// Millis is the physical part in Unix milliseconds.
func (t Timestamp) Millis() int64 { return int64(uint64(t) >> counterBits) }

// Counter is the logical part.
func (t Timestamp) Counter() uint16 { return uint16(uint64(t) & (1<<counterBits - 1)) }

// Time is the physical part as a time.
func (t Timestamp) Time() time.Time { return time.UnixMilli(t.Millis()).UTC() }

func (t Timestamp) String() string {
	return fmt.Sprintf("%s#%d", t.Time().Format("2006-01-02T15:04:05.000Z"), t.Counter())
}

// Clock issues timestamps. It is safe for concurrent use.
type Clock struct {
	mu   sync.Mutex
	last Timestamp
	wall func() time.Time
}

// NewClock returns a clock reading wall for physical time, starting after last (the highest
// timestamp this device has issued or seen, so a restart never goes backwards).
func NewClock(wall func() time.Time, last Timestamp) *Clock {
	return &Clock{wall: wall, last: last}
}

// Now issues a timestamp greater than every one issued or observed before.
func (c *Clock) Now() Timestamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.last = next(c.last, c.wall().UnixMilli())
	return c.last
}

// Observe merges a timestamp received from elsewhere, so later local ones order after it.
func (c *Clock) Observe(remote Timestamp) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if remote > c.last {
		c.last = remote
	}
}

// Last is the highest timestamp issued or observed.
func (c *Clock) Last() Timestamp {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.last
}

// next is the send/local-event rule: take the wall clock if it moved past the last physical
// part, else bump the counter (carrying into the physical part if the counter overflows).
func next(last Timestamp, wallMs int64) Timestamp {
	if wallMs > last.Millis() {
		return New(wallMs, 0)
	}
	if last.Counter() == 1<<counterBits-1 {
		return New(last.Millis()+1, 0)
	}
	return last + 1
}
