package main

import (
	"context"
	"log"
	"sync"
	"time"
)

// PriceCache keeps recent prices per SKU and refreshes them from the store.
type PriceCache struct {
	mu      sync.Mutex
	statsMu sync.Mutex
	prices  map[string]int64
	misses  int
	updates chan priceUpdate
}

type priceUpdate struct {
	sku   string
	price int64
}

func NewPriceCache() *PriceCache {
	c := &PriceCache{prices: make(map[string]int64), updates: make(chan priceUpdate, 16)}
	go c.applyUpdates()
	return c
}

// Get takes the cache lock, then the stats lock.
func (c *PriceCache) Get(sku string) (int64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, ok := c.prices[sku]
	if !ok {
		c.statsMu.Lock()
		c.misses++
		c.statsMu.Unlock()
	}
	return p, ok
}

// Report takes the stats lock, then the cache lock: the opposite order of Get.
func (c *PriceCache) Report() {
	c.statsMu.Lock()
	defer c.statsMu.Unlock()
	c.mu.Lock()
	log.Printf("cache: %d entries, %d misses", len(c.prices), c.misses)
	c.mu.Unlock()
}

// applyUpdates ranges over a channel that nothing ever closes: the goroutine
// outlives every cache.
func (c *PriceCache) applyUpdates() {
	for u := range c.updates {
		c.mu.Lock()
		c.prices[u.sku] = u.price
		c.mu.Unlock()
	}
}

// Warm loads the given SKUs in parallel.
func (c *PriceCache) Warm(ctx context.Context, store *Store, skus []string) {
	found := make(map[string]int64, len(skus))
	var wg sync.WaitGroup
	for _, sku := range skus {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// Before Go 1.22 every goroutine sees the same sku variable.
			price, err := store.Price(ctx, sku)
			if err == nil {
				found[sku] = price
			}
		}()
	}
	wg.Wait()
	c.mu.Lock()
	for sku, p := range found {
		c.prices[sku] = p
	}
	c.mu.Unlock()
}

// RefreshLoop re-reads prices every minute until ctx is cancelled.
func (c *PriceCache) RefreshLoop(ctx context.Context, store *Store) {
	ticker := time.NewTicker(time.Minute)
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
			c.Report()
		}
	}
}
