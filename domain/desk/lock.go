package desk

import (
	"context"
	"strconv"
	"time"

	"outpost/domain/people"
)

// keyIdleLock is the idle time, in minutes, after which a desk with passwords locks.
const keyIdleLock = "idle_lock_minutes"

// defaultIdleLock applies until an admin sets another: never, so a desk that gains a
// password does not start locking by surprise; the admin chooses the time.
const defaultIdleLock = 0

// IdleLock is how long the desk stays open without activity before it asks for the
// password again (0 = never). Desk-local: each desk is in its own room.
func (d *Desk) IdleLock(ctx context.Context) time.Duration {
	return time.Duration(d.IdleLockMinutes(ctx)) * time.Minute
}

// IdleLockMinutes is IdleLock in minutes.
func (d *Desk) IdleLockMinutes(ctx context.Context) int {
	v, _ := d.Setting(ctx, keyIdleLock)
	n, err := strconv.Atoi(v)
	if err != nil || people.CheckIdleMinutes(n) != nil {
		return defaultIdleLock
	}
	return n
}

// SetIdleLock sets the idle lock in minutes (admins only; 0 = never).
func (d *Desk) SetIdleLock(ctx context.Context, actor people.Actor, minutes int) error {
	if err := actor.Require(people.Admin, "set the idle lock"); err != nil {
		return err
	}
	if err := people.CheckIdleMinutes(minutes); err != nil {
		return err
	}
	return d.SetSetting(ctx, keyIdleLock, strconv.Itoa(minutes))
}
