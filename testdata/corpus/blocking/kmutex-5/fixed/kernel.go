// Package bug models a keyed mutex: Lock(key) waits until no other
// goroutine holds the same key.
package fixed

import "sync"

// Kmutex keeps one condition variable per key in use, so that Unlock wakes
// a goroutine waiting for that key.
type Kmutex struct {
	l sync.Mutex
	s map[interface{}]*keyState
}

type keyState struct {
	c       *sync.Cond
	held    bool
	waiters int
}

func New() *Kmutex {
	return &Kmutex{s: map[interface{}]*keyState{}}
}

func (km *Kmutex) Lock(key interface{}) {
	km.l.Lock()
	defer km.l.Unlock()
	ks, ok := km.s[key]
	if !ok {
		ks = &keyState{c: sync.NewCond(&km.l)}
		km.s[key] = ks
	}
	for ks.held {
		ks.waiters++
		ks.c.Wait()
		ks.waiters--
	}
	ks.held = true
}

func (km *Kmutex) Unlock(key interface{}) {
	km.l.Lock()
	defer km.l.Unlock()
	ks := km.s[key]
	ks.held = false
	if ks.waiters == 0 {
		delete(km.s, key)
		return
	}
	ks.c.Signal()
}
