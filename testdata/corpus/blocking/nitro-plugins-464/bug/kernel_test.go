package bug

import (
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		zw := newWatcher(func(string) (string, error) { return "greeter", nil })
		// ZooKeeper reports that the watched node was deleted just as the
		// registry user stops watching: the watch goroutine has taken the
		// response, and Next is not called again.
		zw.respChan <- watchResponse{err: errNoNode}
		zw.Stop()
		time.Sleep(5 * time.Millisecond)
	})
}
