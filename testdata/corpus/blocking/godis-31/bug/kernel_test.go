package bug

import (
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		var w Wait
		w.Add(1)
		if !w.WaitWithTimeout(2 * time.Millisecond) {
			t.Error("expected a timeout while the event is pending")
		}
		// The event finishes after the waiter gave up.
		w.Done()
	})
}
