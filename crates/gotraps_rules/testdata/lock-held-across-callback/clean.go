package widgets

import "sync"

// The callback runs after the lock is released, on a copy of what it needs.
type Slider struct {
	mu       sync.Mutex
	value    int
	OnChange func(int)
}

func (s *Slider) Value() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.value
}

func (s *Slider) Step() {
	s.mu.Lock()
	s.value++
	v, cb := s.value, s.OnChange
	s.mu.Unlock()
	if cb != nil {
		cb(v)
	}
}

// No exported method takes the lock: a callback has nothing to call back into.
type Batcher struct {
	mu      sync.Mutex
	pending []string
	Flush   func([]string)
}

func (b *Batcher) add(s string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.pending = append(b.pending, s)
	if len(b.pending) >= 8 {
		b.Flush(b.pending)
		b.pending = nil
	}
}

// Read locks only, and no writer anywhere: a nested RLock never waits.
type Catalog struct {
	mu      sync.RWMutex
	items   map[string]int
	OnVisit func(string, int)
}

func (c *Catalog) Count(name string) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.items[name]
}

func (c *Catalog) Walk() {
	c.mu.RLock()
	defer c.mu.RUnlock()
	for k, v := range c.items {
		c.OnVisit(k, v)
	}
}

// The callback is the package's own function, which does not lock.
type Ticker struct {
	mu    sync.Mutex
	n     int
	onTick func()
}

func NewTicker() *Ticker {
	t := &Ticker{}
	t.onTick = t.bumpLocked
	return t
}

func (t *Ticker) bumpLocked() { t.n++ }

func (t *Ticker) Count() int {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.n
}

func (t *Ticker) Tick() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.onTick()
}
