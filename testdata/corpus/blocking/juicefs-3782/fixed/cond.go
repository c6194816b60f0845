package fixed

import (
	"sync"
	"time"
)

// Cond is a condition variable built on a channel so that waits can time
// out. A signal with no goroutine receiving at that instant is dropped.
type Cond struct {
	L      sync.Locker
	signal chan struct{}
}

func NewCond(l sync.Locker) *Cond {
	return &Cond{L: l, signal: make(chan struct{})}
}

func (c *Cond) Signal() {
	select {
	case c.signal <- struct{}{}:
	default:
	}
}

func (c *Cond) Wait() {
	c.L.Unlock()
	defer c.L.Lock()
	<-c.signal
}

// WaitWithTimeout waits for a signal for at most d and reports whether it
// timed out.
func (c *Cond) WaitWithTimeout(d time.Duration) bool {
	c.L.Unlock()
	defer c.L.Lock()
	select {
	case <-c.signal:
		return false
	case <-time.After(d):
		return true
	}
}

// prefetch waits for a background fetch of one block.
type prefetch struct {
	mu    sync.Locker
	cond  *Cond
	ready bool
}

func (p *prefetch) wait() {
	p.mu.Lock()
	for !p.ready {
		p.cond.WaitWithTimeout(10 * time.Millisecond)
	}
	p.mu.Unlock()
}

func (p *prefetch) done() {
	p.mu.Lock()
	p.ready = true
	p.cond.Signal()
	p.mu.Unlock()
}
