package sessions

import "sync"

type Counter struct {
	mu sync.Mutex
	n  map[string]int
}

// Odd but correct: the deferred unlock still runs after the lock.
func (c *Counter) Inc(key string) {
	defer c.mu.Unlock()
	c.mu.Lock()
	c.n[key]++
}

// flushLocked is called with c.mu held; it drops the lock around the slow write.
func (c *Counter) flushLocked(write func(map[string]int)) {
	snapshot := make(map[string]int, len(c.n))
	for k, v := range c.n {
		snapshot[k] = v
	}
	c.mu.Unlock()
	write(snapshot)
	c.mu.Lock()
}

func (c *Counter) Flush(write func(map[string]int)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.flushLocked(write)
}

// Reset releases early on one branch only, without a deferred unlock.
func (c *Counter) Reset(all bool) {
	c.mu.Lock()
	if all {
		c.n = map[string]int{}
		c.mu.Unlock()
		return
	}
	delete(c.n, "")
	c.mu.Unlock()
}
