package doublelock

import (
	"sync"
	"time"
)

type entry struct {
	value   []byte
	expires time.Time
}

// Cache is an in-memory TTL cache shared by the HTTP handlers.
type Cache struct {
	mu      sync.Mutex
	entries map[string]entry
	stats   *Stats
}

type Stats struct {
	sync.RWMutex
	hits, misses int
}

func (c *Cache) Get(key string) ([]byte, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[key]
	if !ok || time.Now().After(e.expires) {
		c.delete(key) // want `GT022 double-lock: call locks .c\.mu., which is already held`
		return nil, false
	}
	return e.value, true
}

func (c *Cache) delete(key string) {
	c.mu.Lock()
	delete(c.entries, key)
	c.mu.Unlock()
}

// Purge drops expired entries; runs from a ticker goroutine.
func (c *Cache) Purge(now time.Time) {
	c.mu.Lock()
	for k, e := range c.entries {
		if now.After(e.expires) {
			c.remove(k) // want `call locks .c\.mu.`
		}
	}
	c.mu.Unlock()
}

// remove goes through one more helper before locking.
func (c *Cache) remove(key string) {
	c.delete(key)
}

func (c *Cache) Set(key string, v []byte, ttl time.Duration) {
	c.mu.Lock()
	if c.entries == nil {
		c.entries = make(map[string]entry)
	}
	c.mu.Lock() // want `GT022 double-lock: .c\.mu. locked again while already held`
	c.entries[key] = entry{value: v, expires: time.Now().Add(ttl)}
	c.mu.Unlock()
}

func (s *Stats) Ratio() float64 {
	s.RLock()
	defer s.RUnlock()
	return float64(s.hits) / float64(s.total()) // want `call read-locks .s\.RWMutex. again while this goroutine holds its read lock`
}

func (s *Stats) total() int {
	s.RLock()
	defer s.RUnlock()
	return s.hits + s.misses
}

var registryMu sync.Mutex
var registry = map[string]*Cache{}

// Register adds a cache to the process-wide registry, once per name.
func Register(name string, c *Cache) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if lookup(name) != nil { // want `call locks .registryMu.`
		return
	}
	registry[name] = c
}

func lookup(name string) *Cache {
	registryMu.Lock()
	defer registryMu.Unlock()
	return registry[name]
}

// Drain locks in every iteration and forgets to unlock on the continue path.
func (c *Cache) Drain(keys []string, out chan<- []byte) {
	for _, k := range keys {
		c.mu.Lock() // want `locked again while already held`
		e, ok := c.entries[k]
		if !ok {
			continue
		}
		c.mu.Unlock()
		out <- e.value
	}
}
