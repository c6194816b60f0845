package fixed

import (
	"context"
	"sync"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		// The client has stopped reading its stream.
		client := make(chan BinlogEvent)
		vs := newVStreamer(context.Background(), client)
		vse := &Engine{isOpen: true, streamers: []*vstreamer{vs}}
		vs.events <- BinlogEvent{Pos: "MySQL56/1-100"}
		time.Sleep(5 * time.Millisecond) // the streamer is sending to the client

		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			for i := 1; i <= 3; i++ { // a burst of VSchema changes
				vse.SetVSchema(&VSchema{Version: i})
			}
		}()
		time.Sleep(5 * time.Millisecond)
		go func() { defer wg.Done(); vse.Close() }() // PlannedReparentShard
		wg.Wait()
	})
}
