package broker

import "sync"

type Notifier struct {
	mu      sync.Mutex
	waiters []chan struct{}
	cond    *sync.Cond
	ready   bool
}

// Notify never blocks under the lock: select with default.
func (n *Notifier) Notify() {
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, w := range n.waiters {
		select {
		case w <- struct{}{}:
		default:
		}
	}
}

// Wait uses a Cond, which releases the lock while waiting.
func (n *Notifier) Wait() {
	n.mu.Lock()
	for !n.ready {
		n.cond.Wait()
	}
	n.mu.Unlock()
}

// Drain copies under the lock and sends after releasing it.
func (n *Notifier) Drain() {
	n.mu.Lock()
	ws := n.waiters
	n.waiters = nil
	n.mu.Unlock()
	for _, w := range ws {
		w <- struct{}{}
	}
}
