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
