// Package bug models a keyed mutex: Lock(key) waits until no other
// goroutine holds the same key.
package bug

import "sync"

type Kmutex struct {
	l sync.Mutex
	c *sync.Cond
	s map[interface{}]struct{}
}

func New() *Kmutex {
	km := &Kmutex{s: map[interface{}]struct{}{}}
	km.c = sync.NewCond(&km.l)
	return km
}

func (km *Kmutex) locked(key interface{}) bool {
	_, ok := km.s[key]
	return ok
}

func (km *Kmutex) Lock(key interface{}) {
	km.l.Lock()
	defer km.l.Unlock()
	for km.locked(key) {
		km.c.Wait() // corpus:blocks
	}
	km.s[key] = struct{}{}
}

// Unlock wakes one waiter, which may be waiting for another key.
func (km *Kmutex) Unlock(key interface{}) {
	km.l.Lock()
	defer km.l.Unlock()
	delete(km.s, key)
	km.c.Signal() // corpus:culprit
}
