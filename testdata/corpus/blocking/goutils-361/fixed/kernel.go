// Package bug models a group of background goroutines sharing one context,
// which Stop cancels before waiting for all of them.
package fixed

import (
	"context"
	"sync"
)

type StoppableWorkers struct {
	mu         sync.RWMutex
	ctx        context.Context
	cancelFunc func()
	workers    sync.WaitGroup
}

func NewStoppableWorkers() *StoppableWorkers {
	ctx, cancel := context.WithCancel(context.Background())
	return &StoppableWorkers{ctx: ctx, cancelFunc: cancel}
}

// Add starts worker in a goroutine. After Stop it returns without starting
// anything.
func (sw *StoppableWorkers) Add(worker func(context.Context)) {
	// Read-lock to allow concurrent Adds; Stop write-locks so that every
	// started worker is counted before Stop waits.
	sw.mu.RLock()
	if sw.ctx.Err() != nil {
		sw.mu.RUnlock()
		return
	}
	sw.workers.Add(1)
	sw.mu.RUnlock()
	go func() {
		defer sw.workers.Done()
		worker(sw.ctx)
	}()
}

// Stop idempotently shuts down all the goroutines started with Add.
func (sw *StoppableWorkers) Stop() {
	sw.mu.Lock()
	if sw.ctx.Err() != nil {
		sw.mu.Unlock()
		return
	}
	sw.cancelFunc()
	// Wait outside the lock: workers may call Add.
	sw.mu.Unlock()
	sw.workers.Wait()
}
