package bug

import (
	"testing"
	"time"
)

// EventStream stands in for the websocket: it pushes an event every interval until closed.
type EventStream struct {
	C    chan string
	stop chan struct{}
}

func NewEventStream(every time.Duration) *EventStream {
	s := &EventStream{C: make(chan string), stop: make(chan struct{})}
	go func() {
		defer close(s.C)
		for i := 0; ; i++ {
			select {
			case <-s.stop:
				return
			case <-time.After(every):
			}
			select {
			case <-s.stop:
				return
			case s.C <- "event":
			}
		}
	}()
	return s
}

func (s *EventStream) Close() { close(s.stop) }

// wsReader logs every message of the stream and forwards it on the returned channel.
func wsReader(t *testing.T, s *EventStream) <-chan string {
	out := make(chan string, 64)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for msg := range s.C {
			t.Logf("websocket received: %s", msg) // corpus:panics
			out <- msg
		}
	}()
	return out
}
