package lockset

import "sync"

// Cache is an LRU-less byte cache shared by request handlers.
type Cache struct {
	mu    sync.RWMutex
	items map[string][]byte
	hits  map[string]int
	size  int
}

func (c *Cache) Put(k string, v []byte) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = v
	c.size += len(v)
}

// Size reads the counter Put advances under c.mu, without it.
func (c *Cache) Size() int {
	return c.size // want "inconsistent locking on `Cache.size`: read holding no lock here, written holding `c.mu` at cache.go:17"
}

func (c *Cache) Get(k string) []byte {
	c.mu.RLock()
	defer c.mu.RUnlock()
	c.hits[k]++ // want "write under a read lock on `Cache.hits`: element written holding `c.mu` \(read\) here"
	return c.items[k]
}

// Len takes the lock on one path only.
func (c *Cache) Len(fast bool) int {
	if fast {
		return len(c.items) // want "inconsistent locking on `Cache.items`"
	}
	c.mu.RLock()
	n := len(c.items)
	c.mu.RUnlock()
	return n
}

var (
	codecsMu sync.Mutex
	codecs   = map[string]func([]byte) []byte{}
)

func RegisterCodec(name string, fn func([]byte) []byte) {
	codecsMu.Lock()
	codecs[name] = fn
	codecsMu.Unlock()
}

// Codec looks the registry up without the lock RegisterCodec holds.
func Codec(name string) func([]byte) []byte {
	return codecs[name] // want "inconsistent locking on `codecs`: read holding no lock here, element written holding `codecsMu`"
}

// Conn's state is guarded by mu; the helper is called with the lock held by one caller
// and without it by the other.
type Conn struct {
	mu     sync.Mutex
	closed bool
	err    error
}

func (c *Conn) fail(err error) {
	c.err = err // want "inconsistent locking on `Conn.err`: written holding no lock here, written holding `c.mu` at cache.go:68; they run in callers of `\(\*Conn\).Abort` and in callers of `\(\*Conn\).Close`"
}

func (c *Conn) Close() {
	c.mu.Lock()
	c.closed = true
	c.fail(nil)
	c.mu.Unlock()
}

func (c *Conn) Abort(err error) {
	c.fail(err) // the write in fail runs without c.mu here
	_ = c.closed // want "inconsistent locking on `Conn.closed`: read holding no lock here"
}
