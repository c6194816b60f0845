package notify

import (
	"sync"
	"time"
)

// Flusher writes batches when poked. poke never blocks the producer, but the
// channel has no buffer: a poke while the flusher is busy is lost.
type Flusher struct {
	mu      sync.Mutex
	pending []string
	poke    chan struct{}
}

func NewFlusher() *Flusher {
	f := &Flusher{poke: make(chan struct{})}
	go f.loop()
	return f
}

func (f *Flusher) Add(s string) {
	f.mu.Lock()
	f.pending = append(f.pending, s)
	f.mu.Unlock()
	select {
	case f.poke <- struct{}{}:
	default:
	}
}

func (f *Flusher) loop() {
	for {
		<-f.poke // want `GT441 lossy-wakeup-send: .<-f\.poke. waits for a wakeup that is only ever sent without blocking \(.select. with .default., at notify.go:27\) on an unbuffered channel`
		f.mu.Lock()
		batch := f.pending
		f.pending = nil
		f.mu.Unlock()
		_ = batch
	}
}

// Event is a one-shot latch built on a channel; Wait re-checks with a timeout, so a
// dropped wakeup only delays it.
type Event struct {
	mu   sync.Mutex
	set  bool
	wake chan struct{}
}

func NewEvent() *Event { return &Event{wake: make(chan struct{})} }

func (e *Event) Set() {
	e.mu.Lock()
	e.set = true
	e.mu.Unlock()
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

func (e *Event) Wait() {
	for {
		e.mu.Lock()
		done := e.set
		e.mu.Unlock()
		if done {
			return
		}
		select {
		case <-e.wake:
		case <-time.After(10 * time.Millisecond):
		}
	}
}
