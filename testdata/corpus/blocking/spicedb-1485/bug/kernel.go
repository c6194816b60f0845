// Package bug models a binary decision diagram (BDD) node table shared by
// readers, with reference counts released by a finalizer.
package bug

import "sync"

const markBit = 1 << 20

type huddnode struct {
	level    int32
	low      int
	high     int
	refcount int32
}

type BDD struct {
	sync.RWMutex
	nodes   []huddnode
	varnum  int32
	logStat func(format string, args ...any)
}

// ismarked reports whether node n has been visited by the current traversal.
func (b *BDD) ismarked(n int) bool {
	b.RLock() // corpus:blocks
	defer b.RUnlock()
	return b.nodes[n].level&markBit != 0
}

// Satcount counts the satisfying assignments of the function rooted at n.
func (b *BDD) Satcount(n int) int {
	b.RLock()
	defer b.RUnlock()
	b.logStat("satcount root=%d nodes=%d", n, len(b.nodes))
	return b.satcountrec(n)
}

func (b *BDD) satcountrec(n int) int {
	if n < 2 {
		return n
	}
	if b.ismarked(n) { // corpus:culprit
		return 0
	}
	node := b.nodes[n]
	return b.satcountrec(node.low) + b.satcountrec(node.high)
}

// delref is called from the finalizer of a Node handle when the garbage
// collector frees it.
func (b *BDD) delref(n int) {
	b.Lock() // corpus:blocks
	defer b.Unlock()
	if b.nodes[n].refcount > 0 {
		b.nodes[n].refcount--
	}
}
