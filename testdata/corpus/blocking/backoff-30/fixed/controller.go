package fixed

import (
	"context"
	"time"
)

// controller paces retries: its loop goroutine sends on next each time the
// caller may try again.
type controller struct {
	ctx      context.Context
	next     chan struct{}
	interval time.Duration
}

// newController paces attempts for as long as ctx lives; the caller's
// request context ends it.
func newController(ctx context.Context, interval time.Duration, maxRetries int) *controller {
	c := &controller{ctx: ctx, next: make(chan struct{}), interval: interval}
	go c.loop(maxRetries)
	return c
}

func (c *controller) loop(maxRetries int) {
	defer close(c.next)
	for i := 0; i < maxRetries; i++ {
		select {
		case <-c.ctx.Done():
			return
		case c.next <- struct{}{}:
		}
		select {
		case <-c.ctx.Done():
			return
		case <-time.After(c.interval):
		}
	}
}

// Next yields once per allowed attempt and is closed when attempts run out.
func (c *controller) Next() <-chan struct{} { return c.next }

// Done reports that the caller has stopped retrying.
func (c *controller) Done() <-chan struct{} { return c.ctx.Done() }

// Retry calls op until it succeeds, attempts run out or ctx is cancelled.
func Retry(ctx context.Context, op func() error) error {
	c := newController(ctx, time.Millisecond, 10)
	var err error
	for {
		select {
		case <-c.Done():
			return c.ctx.Err()
		case _, ok := <-c.Next():
			if !ok {
				return err
			}
			if err = op(); err == nil {
				return nil
			}
		}
	}
}
