package bug

import (
	"sync"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		se := &SchemaEngine{}
		// Another engine's listener runs first and takes a while.
		se.RegisterNotifier("tracker", func(created, dropped []string) { time.Sleep(20 * time.Millisecond) })
		me := NewMessagerEngine(se)
		me.Open()

		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			se.broadcast([]string{"orders_msgs"}, nil)
		}()
		time.Sleep(5 * time.Millisecond) // the broadcast holds notifierMu
		go func() {
			defer wg.Done()
			me.Close()
		}()
		wg.Wait()
	})
}
