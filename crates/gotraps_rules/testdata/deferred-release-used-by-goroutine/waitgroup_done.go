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
