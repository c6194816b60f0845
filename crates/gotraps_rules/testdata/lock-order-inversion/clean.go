package bank

import "sync"

// Cache and Index are always locked in the order Cache, then Index.
type Cache struct {
	mu    sync.Mutex
	items map[string]string
	idx   *Index
}

type Index struct {
	mu   sync.Mutex
	keys []string
}

func (c *Cache) Put(k, v string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[k] = v
	c.idx.mu.Lock()
	c.idx.keys = append(c.idx.keys, k)
	c.idx.mu.Unlock()
}

func (c *Cache) Delete(k string) {
	c.mu.Lock()
	delete(c.items, k)
	c.mu.Unlock()
	// Index locked after releasing the cache lock: no nesting.
	c.idx.mu.Lock()
	c.idx.keys = nil
	c.idx.mu.Unlock()
}

// Two instances of one type: not compared.
type Wallet struct {
	mu      sync.Mutex
	balance int64
}

func move(from, to *Wallet, n int64) {
	from.mu.Lock()
	defer from.mu.Unlock()
	to.mu.Lock()
	defer to.mu.Unlock()
	from.balance -= n
	to.balance += n
}
