package fixed

import (
	"sync"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		tr := &http2Client{
			activeStreams: map[uint32]*Stream{},
			nextID:        1,
			controlBuf:    &controlBuffer{},
			// The GOAWAY callback does some work while the transport is locked.
			onGoAway: func(string) { time.Sleep(20 * time.Millisecond) },
		}
		for i := 0; i < 3; i++ {
			if _, err := tr.NewStream(); err != nil {
				panic(err)
			}
		}
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			tr.handleGoAway(3, "server shutting down")
		}()
		time.Sleep(5 * time.Millisecond)
		go func() {
			defer wg.Done()
			tr.NewStream()
		}()
		wg.Wait()
	})
}
