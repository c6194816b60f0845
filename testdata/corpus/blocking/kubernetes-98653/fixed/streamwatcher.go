package fixed

import (
	"errors"
	"io"
	"sync"
)

type Event struct {
	Type   string
	Object string
}

// Decoder stands in for the watch stream decoder: Decode blocks until the
// next event or an error.
type Decoder interface {
	Decode() (action string, object string, err error)
	Close()
}

// StreamWatcher turns a watch stream into events on a channel.
type StreamWatcher struct {
	sync.Mutex
	source   Decoder
	result   chan Event
	done     chan struct{}
	stopped  bool
	reporter func(error) string
}

func NewStreamWatcher(d Decoder) *StreamWatcher {
	sw := &StreamWatcher{source: d, result: make(chan Event), done: make(chan struct{}), reporter: func(err error) string { return err.Error() }}
	go sw.receive()
	return sw
}

func (sw *StreamWatcher) ResultChan() <-chan Event { return sw.result }

// Stop ends the watch; callers stop reading ResultChan before calling it.
func (sw *StreamWatcher) Stop() {
	sw.Lock()
	defer sw.Unlock()
	if !sw.stopped {
		sw.stopped = true
		close(sw.done)
		sw.source.Close()
	}
}

func (sw *StreamWatcher) stopping() bool {
	sw.Lock()
	defer sw.Unlock()
	return sw.stopped
}

func (sw *StreamWatcher) receive() {
	defer close(sw.result)
	defer sw.Stop()
	for {
		action, obj, err := sw.source.Decode()
		if err != nil {
			if errors.Is(err, io.EOF) || sw.stopping() {
				return
			}
			select {
			case <-sw.done:
			case sw.result <- Event{Type: "ERROR", Object: sw.reporter(err)}:
			}
			return
		}
		select {
		case <-sw.done:
			return
		case sw.result <- Event{Type: action, Object: obj}:
		}
	}
}
