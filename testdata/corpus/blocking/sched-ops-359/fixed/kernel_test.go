package fixed

import (
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

// slowStore takes a few ticks to release the ConfigMap, as a real API call does.
type slowStore struct{ delay time.Duration }

func (slowStore) renew(string)     {}
func (s slowStore) release(string) { time.Sleep(s.delay) }

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		l := newConfigMapLockV1(slowStore{delay: 20 * time.Millisecond}, time.Millisecond)
		l.Lock("node-1")
		l.Unlock()
	})
}
