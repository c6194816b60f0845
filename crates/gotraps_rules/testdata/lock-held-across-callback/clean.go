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

// Hooks implemented outside the package, fired under the registry's lock: an interface
// implemented elsewhere is as often a dependency (a store, a verifier) as a callback,
// and is not counted.
type Hook interface {
	Fire(event string)
}

type Registry struct {
	mu    sync.Mutex
	hooks []Hook
	names map[string]bool
}

func (r *Registry) AddHook(h Hook) {
	r.mu.Lock()
	r.hooks = append(r.hooks, h)
	r.mu.Unlock()
}

func (r *Registry) Has(name string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.names[name]
}

func (r *Registry) fire(event string) {
	for _, h := range r.hooks {
		h.Fire(event)
	}
}

func (r *Registry) Register(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.names[name] = true
	r.fire("register " + name)
}

// A printf-style logging func supplied by the caller is a sink, not a callback.
type Pool struct {
	mu    sync.Mutex
	idle  int
	Logf  func(format string, args ...any)
}

func (p *Pool) Idle() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.idle
}

func (p *Pool) put() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.idle++
	p.Logf("idle=%d", p.idle)
}
