package fixed

import (
	"context"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		ctx, cancel := context.WithCancel(context.Background())
		g := NewGroup(ctx, 1)
		g.Go(func() error { time.Sleep(50 * time.Millisecond); return nil })
		cancel() // shutdown while the only slot is busy
		if err := g.Go(func() error { return nil }); err == nil {
			t.Error("Go after cancel must fail")
		}
		g.Wait()
	})
}
