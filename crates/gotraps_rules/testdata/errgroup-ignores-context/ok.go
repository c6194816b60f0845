package fixtures

import (
	"context"
	"net/http"
	"time"

	"golang.org/x/sync/errgroup"
)

func fetchAllGroup(ctx context.Context, c *http.Client, items []Item) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, it := range items {
		g.Go(func() error {
			return fetch(ctx, c, it)
		})
	}
	return g.Wait()
}

func feed(parent context.Context, items []Item, out chan<- Item) error {
	g, gctx := errgroup.WithContext(parent)
	g.Go(func() error {
		for _, it := range items {
			select {
			case out <- it:
			case <-gctx.Done():
				return gctx.Err()
			}
		}
		return nil
	})
	return g.Wait()
}

// A short, non-blocking computation has nothing to cancel.
func checksum(parent context.Context, blocks [][]byte, sums []uint32) error {
	g, _ := errgroup.WithContext(parent)
	for i, b := range blocks {
		g.Go(func() error {
			sums[i] = uint32(len(b))
			return nil
		})
	}
	return g.Wait()
}

// A plain group has no context to watch.
func plain(items []Item, handle func(Item) error) error {
	var g errgroup.Group
	for _, it := range items {
		g.Go(func() error { return handle(it) })
	}
	return g.Wait()
}

// The producer stops on the group context and closes the channel on the way out; the
// consumer ranges over it and so ends with the producer.
func sizes(parent context.Context, list func(context.Context, chan<- Item) error) (int, error) {
	g, ctx := errgroup.WithContext(parent)
	found := make(chan Item)
	g.Go(func() error {
		defer close(found)
		return list(ctx, found)
	})
	total := 0
	g.Go(func() error {
		for it := range found {
			total += len(it.URL)
		}
		return nil
	})
	err := g.Wait()
	return total, err
}

// The worker runs under a context derived from the group's, cancelled with it, even
// though it names it `ctx` like the parent.
func upload(ctx context.Context, c *http.Client, items []Item, timeout time.Duration) error {
	g, ctx := errgroup.WithContext(ctx)
	for _, it := range items {
		it := it
		upCtx, cancel := context.WithTimeout(ctx, timeout)
		g.Go(func() error {
			ctx := upCtx
			defer cancel()
			for attempt := 0; attempt < 3; attempt++ {
				if err := fetch(ctx, c, it); err == nil {
					return nil
				}
			}
			return ctx.Err()
		})
	}
	return g.Wait()
}
