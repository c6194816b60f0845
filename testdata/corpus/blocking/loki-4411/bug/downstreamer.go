package bug

import "context"

type DownstreamQuery struct{ Shard int }

type Result struct{ Lines int }

// instance runs the shards of a query with bounded parallelism.
type instance struct {
	locks chan struct{} // one token per allowed in-flight shard
}

func newInstance(parallelism int) instance {
	in := instance{locks: make(chan struct{}, parallelism)}
	for i := 0; i < parallelism; i++ {
		in.locks <- struct{}{}
	}
	return in
}

type resp struct {
	i   int
	res Result
	err error
}

// For runs fn on every query and collects the results in order.
func (in instance) For(ctx context.Context, queries []DownstreamQuery, fn func(context.Context, DownstreamQuery) (Result, error)) ([]Result, error) {
	done := make(chan struct{})
	defer close(done)
	ch := make(chan resp)

	// One goroutine dispatches the others as tokens free up, and stops
	// dispatching when the query is cancelled.
	go func() {
		for i := range queries {
			select {
			case <-ctx.Done():
				return
			case <-in.locks:
				go func(i int) {
					defer func() { in.locks <- struct{}{} }()
					res, err := fn(ctx, queries[i])
					select {
					case <-done:
					case ch <- resp{i, res, err}:
					}
				}(i)
			}
		}
	}()

	results := make([]Result, len(queries))
	for range queries {
		r := <-ch // corpus:blocks
		if r.err != nil {
			return nil, r.err
		}
		results[r.i] = r.res
	}
	return results, nil
}
