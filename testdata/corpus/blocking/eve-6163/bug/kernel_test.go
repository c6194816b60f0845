package bug

import (
	"testing"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		c := NewWSTunnelClient(2, func(string) {})
		c.Start()
		c.requests <- "console attach"
		c.Stop()
	})
}
