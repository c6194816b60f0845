package bank

import "sync"

type Catalog struct {
	mu    sync.Mutex
	items map[string]*Item
}

type Item struct {
	mu      sync.Mutex
	price   int64
	catalog *Catalog
}

// Update passes the current item to the caller's `new`, which may hand back that same
// shared item: unlike the builtin new, its result is not a fresh object, so taking its
// lock under the catalog's orders the two locks.
func (c *Catalog) Update(key string, new func(old *Item) *Item) {
	c.mu.Lock()
	defer c.mu.Unlock()
	it := new(c.items[key])
	it.mu.Lock() // want `GT024 lock-order-inversion: .Item\.mu. taken while .Catalog\.mu. is held`
	it.price++
	it.mu.Unlock()
	c.items[key] = it
}

// A fresh item from the builtin new is not shared yet: locking it orders nothing.
func (c *Catalog) Add(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	it := new(Item)
	it.mu.Lock()
	it.catalog = c
	it.mu.Unlock()
	c.items[key] = it
}

func (it *Item) Reprice(p int64) {
	it.mu.Lock()
	defer it.mu.Unlock()
	it.price = p
	it.catalog.mu.Lock() // want `GT024 lock-order-inversion: .Catalog\.mu. taken while .Item\.mu. is held`
	delete(it.catalog.items, "")
	it.catalog.mu.Unlock()
}
