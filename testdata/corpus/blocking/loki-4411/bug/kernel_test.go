package bug

import (
	"context"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		ctx, cancel := context.WithCancel(context.Background())
		in := newInstance(1)
		queries := []DownstreamQuery{{0}, {1}, {2}}
		go func() {
			time.Sleep(2 * time.Millisecond) // the client goes away during shard 0
			cancel()
		}()
		in.For(ctx, queries, func(ctx context.Context, q DownstreamQuery) (Result, error) {
			time.Sleep(30 * time.Millisecond) // shard 0 finishes its in-flight work
			return Result{Lines: q.Shard}, nil
		})
	})
}
