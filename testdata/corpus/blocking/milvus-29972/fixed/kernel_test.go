package fixed

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		fm := &flowgraphManager{flowgraphs: map[string]*dataSyncService{}}
		var fgs []*dataSyncService
		for i := 0; i < 2; i++ {
			ch := fmt.Sprintf("by-dev-rootcoord-dml_%d_v0", i)
			fg := &dataSyncService{vchannel: ch}
			fm.flowgraphs[ch] = fg
			fgs = append(fgs, fg)
		}
		// Each round: both channels' pipelines are busy with a message (the
		// first finishes after 3 ms, the second after 6 ms) when auto sync
		// and a channel checkpoint update both block the whole node. The
		// map order decides each BlockAll's lock order; a round deadlocks
		// when the two orders differ.
		for round := uint64(1); round <= 40; round++ {
			var wg sync.WaitGroup
			for i, fg := range fgs {
				wg.Add(1)
				busy := time.Duration(i+1) * 3 * time.Millisecond
				go func() { defer wg.Done(); fg.process(round, func() { time.Sleep(busy) }) }()
			}
			time.Sleep(time.Millisecond)
			for w := 0; w < 2; w++ {
				wg.Add(1)
				go func() { defer wg.Done(); fm.UnblockAll(fm.BlockAll()) }()
			}
			wg.Wait()
		}
	})
}
