package bug

import (
	"context"
	"sync"
)

type DownstreamQuery struct{ Shard int }

type Resp struct {
	I   int
	Res int
	Err error
}

// forEachJob runs jobs 0..n-1 on up to parallelism goroutines, starting no
// new job once ctx is done, and returns when all started jobs returned.
func forEachJob(ctx context.Context, n, parallelism int, job func(ctx context.Context, i int) error) error {
	var wg sync.WaitGroup
	next := make(chan int)
	go func() {
		defer close(next)
		for i := 0; i < n; i++ {
			select {
			case <-ctx.Done():
				return
			case next <- i:
			}
		}
	}()
	for w := 0; w < parallelism; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				job(ctx, i)
			}
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// For runs fn on every shard and collects the results, stopping when ctx is
// cancelled.
func For(ctx context.Context, queries []DownstreamQuery, parallelism int, fn func(context.Context, DownstreamQuery) (int, error)) ([]int, error) {
	ch := make(chan Resp)
	go func() {
		forEachJob(ctx, len(queries), parallelism, func(ctx context.Context, i int) error {
			res, err := fn(ctx, queries[i])
			ch <- Resp{I: i, Res: res, Err: err} // corpus:blocks
			return nil
		})
		close(ch)
	}()

	results := make([]int, len(queries))
	for range queries {
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case r := <-ch:
			if r.Err != nil {
				return nil, r.Err
			}
			results[r.I] = r.Res
		}
	}
	return results, nil
}
