package lockset

import "sync"

// Registry is consistently locked; its name is set once, before it is shared.
type Registry struct {
	name string
	mu   sync.Mutex
	byID map[int]string
	gen  int
}

func NewRegistry(name string) *Registry {
	r := &Registry{name: name, byID: map[int]string{}}
	r.gen = 1
	r.reset()
	return r
}

func (r *Registry) reset() {
	r.byID = map[int]string{}
}

func (r *Registry) Name() string { return r.name }

func (r *Registry) Add(id int, v string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.byID[id] = v
	r.gen++
}

func (r *Registry) Lookup(id int) (string, bool) {
	r.mu.Lock()
	v, ok := r.byID[id]
	r.mu.Unlock()
	return v, ok
}

// Gen unlocks early on one path; every access still holds the lock.
func (r *Registry) Gen(min int) int {
	r.mu.Lock()
	if r.gen < min {
		r.mu.Unlock()
		return 0
	}
	g := r.gen
	r.mu.Unlock()
	return g
}

func (r *Registry) lock()   { r.mu.Lock() }
func (r *Registry) unlock() { r.mu.Unlock() }

// Bump locks through helpers.
func (r *Registry) Bump() {
	r.lock()
	r.gen++
	r.unlock()
}

// Counts reads under a read lock and writes under the write lock.
type Counts struct {
	mu sync.RWMutex
	n  map[string]int
}

func (c *Counts) Inc(k string) {
	c.mu.Lock()
	c.n[k]++
	c.mu.Unlock()
}

func (c *Counts) Get(k string) int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.n[k]
}
