// Package bug models the connection pool of an HTTP client for a search
// cluster: requests report each node's success or failure, dead nodes are
// moved out of the live list and resurrected later.
package bug

import (
	"sync"
	"time"
)

type DebugLogger interface {
	Logf(format string, args ...any)
}

var debugLogger DebugLogger

type Connection struct {
	mu        sync.Mutex
	URL       string
	IsDead    bool
	DeadSince time.Time
	Failures  int
}

func (c *Connection) markAsDead() {
	c.IsDead = true
	if c.DeadSince.IsZero() {
		c.DeadSince = time.Now()
	}
	c.Failures++
}

func (c *Connection) markAsHealthy() {
	c.IsDead = false
	c.DeadSince = time.Time{}
	c.Failures = 0
}

type statusConnectionPool struct {
	mu   sync.Mutex
	live []*Connection
	dead []*Connection
}

// OnSuccess is called after a request to c succeeded.
func (cp *statusConnectionPool) OnSuccess(c *Connection) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.IsDead {
		return
	}
	c.markAsHealthy()
	if debugLogger != nil {
		debugLogger.Logf("Resurrecting %s", c.URL)
	}
	cp.mu.Lock() // corpus:blocks
	defer cp.mu.Unlock()
	cp.resurrect(c)
}

// OnFailure is called after a request to c failed.
func (cp *statusConnectionPool) OnFailure(c *Connection) {
	cp.mu.Lock()
	defer cp.mu.Unlock()
	c.mu.Lock()
	if c.IsDead {
		c.mu.Unlock()
		return
	}
	c.markAsDead()
	c.mu.Unlock()
	for i, lc := range cp.live {
		if lc == c {
			cp.live = append(cp.live[:i], cp.live[i+1:]...)
			break
		}
	}
	cp.dead = append(cp.dead, c)
}

// resurrectDead runs on a timer and puts back the dead connections whose
// timeout has passed, to give them another chance.
func (cp *statusConnectionPool) resurrectDead(now time.Time, timeout time.Duration) {
	cp.mu.Lock()
	defer cp.mu.Unlock()
	var due []*Connection
	for _, c := range cp.dead {
		c.mu.Lock() // corpus:blocks
		if c.IsDead && now.Sub(c.DeadSince) >= timeout {
			due = append(due, c)
		}
		c.mu.Unlock()
	}
	for _, c := range due {
		cp.resurrect(c)
	}
}

// resurrect moves c back to the live list; the caller holds cp.mu.
func (cp *statusConnectionPool) resurrect(c *Connection) {
	for i, dc := range cp.dead {
		if dc == c {
			cp.dead = append(cp.dead[:i], cp.dead[i+1:]...)
			break
		}
	}
	cp.live = append(cp.live, c)
}
