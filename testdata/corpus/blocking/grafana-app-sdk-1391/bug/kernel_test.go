package bug

import (
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

type fakeWatch struct{ events chan Event }

func (f *fakeWatch) ResultChan() <-chan Event { return f.events }
func (f *fakeWatch) Stop()                    {}

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		up := &fakeWatch{events: make(chan Event, 2)}
		up.events <- Event{"ADDED", "a"}
		up.events <- Event{"MODIFIED", "a"}
		w := NewWatchResponse(up)
		<-w.ResultChan() // the informer takes one event, then reconnects
		time.Sleep(5 * time.Millisecond)
		w.Stop()
	})
}
