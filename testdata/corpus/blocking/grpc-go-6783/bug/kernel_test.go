package bug

import (
	"sync"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		cc := &ClientConn{logf: func(string, ...any) { time.Sleep(10 * time.Millisecond) }}
		ccr := newCCResolverWrapper(cc)
		cc.resolverWrapper = ccr
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); cc.enterIdleMode() }()
		time.Sleep(2 * time.Millisecond)
		// The resolver pushes new addresses while the channel goes idle.
		go func() { defer wg.Done(); ccr.UpdateState(State{Addresses: []string{"10.0.0.1:443", "10.0.0.2:443"}}) }()
		wg.Wait()
	})
}
