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

// The announcement through a call chain made after Unlock: the watcher can take
// the lock and receive.
type Roster struct {
	mu      sync.Mutex
	members map[string]bool
	joined  chan string
}

func (r *Roster) publish(name string) { r.joined <- name }

func (r *Roster) Join(name string) {
	r.mu.Lock()
	r.members[name] = true
	r.mu.Unlock()
	r.publish(name)
}

func (r *Roster) watch() {
	for {
		r.mu.Lock()
		n := len(r.members)
		r.mu.Unlock()
		_ = n
		<-r.joined
	}
}

// The callee releases the caller's lock around its send.
func (r *Roster) publishUnlocked(name string) {
	r.mu.Unlock()
	r.joined <- name
	r.mu.Lock()
}

func (r *Roster) Rejoin(name string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.members[name] = true
	r.publishUnlocked(name)
}
