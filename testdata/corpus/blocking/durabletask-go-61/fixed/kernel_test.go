package fixed

import (
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		g := newExecutor()
		go g.ExecuteActivity("orchestration-1/activity-0") // the orchestrator waits on it
		time.Sleep(5 * time.Millisecond)
		// The worker disconnected (test timeout) before reporting; the
		// backend shuts the executor down.
		g.Shutdown()
		time.Sleep(5 * time.Millisecond)
	})
}
