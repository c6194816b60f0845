package bug

import (
	"testing"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		cc := &ClientConn{conns: map[string]bool{"10.0.0.1:443": true}, logf: func(string, ...any) {}}
		cc.enterIdleMode()
		// The idleness manager fires again before any RPC arrived.
		cc.enterIdleMode()
		// An RPC starts.
		cc.exitIdleMode()
	})
}
