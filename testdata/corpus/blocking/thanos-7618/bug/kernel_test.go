package bug

import (
	"context"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

// slowStore answers only after an hour, unless the stream is cancelled.
type slowStore struct{}

func (slowStore) Recv(ctx context.Context) (*Series, error) {
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-time.After(time.Hour):
		return &Series{Labels: `{job="slow"}`}, nil
	}
}

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		if _, err := recvWithTimeout(context.Background(), slowStore{}, 2*time.Millisecond); err != errRespTimeout {
			t.Errorf("want the response timeout, got %v", err)
		}
	})
}
