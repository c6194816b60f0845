package doublelock

import "sync"

// node is one level of a version tree; each level has its own lock.
type node struct {
	mu      sync.Mutex
	parent  *node
	version int
}

// bump updates the parent under the parent's lock (the inner `n` is the parent), then
// takes its own lock a second time while still holding it.
func (n *node) bump() {
	n.mu.Lock()
	if n.parent != nil {
		n := n.parent
		n.mu.Lock()
		n.version++
		n.mu.Unlock()
	}
	n.mu.Lock() // want `GT022 double-lock: .n\.mu. locked again while already held`
	n.version++
	n.mu.Unlock()
}
