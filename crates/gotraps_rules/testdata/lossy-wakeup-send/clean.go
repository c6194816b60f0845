package notify

import "sync"

// Kicker keeps one pending wakeup in a buffer of one: a kick sent while the worker
// is busy waits for it.
type Kicker struct {
	mu    sync.Mutex
	dirty bool
	kick  chan struct{}
}

func NewKicker() *Kicker {
	k := &Kicker{kick: make(chan struct{}, 1)}
	go k.run()
	return k
}

func (k *Kicker) Mark() {
	k.mu.Lock()
	k.dirty = true
	k.mu.Unlock()
	select {
	case k.kick <- struct{}{}:
	default:
	}
}

func (k *Kicker) run() {
	for range k.kick {
		k.mu.Lock()
		k.dirty = false
		k.mu.Unlock()
	}
}

// Relay has a blocking sender besides the non-blocking one: the receive is completed
// by Flush.
type Relay struct {
	ch chan int
}

func NewRelay() *Relay {
	r := &Relay{ch: make(chan int)}
	go r.drain()
	return r
}

func (r *Relay) Offer(v int) bool {
	select {
	case r.ch <- v:
		return true
	default:
		return false
	}
}

func (r *Relay) Flush(v int) { r.ch <- v }

func (r *Relay) drain() {
	for {
		<-r.ch
	}
}
