package fixed

import (
	"testing"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		c := NewWSTunnelClient(2, func(string) {})
		c.Start()
		c.requests <- "console attach"
		c.Stop()
	})
}
