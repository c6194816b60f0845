package bug

import (
	"fmt"
	"sync"
	"testing"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		fm := &flowgraphManager{flowgraphs: map[string]*dataSyncService{}}
		for i := 0; i < 4; i++ {
			ch := fmt.Sprintf("by-dev-rootcoord-dml_%d_v0", i)
			fm.flowgraphs[ch] = &dataSyncService{vchannel: ch}
		}
		// Auto sync and channel checkpoint updates both block the whole node.
		var wg sync.WaitGroup
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < 100000; i++ {
					fm.UnblockAll(fm.BlockAll())
				}
			}()
		}
		wg.Wait()
	})
}
