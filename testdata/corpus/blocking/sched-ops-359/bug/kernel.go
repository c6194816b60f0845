// Package bug models a lock kept in a Kubernetes ConfigMap: while it is held,
// a refresher goroutine renews the lease on every tick.
package bug

import (
	"sync"
	"time"
)

// leaseStore is the API-server side of the lock (a ConfigMap update).
type leaseStore interface {
	renew(owner string)
	release(owner string)
}

type configMapLockV1 struct {
	mu      sync.Mutex
	store   leaseStore
	owner   string
	refresh time.Duration
	done    chan struct{}
}

func newConfigMapLockV1(store leaseStore, refresh time.Duration) *configMapLockV1 {
	return &configMapLockV1{store: store, refresh: refresh}
}

func (l *configMapLockV1) Lock(owner string) {
	l.mu.Lock()
	l.owner = owner
	l.done = make(chan struct{}) // corpus:culprit
	done := l.done
	l.mu.Unlock()
	go l.refreshLockV1(done)
}

// refreshLockV1 renews the lease until Unlock signals done.
func (l *configMapLockV1) refreshLockV1(done chan struct{}) {
	ticker := time.NewTicker(l.refresh)
	defer ticker.Stop()
	for {
		select {
		case <-done:
			return
		case <-ticker.C:
			l.mu.Lock() // corpus:blocks
			if l.owner != "" {
				l.store.renew(l.owner)
			}
			l.mu.Unlock()
		}
	}
}

func (l *configMapLockV1) Unlock() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.store.release(l.owner)
	l.owner = ""
	// The refresher may be waiting for l.mu in its tick case; nothing
	// receives this send until it gets the lock we hold.
	l.done <- struct{}{} // corpus:blocks
}
