package fixed

import (
	"errors"
	"time"
)

type Registration struct{ ID int }

// registerEvent asks the dispatcher for a block-event registration; the
// dispatcher answers on RespCh.
type registerEvent struct {
	RespCh chan<- *Registration
}

// Dispatcher serialises all event-service state in one goroutine.
type Dispatcher struct {
	eventch  chan any
	nextID   int
	slowNext time.Duration // time spent on the next request (connection work)
}

func NewDispatcher() *Dispatcher { return &Dispatcher{eventch: make(chan any)} }

func (d *Dispatcher) run() {
	for e := range d.eventch {
		switch e := e.(type) {
		case registerEvent:
			time.Sleep(d.slowNext)
			d.slowNext = 0
			d.nextID++
			e.RespCh <- &Registration{ID: d.nextID}
		}
	}
}

var errTimeout = errors.New("timeout waiting for registration")

// RegisterBlockEvent submits a registration and waits for it, up to timeout.
func (d *Dispatcher) RegisterBlockEvent(timeout time.Duration) (*Registration, error) {
	// Room for the answer, so the dispatcher never waits for a client that
	// gave up.
	respCh := make(chan *Registration, 1)
	d.eventch <- registerEvent{RespCh: respCh}
	select {
	case reg := <-respCh:
		return reg, nil
	case <-time.After(timeout):
		return nil, errTimeout
	}
}

// Close stops the dispatcher once no client will submit again.
func (d *Dispatcher) Close() { close(d.eventch) }
