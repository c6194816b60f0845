package bug

import "sync"

type ChaincodeEvent struct {
	TxID      string
	EventName string
}

type EventListener interface {
	OnReceive(ev *ChaincodeEvent)
}

type subscription struct {
	mu sync.Mutex
	ch chan *ChaincodeEvent
}

func (s *subscription) OnReceive(ev *ChaincodeEvent) {
	s.ch <- ev // corpus:panics
}

func (s *subscription) CloseChaincodeEvents() {
	s.mu.Lock()
	defer s.mu.Unlock()
	close(s.ch)
}

// Dispatcher delivers events to listeners from its own goroutine.
type Dispatcher struct {
	events    chan *ChaincodeEvent
	listeners []EventListener
}

func (d *Dispatcher) Run() {
	for ev := range d.events {
		for _, l := range d.listeners {
			l.OnReceive(ev)
		}
	}
}

func (d *Dispatcher) Dispatch(ev *ChaincodeEvent) { d.events <- ev }

func (d *Dispatcher) Stop() { close(d.events) }
