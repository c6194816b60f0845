package fixtures

import (
	"context"
	"net/http"

	"golang.org/x/sync/errgroup"
)

type Item struct{ URL string }

func fetch(ctx context.Context, c *http.Client, it Item) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, it.URL, nil)
	if err != nil {
		return err
	}
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Workers call with the parent context: a failure does not cancel the others.
func fetchAll(ctx context.Context, c *http.Client, items []Item) error {
	g, gctx := errgroup.WithContext(ctx)
	for _, it := range items {
		g.Go(func() error { // want `this .g.Go. worker uses .ctx., not the group's .gctx.`
			return fetch(ctx, c, it)
		})
	}
	_ = gctx
	return g.Wait()
}

// The feeder loops on a send without ever checking the group context: when the
// consumers fail it blocks on `work <- it` and Wait never returns. The consumers end
// when the feeder closes `work`; the feeder is the one to fix.
func process(parent context.Context, items []Item, handle func(Item) error) error {
	g, ctx := errgroup.WithContext(parent)
	work := make(chan Item)
	g.Go(func() error { // want `this .g.Go. worker never checks the group's .ctx.`
		defer close(work)
		for _, it := range items {
			work <- it
		}
		return nil
	})
	for i := 0; i < 4; i++ {
		g.Go(func() error {
			for it := range work {
				if err := handle(it); err != nil {
					return err
				}
			}
			return nil
		})
	}
	_ = ctx
	return g.Wait()
}

// The tailer waits on a subscription nobody in the group closes: after the writer
// fails it keeps waiting for events and Wait never returns.
func mirror(parent context.Context, events <-chan Item, write func(context.Context, Item) error) error {
	g, ctx := errgroup.WithContext(parent)
	pending := make(chan Item, 64)
	g.Go(func() error { // want `never checks the group's .ctx.`
		for ev := range events {
			pending <- ev
		}
		return nil
	})
	g.Go(func() error {
		for {
			select {
			case it := <-pending:
				if err := write(ctx, it); err != nil {
					return err
				}
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	})
	return g.Wait()
}

// A shadowing `ctx` that is not derived from the group's does not count.
func uploadDetached(ctx context.Context, c *http.Client, items []Item) error {
	g, ctx := errgroup.WithContext(ctx)
	_ = ctx
	for _, it := range items {
		it := it
		g.Go(func() error { // want `never checks the group's .ctx.`
			ctx := context.Background()
			for attempt := 0; attempt < 3; attempt++ {
				if err := fetch(ctx, c, it); err == nil {
					return nil
				}
			}
			return nil
		})
	}
	return g.Wait()
}
