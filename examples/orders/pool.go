package main

import (
	"context"
	"log"
	"sync"
	"time"
)

// Pool prices orders on a fixed number of workers.
type Pool struct {
	jobs  chan Order
	store *Store
	wg    sync.WaitGroup
}

func NewPool(n int, store *Store) *Pool {
	p := &Pool{jobs: make(chan Order), store: store}
	for i := 0; i < n; i++ {
		go func() {
			p.wg.Add(1)
			defer p.wg.Done()
			p.work()
		}()
	}
	return p
}

func logPanic() {
	if r := recover(); r != nil {
		log.Printf("worker panic: %v", r)
	}
}

func (p *Pool) work() {
	defer func() {
		logPanic()
	}()
	ticker := time.NewTicker(10 * time.Second)
	for {
		select {
		case o := <-p.jobs:
			p.price(o)
		case <-ticker.C:
			log.Printf("worker alive")
		}
	}
}

func (p *Pool) price(o Order) {
	var total int64
	for range o.Items {
		total += 100
	}
	o.Amount = total
}

// Submit hands an order to the pool, giving up after the request's deadline.
func (p *Pool) Submit(ctx context.Context, o Order) error {
	done := make(chan error)
	go func() {
		p.jobs <- o
		done <- nil
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (p *Pool) Close() {
	defer func() {
		go p.flushMetrics()
	}()
	close(p.jobs)
	p.wg.Wait()
}

func (p *Pool) flushMetrics() {
	log.Printf("cache hits: %d", p.store.hits)
}
