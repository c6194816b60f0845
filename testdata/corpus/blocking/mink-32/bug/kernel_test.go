package bug

import (
	"context"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		records := make(chan Event, 1)
		records <- Event{Type: "ADDED", Name: "app-1"}
		w := Watch(context.Background(), records)
		go func() {
			time.Sleep(5 * time.Millisecond) // the client's watch times out
			w.Stop()
		}()
		drain(w, func(Event) {})
	})
}
