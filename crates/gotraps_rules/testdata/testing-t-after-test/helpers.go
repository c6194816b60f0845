package testingafter

import (
	"net"
	"testing"
	"time"
)

// EventStream pushes events until closed.
type EventStream struct {
	C    chan string
	stop chan struct{}
}

func (s *EventStream) Close() { close(s.stop) }

// ReadEvents logs every event and forwards it; nothing waits for the reader.
func ReadEvents(t *testing.T, s *EventStream) <-chan string {
	out := make(chan string, 64)
	go func() {
		for msg := range s.C {
			t.Logf("received: %s", msg) // want "`t.Logf` in the goroutine started at helpers.go:20, which `ReadEvents` does not wait for"
			out <- msg
		}
	}()
	return out
}

// ServeEcho accepts one connection in the background and reports errors to the test.
func ServeEcho(tb testing.TB, l net.Listener) {
	go acceptOne(tb, l)
}

func acceptOne(tb testing.TB, l net.Listener) {
	c, err := l.Accept()
	if err != nil {
		tb.Errorf("accept: %v", err) // want "`tb.Errorf` in the goroutine started at helpers.go:31, which `ServeEcho` does not wait for"
		return
	}
	c.SetDeadline(time.Now().Add(time.Second))
	c.Close()
}
