package queue

import "sync"

// Pool hands out workers; its lock helpers return with the lock held by design.
type Pool struct {
	mu      sync.Mutex
	idle    []int
	waiters int
}

// lock is a helper: it returns with p.mu held on every path.
func (p *Pool) lock() {
	p.mu.Lock()
}

// acquireLocked returns with p.mu held; the caller unlocks.
func (p *Pool) acquireLocked() int {
	p.mu.Lock()
	for len(p.idle) == 0 {
		p.waiters++
		return -1
	}
	w := p.idle[0]
	p.idle = p.idle[1:]
	return w
}

func (p *Pool) Release(w int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if w < 0 {
		return
	}
	p.idle = append(p.idle, w)
}

func (p *Pool) Size() int {
	p.lock()
	n := len(p.idle)
	p.mu.Unlock()
	return n
}

// TryGrow unlocks on every path.
func (p *Pool) TryGrow(n int) bool {
	if !p.mu.TryLock() {
		return false
	}
	defer p.mu.Unlock()
	for i := 0; i < n; i++ {
		p.idle = append(p.idle, i)
	}
	return true
}

// Conditional locking with matching conditional unlock is left alone.
func (p *Pool) Count(locked bool) int {
	if !locked {
		p.mu.Lock()
	}
	n := len(p.idle)
	if !locked {
		p.mu.Unlock()
	}
	return n
}
