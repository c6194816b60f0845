package bug

import (
	"errors"
	"sync"
)

type Event struct{ Seq uint64 }

var ErrInvalidRead = errors.New("read position not written yet")

// Ring is the flow buffer of the Hubble server: writers append, readers
// follow; readers wait on cond for new writes.
type Ring struct {
	mu     sync.Mutex
	cond   *sync.Cond
	events []*Event
}

func NewRing() *Ring {
	r := &Ring{}
	r.cond = sync.NewCond(&r.mu)
	return r
}

func (r *Ring) Write(e *Event) {
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
	r.cond.Broadcast()
}

func (r *Ring) read(pos uint64) (*Event, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if pos >= uint64(len(r.events)) {
		return nil, ErrInvalidRead
	}
	return r.events[pos], nil
}

// readFrom follows the ring from pos, sending events to ch, until stop is
// closed. The second goroutine wakes the reader when stop is closed.
func (r *Ring) readFrom(stop <-chan struct{}, pos uint64, ch chan<- *Event) {
	go func() {
		for {
			e, err := r.read(pos)
			if err == ErrInvalidRead {
				r.cond.L.Lock()
				r.cond.Wait() // corpus:blocks
				r.cond.L.Unlock()
				continue
			}
			select {
			case ch <- e:
				pos++
			case <-stop:
				return
			}
		}
	}()
	go func() {
		<-stop
		r.cond.Broadcast() // corpus:culprit
	}()
}
