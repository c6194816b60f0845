package cache

import "sync"

// A service registry notifies its watchers under its read lock; a watcher looks
// the service up again through its pointer back to the registry. Register takes
// the write lock: once it queues between the two RLocks, the second waits for
// it and it waits for the first.
type Registry struct {
	mu       sync.RWMutex
	services map[string]string
	watchers []*watcher
}

type watcher struct {
	mu   sync.Mutex
	reg  *Registry
	seen map[string]string
}

func (r *Registry) Register(name, addr string) {
	r.mu.Lock()
	r.services[name] = addr
	r.mu.Unlock()
	r.notify(name)
}

func (r *Registry) notify(name string) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	for _, w := range r.watchers {
		w.changed(name)
	}
}

func (r *Registry) Lookup(name string) string {
	r.mu.RLock() // want `GT422 reentrant-lock-via-call: .r\.mu\.RLock\(\). waits for .r\.mu., which this goroutine already holds: .notify. locked it .* calls .w\.changed. .* a second RLock waits behind any writer queued since the first`
	defer r.mu.RUnlock()
	return r.services[name]
}

func (w *watcher) changed(name string) {
	reg := w.reg
	addr := reg.Lookup(name)
	w.mu.Lock()
	w.seen[name] = addr
	w.mu.Unlock()
}

// The same through the field directly: a balancer's picker reads its balancer's
// state back while the balancer, holding its read lock, asks every picker to
// refresh.
type Balancer struct {
	mu      sync.RWMutex
	weights map[string]int
	pickers []*picker
}

type picker struct {
	b       *Balancer
	weights map[string]int
}

func (b *Balancer) SetWeight(addr string, w int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.weights[addr] = w
}

func (b *Balancer) refreshAll() {
	b.mu.RLock()
	for _, p := range b.pickers {
		p.refresh()
	}
	b.mu.RUnlock()
}

func (b *Balancer) weight(addr string) int {
	b.mu.RLock() // want `GT422 reentrant-lock-via-call: .b\.mu\.RLock\(\). waits for .b\.mu., which this goroutine already holds: .refreshAll. locked it .* calls .p\.refresh. .* recursive read locking deadlocks`
	defer b.mu.RUnlock()
	return b.weights[addr]
}

func (p *picker) refresh() {
	for addr := range p.weights {
		p.weights[addr] = p.b.weight(addr)
	}
}
