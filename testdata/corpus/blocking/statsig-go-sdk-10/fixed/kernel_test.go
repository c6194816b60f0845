package fixed

import (
	"testing"

	"gotraps.test/corpus/internal/prove"
)

type discardTransport struct{}

func (discardTransport) postEvents([]Event) error { return nil }

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		l := newLogger(discardTransport{}, 3)
		for i := 0; i < 5; i++ {
			l.logGateExposure("user-1", "new_checkout", i%2 == 0)
		}
		l.flush(true)
	})
}
