package slots

import (
	"context"
	"sync"
)

// Pool: every waiter waits for the same thing (a free connection), so Signal wakes
// one that can proceed. The context parameter does not make waiters differ.
type Pool struct {
	mu    sync.Mutex
	avail *sync.Cond
	idle  []int
}

func NewPool() *Pool {
	p := &Pool{}
	p.avail = sync.NewCond(&p.mu)
	return p
}

func (p *Pool) Get(ctx context.Context) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	for len(p.idle) == 0 && ctx.Err() == nil {
		p.avail.Wait()
	}
	if len(p.idle) == 0 {
		return -1
	}
	c := p.idle[len(p.idle)-1]
	p.idle = p.idle[:len(p.idle)-1]
	return c
}

func (p *Pool) Put(c int) {
	p.mu.Lock()
	p.idle = append(p.idle, c)
	p.avail.Signal()
	p.mu.Unlock()
}

// Counter: waiters wait for different targets, and the change broadcasts.
type Counter struct {
	mu      sync.Mutex
	reached *sync.Cond
	n       int
}

func NewCounter() *Counter {
	c := &Counter{}
	c.reached = sync.NewCond(&c.mu)
	return c
}

func (c *Counter) WaitFor(target int) {
	c.mu.Lock()
	for c.n < target {
		c.reached.Wait()
	}
	c.mu.Unlock()
}

func (c *Counter) Add() {
	c.mu.Lock()
	c.n++
	c.reached.Broadcast()
	c.mu.Unlock()
}

// keyState has one Cond per key: the waiter's condition and the Cond hang off the
// same object, so a Signal reaches a waiter for that key.
type keyState struct {
	cond *sync.Cond
	held bool
}

type Locks struct {
	mu   sync.Mutex
	keys map[string]*keyState
}

func (l *Locks) state(k string) *keyState {
	ks, ok := l.keys[k]
	if !ok {
		ks = &keyState{cond: sync.NewCond(&l.mu)}
		l.keys[k] = ks
	}
	return ks
}

func (l *Locks) Lock(k string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	ks := l.state(k)
	for ks.held {
		ks.cond.Wait()
	}
	ks.held = true
}

func (l *Locks) Unlock(k string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	ks := l.keys[k]
	ks.held = false
	ks.cond.Signal()
}
