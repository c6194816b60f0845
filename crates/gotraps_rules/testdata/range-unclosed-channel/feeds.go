package fixtures

import "log"

type Event struct{ Key string }

// Watcher.events is never closed: Run waits forever after the last event. Replayer has a
// field of the same name that it does close; that says nothing about Watcher's.
type Watcher struct {
	events chan Event
}

func NewWatcher() *Watcher {
	w := &Watcher{events: make(chan Event, 16)}
	go w.Run()
	return w
}

func (w *Watcher) Notify(e Event) { w.events <- e }

func (w *Watcher) Run() {
	for e := range w.events { // want `range over .w.events., which nothing closes`
		log.Printf("changed: %s", e.Key)
	}
}

type Replayer struct {
	events chan Event
}

func Replay(history []Event) *Replayer {
	r := &Replayer{events: make(chan Event)}
	go func() {
		defer close(r.events)
		for _, e := range history {
			r.events <- e
		}
	}()
	return r
}

func (r *Replayer) Keys() []string {
	var keys []string
	for e := range r.events {
		keys = append(keys, e.Key)
	}
	return keys
}

// Ticker.stop is a plain flag on another type: it does not make Pump.stop less of a
// channel nobody closes.
type Ticker struct {
	stop bool
}

type Pump struct {
	stop chan struct{}
}

func (t *Ticker) Halt() { t.stop = true }

func NewPump() *Pump { return &Pump{stop: make(chan struct{}, 1)} }

func (p *Pump) Request() { p.stop <- struct{}{} }

func (p *Pump) Drain() int {
	n := 0
	for range p.stop { // want `range over .p.stop., which nothing closes`
		n++
	}
	return n
}
