package bug

import (
	"context"
	"testing"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		sw := NewStoppableWorkers()
		sw.Add(func(ctx context.Context) { <-ctx.Done() }) // a status poller
		// Both the module's Close and the robot's shutdown stop the workers.
		sw.Stop()
		sw.Stop()
		// A late reconfiguration tries to start another worker.
		sw.Add(func(ctx context.Context) { <-ctx.Done() })
	})
}
