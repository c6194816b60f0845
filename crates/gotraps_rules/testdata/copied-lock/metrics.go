package metrics

import (
	"sync"
	"time"
)

// Counter counts events per key for the /metrics endpoint.
type Counter struct {
	mu sync.Mutex
	n  map[string]int
}

func (c Counter) Inc(key string) { // want `GT025 copied-lock: value receiver copies .Counter., which holds a sync.Mutex \(.mu.\)`
	c.mu.Lock()
	c.n[key]++
	c.mu.Unlock()
}

func (c *Counter) Get(key string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[key]
}

// Window embeds its lock through a nested struct of the package.
type Window struct {
	counts Counter
	start  time.Time
}

func (w Window) Age() time.Duration { // want `value receiver copies .Window., which holds a sync.Mutex \(.counts\.mu.\)`
	return time.Since(w.start)
}

type Batch struct {
	sync.WaitGroup
	items []string
}

func flush(b Batch) int { // want `parameter passes .Batch. by value, which holds a sync.WaitGroup \(.WaitGroup.\)`
	return len(b.items)
}

// Returning a fresh value copies no lock in use.
func snapshot(c *Counter) Counter {
	return Counter{n: c.n}
}

func guard(mu sync.Mutex, f func()) { // want `parameter passes .sync.Mutex. by value`
	mu.Lock()
	defer mu.Unlock()
	f()
}
