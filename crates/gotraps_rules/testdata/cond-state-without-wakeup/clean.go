package spool

import "sync"

// Gate opens once; open and close both broadcast, one through a helper that wakes.
type Gate struct {
	mu     sync.Mutex
	cond   *sync.Cond
	opened bool
}

func NewGate() *Gate {
	g := &Gate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

func (g *Gate) Pass() {
	g.mu.Lock()
	for !g.opened {
		g.cond.Wait()
	}
	g.mu.Unlock()
}

func (g *Gate) wakeAll() { g.cond.Broadcast() }

func (g *Gate) Open() {
	g.mu.Lock()
	g.opened = true
	g.wakeAll()
	g.mu.Unlock()
}

// setOpen changes the state; its only caller broadcasts after calling it.
func (g *Gate) setOpen(v bool) { g.opened = v }

func (g *Gate) Reset(v bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.setOpen(v)
	g.cond.Broadcast()
}

// Inbox: writes that can only keep waiters waiting need no wakeup. TryTake shrinks
// the queue the waiter waits to be non-empty; Detach sets the session to nil, and the
// waiter waits while it is nil.
type Inbox struct {
	mu      sync.Mutex
	arrived *sync.Cond
	msgs    []string
	session *int
}

func NewInbox() *Inbox {
	b := &Inbox{}
	b.arrived = sync.NewCond(&b.mu)
	return b
}

func (b *Inbox) Receive() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	for len(b.msgs) == 0 || b.session == nil {
		b.arrived.Wait()
	}
	m := b.msgs[0]
	b.msgs = b.msgs[1:]
	return m
}

func (b *Inbox) TryTake() (string, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.msgs) == 0 {
		return "", false
	}
	m := b.msgs[0]
	b.msgs = b.msgs[1:]
	return m, true
}

func (b *Inbox) Detach() {
	b.mu.Lock()
	b.session = nil
	b.mu.Unlock()
}
