package fixed

import (
	"sync"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		wrote := make(chan int, 16)
		w := &writer{
			messages:   newQueue(),
			writeMany:  func(frames ...[]byte) error { wrote <- len(frames); return nil },
			writeDelay: 30 * time.Millisecond,
		}
		var wg sync.WaitGroup
		wg.Add(1)
		go func() { defer wg.Done(); w.run(16) }()
		w.messages.Add([]byte(`{"push":{"channel":"news"}}`))
		<-wrote // the writer goroutine is running
		w.messages.Add([]byte(`{"push":{"channel":"sports"}}`))
		time.Sleep(10 * time.Millisecond)
		// The client disconnects while the writer collects: close flushes the queue.
		w.close(true)
		wg.Wait()
		// Node shutdown closes every connection's writer again.
		w.close(false)
	})
}
