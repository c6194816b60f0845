package fixtures

import (
	"context"
	"sync"
)

type store interface {
	Save(ctx context.Context, v []byte) error
}

// `wg.Done()` signals a WaitGroup; it is not a wait on a context's done channel, so the
// fresh context below still drops the caller's cancellation.
func finish(ctx context.Context, s store, wg *sync.WaitGroup, result []byte) error {
	wg.Done()
	return s.Save(context.Background(), result) // want "`context.Background\(\)` where `ctx` is in scope"
}
