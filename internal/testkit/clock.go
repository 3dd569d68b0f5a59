package testkit

import (
	"sync"
	"time"
)

// Clock is a settable clock. Handlers read it from server goroutines, hence
// the lock.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock stopped at start.
func NewClock(start time.Time) *Clock { return &Clock{t: start} }

// Now returns the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Add moves the clock by d.
func (c *Clock) Add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// ShiftClock is the wall clock moved by a settable offset, for tests whose
// clients sign or expire things against real time. Safe for concurrent use.
type ShiftClock struct {
	mu     sync.Mutex
	offset time.Duration
}

// Now returns the wall clock plus the offset.
func (c *ShiftClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// Add moves the clock by d.
func (c *ShiftClock) Add(d time.Duration) { c.mu.Lock(); c.offset += d; c.mu.Unlock() }
