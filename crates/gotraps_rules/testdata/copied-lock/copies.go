package metrics

import (
	"sync"
	"sync/atomic"
)

// Histogram guards its buckets with an embedded mutex.
type Histogram struct {
	sync.Mutex
	buckets []uint64
}

// Stats keeps counters updated with atomics; atomic values must not be copied either.
type Stats struct {
	hits   atomic.Int64
	misses atomic.Int64
}

// Registry holds histograms by value: every read copies one.
type Registry struct {
	mu    sync.RWMutex
	hists map[string]Histogram
	list  []Histogram
	stats Stats
}

// spinLock is the package's own lock: Lock and Unlock on the pointer.
type spinLock struct{ state int32 }

func (l *spinLock) Lock() {
	for !atomic.CompareAndSwapInt32(&l.state, 0, 1) {
	}
}

func (l *spinLock) Unlock() { atomic.StoreInt32(&l.state, 0) }

type shard struct {
	lock  spinLock
	items map[string][]byte
}

func (r *Registry) Lookup(name string) Histogram {
	r.mu.RLock()
	defer r.mu.RUnlock()
	h := r.hists[name] // want `assignment copies .r.hists\[name\]., which contains a sync.Mutex`
	return h           // want `return copies .h., which contains a sync.Mutex`
}

func (r *Registry) Total() uint64 {
	var n uint64
	for _, h := range r.list { // want `range variable .h. copies each element, which contains a sync.Mutex`
		for _, b := range h.buckets {
			n += b
		}
	}
	return n
}

func (r *Registry) Snapshot() Stats {
	s := r.stats // want `assignment copies .r.stats., which contains a sync/atomic.Int64`
	return s     // want `return copies .s., which contains a sync/atomic.Int64`
}

func (r *Registry) Publish(sink func(Histogram)) {
	for _, h := range r.hists { // want `range variable .h. copies each element`
		sink(h) // want `call passes .h. by value, which contains a sync.Mutex`
	}
}

func (r *Registry) Export() []Histogram {
	var out []Histogram
	for i := range r.list {
		out = append(out, r.list[i]) // want `call passes .r.list\[i\]. by value`
	}
	return out
}

type shardSet struct {
	shards [4]shard
}

func (s *shardSet) Reset() {
	var old = s.shards[0]     // want `variable declaration copies .s.shards\[0\]., which contains a example.com/copiedlock.spinLock`
	_ = old                   // want `assignment copies .old.`
	s.shards[1] = s.shards[2] // want `assignment copies .s.shards\[2\]., which contains a example.com/copiedlock.spinLock`
}

type report struct {
	name string
	h    Histogram
}

func describe(name string, r *Registry) report {
	h := r.hists[name]              // want `assignment copies`
	return report{name: name, h: h} // want `composite literal copies .h., which contains a sync.Mutex`
}

var onWatch = func(s Stats) {} // want `parameter passes .Stats. by value, which contains a sync/atomic.Int64`

func watch(r *Registry) {
	onWatch(*r.Stats()) // a pointer's target, fetched by a call: vet leaves it, so do we
}

func (r *Registry) Stats() *Stats { return &r.stats }

// Fresh values are not copies of a lock in use.
func newRegistry() Registry {
	return Registry{hists: map[string]Histogram{}}
}

func fresh(n int) Histogram {
	if n > 0 {
		h := Histogram{buckets: make([]uint64, n)}
		return h // want `return copies .h.`
	}
	return *newHistogram()
}

func newHistogram() *Histogram { return &Histogram{} }

// Pointers and lengths copy no lock.
func (r *Registry) Count() int {
	p := &r.stats
	_ = p
	return len(r.list)
}

// cursor carries its own lock; a loop variable of it is copied into every iteration
// (Go 1.22 loop semantics).
type cursor struct {
	mu  sync.Mutex
	pos int
}

func (c *cursor) valid(n int) bool { return c.pos < n }

func (c *cursor) advance() { c.pos++ }

func walk(n int) int {
	steps := 0
	for c := (cursor{}); c.valid(n); c.advance() { // want `each loop iteration copies .c., which contains a sync.Mutex`
		steps++
	}
	return steps
}
