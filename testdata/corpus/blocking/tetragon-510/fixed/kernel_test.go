package fixed

import (
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		ec := NewCache(2 * time.Millisecond)
		ec.Add(CacheObj{Kind: "exit", PID: 4242}) // its exec was never seen
		time.Sleep(20 * time.Millisecond)
		close(ec.done)
	})
}
