package bug

import (
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		br := NewBlockReplicator()
		br.Start()
		br.raftErrCh <- errRemoved
		time.Sleep(20 * time.Millisecond) // the event loop has returned
		br.Close()
	})
}
