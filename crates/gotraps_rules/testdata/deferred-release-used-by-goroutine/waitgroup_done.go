package fixtures

import (
	"context"
	"sync"
	"time"
)

type syncer struct {
	pending [][]byte
}

func (s *syncer) push(ctx context.Context, batch [][]byte) error {
	<-ctx.Done()
	return ctx.Err()
}

// The goroutine reports to the caller's WaitGroup, but nothing here waits for it: the
// deferred cancel ends `ctx` while `push` still runs. `wg.Done()` is not a watch of the
// context's done channel.
func (s *syncer) kickOff(parent context.Context, wg *sync.WaitGroup) {
	ctx, cancel := context.WithTimeout(parent, 5*time.Second)
	defer cancel()
	wg.Add(1)
	go func() { // want "this goroutine uses `ctx`, which the deferred cancel cancels"
		defer wg.Done()
		_ = s.push(ctx, s.pending)
	}()
}

// The `wg` waited on below is the batch's own, declared in the inner block: it does not
// wait for the goroutine that reports to the caller's `wg`, which still uses `ctx` after
// the deferred cancel.
func (s *syncer) refresh(parent context.Context, wg *sync.WaitGroup) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	wg.Add(1)
	go func() { // want "this goroutine uses `ctx`, which the deferred cancel cancels"
		defer wg.Done()
		_ = s.push(ctx, s.pending)
	}()
	{
		var wg sync.WaitGroup
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.pending = s.pending[:0]
		}()
		wg.Wait()
	}
}
