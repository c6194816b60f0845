package bug

import (
	"context"
	"errors"
	"sync"
)

// weighted is a minimal stand-in for golang.org/x/sync/semaphore.Weighted
// with unit weights.
type weighted struct{ slots chan struct{} }

func newWeighted(n int) *weighted { return &weighted{slots: make(chan struct{}, n)} }

func (s *weighted) Acquire(ctx context.Context) error {
	select {
	case s.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *weighted) Release() { <-s.slots }

// Group runs functions with at most a fixed number in flight and collects
// their errors.
type Group struct {
	sem *weighted
	ctx context.Context
	wg  sync.WaitGroup

	mu   sync.Mutex
	errs []error
}

func NewGroup(ctx context.Context, maxWorkers int) *Group {
	return &Group{sem: newWeighted(maxWorkers), ctx: ctx}
}

// Go waits for a free slot and runs f in a goroutine; it fails when the
// group's context ends first.
func (g *Group) Go(f func() error) error {
	g.wg.Add(1)
	if err := g.sem.Acquire(g.ctx); err != nil {
		return err // corpus:culprit
	}
	go func() {
		defer g.sem.Release()
		defer g.wg.Done()
		if err := f(); err != nil {
			g.mu.Lock()
			g.errs = append(g.errs, err)
			g.mu.Unlock()
		}
	}()
	return nil
}

// Wait waits for every function started with Go and returns their errors.
func (g *Group) Wait() error {
	g.wg.Wait() // corpus:blocks
	return errors.Join(g.errs...)
}
