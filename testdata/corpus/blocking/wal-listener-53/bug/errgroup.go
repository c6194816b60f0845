package bug

import (
	"context"
	"sync"
)

// Group is a minimal stand-in for golang.org/x/sync/errgroup.Group: Wait
// waits for every function; the first error cancels the derived context.
type Group struct {
	wg      sync.WaitGroup
	errOnce sync.Once
	err     error
	cancel  context.CancelFunc
}

func WithContext(ctx context.Context) (*Group, context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	return &Group{cancel: cancel}, ctx
}

func (g *Group) Go(f func() error) {
	g.wg.Add(1)
	go func() {
		defer g.wg.Done()
		if err := f(); err != nil {
			g.errOnce.Do(func() {
				g.err = err
				if g.cancel != nil {
					g.cancel()
				}
			})
		}
	}()
}

func (g *Group) Wait() error {
	g.wg.Wait() // corpus:blocks
	if g.cancel != nil {
		g.cancel()
	}
	return g.err
}
