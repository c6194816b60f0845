package pool

import "sync"

// A send after Unlock.
type Notifier struct {
	mu      sync.Mutex
	pending int
	wake    chan struct{}
}

func (n *Notifier) loop() {
	for range n.wake {
		n.mu.Lock()
		n.pending = 0
		n.mu.Unlock()
	}
}

func (n *Notifier) notify() {
	n.mu.Lock()
	n.pending++
	n.mu.Unlock()
	n.wake <- struct{}{}
}

func newNotifier() *Notifier {
	n := &Notifier{wake: make(chan struct{})}
	go n.loop()
	return n
}

// The partner does not need the lock held across the send.
type Feed struct {
	mu   sync.Mutex
	out  chan int
	last int
}

func (f *Feed) publish(v int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.last = v
	f.out <- v
}

func (f *Feed) drain() {
	for v := range f.out {
		_ = v
	}
}

func newFeed() *Feed {
	f := &Feed{out: make(chan int)}
	go f.drain()
	return f
}
