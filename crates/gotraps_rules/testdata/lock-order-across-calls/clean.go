package store

import "sync"

// A consistent lock order through back pointers: always Parent, then Child.
type Parent struct {
	mu       sync.Mutex
	children []*Child
	total    int
}

type Child struct {
	mu     sync.Mutex
	parent *Parent
	value  int
}

func (p *Parent) sum() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	t := 0
	for _, c := range p.children {
		t += c.get()
	}
	return t
}

func (c *Child) get() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.value
}

func (c *Child) set(v int) {
	// Takes the parent first, like sum, before its own lock.
	c.parent.mu.Lock()
	defer c.parent.mu.Unlock()
	c.mu.Lock()
	c.value = v
	c.mu.Unlock()
}

// Opposite orders, but both under one gate lock: they never interleave.
type Pair struct {
	gate sync.Mutex
	a, b sync.Mutex
}

func (p *Pair) ab() {
	p.gate.Lock()
	defer p.gate.Unlock()
	p.a.Lock()
	p.b.Lock()
	p.b.Unlock()
	p.a.Unlock()
}

func (p *Pair) ba() {
	p.gate.Lock()
	defer p.gate.Unlock()
	p.b.Lock()
	p.a.Lock()
	p.a.Unlock()
	p.b.Unlock()
}
