package fixed

import (
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		r := NewRing()
		r.Write(&Event{Seq: 1})
		stop := make(chan struct{})
		ch := make(chan *Event, 10)
		r.readFrom(stop, 0, ch)
		<-ch                             // the follower got the one event and waits for more
		time.Sleep(2 * time.Millisecond) // it is parked in Wait
		close(stop)                      // the client disconnects
	})
}
