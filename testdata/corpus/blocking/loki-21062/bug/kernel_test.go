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
		go func() {
			time.Sleep(2 * time.Millisecond) // the client disconnects mid-query
			cancel()
		}()
		queries := []DownstreamQuery{{0}, {1}, {2}, {3}}
		For(ctx, queries, 2, func(ctx context.Context, q DownstreamQuery) (int, error) {
			time.Sleep(30 * time.Millisecond) // in-flight shards finish their work
			return q.Shard, nil
		})
	})
}
