package jobs

import "sync"

// The state change is made under the Cond's lock; the Broadcast follows the Unlock.
type Queue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []int
}

func newQueue() *Queue {
	q := &Queue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *Queue) put(v int) {
	q.mu.Lock()
	q.items = append(q.items, v)
	q.mu.Unlock()
	q.cond.Broadcast()
}

func (q *Queue) take() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait()
	}
	v := q.items[0]
	q.items = q.items[1:]
	return v
}

// The signal helper runs only from callers that changed the state under the lock.
type Gate struct {
	mu   sync.Mutex
	cond *sync.Cond
	open bool
}

func newGate() *Gate {
	g := &Gate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

func (g *Gate) wake() { g.cond.Signal() }

func (g *Gate) release() {
	g.mu.Lock()
	g.open = true
	g.mu.Unlock()
	g.wake()
}

func (g *Gate) pass() {
	g.mu.Lock()
	for !g.open {
		g.cond.Wait()
	}
	g.mu.Unlock()
}

// Signal under the Cond's lock.
type Latch struct {
	cond *sync.Cond
	set  bool
}

func newLatch() *Latch { return &Latch{cond: sync.NewCond(&sync.Mutex{})} }

func (l *Latch) fire() {
	l.cond.L.Lock()
	l.set = true
	l.cond.Signal()
	l.cond.L.Unlock()
}

func (l *Latch) await() {
	l.cond.L.Lock()
	for !l.set {
		l.cond.Wait()
	}
	l.cond.L.Unlock()
}
