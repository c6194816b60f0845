// Package bug models a fail-back resolver group: queries go to the active
// upstream; after a failure the group moves to the next one, and a timer
// goroutine brings it back to the first upstream once no failure has been
// seen for a while.
package bug

import (
	"errors"
	"sync"
	"time"
)

type Resolver interface {
	Resolve(q string) (string, error)
}

type FailBack struct {
	mu         sync.RWMutex
	resolvers  []Resolver
	active     int
	failCh     chan struct{} // signals the reset timer; nil when no timer runs
	resetAfter time.Duration
	logf       func(format string, args ...any)
}

func (r *FailBack) current() (int, Resolver) {
	r.mu.RLock() // corpus:blocks
	defer r.mu.RUnlock()
	return r.active, r.resolvers[r.active]
}

func (r *FailBack) Resolve(q string) (string, error) {
	for range r.resolvers {
		i, res := r.current()
		a, err := res.Resolve(q)
		if err == nil {
			return a, nil
		}
		r.errorFrom(i)
	}
	return "", errors.New("all resolvers failed")
}

// errorFrom moves to the next resolver and (re)starts the reset timer.
func (r *FailBack) errorFrom(i int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if i != r.active {
		return
	}
	if r.failCh == nil {
		r.failCh = r.startResetTimer()
	}
	r.active = (r.active + 1) % len(r.resolvers)
	r.logf("failing over to resolver %d", r.active)
	r.failCh <- struct{}{} // corpus:blocks
}

func (r *FailBack) startResetTimer() chan struct{} {
	failCh := make(chan struct{})
	go func() {
		timer := time.NewTimer(r.resetAfter)
		for {
			select {
			case <-failCh:
				if !timer.Stop() {
					<-timer.C
				}
				timer.Reset(r.resetAfter)
			case <-timer.C:
				r.mu.Lock() // corpus:blocks
				r.active = 0
				r.failCh = nil
				r.mu.Unlock()
				return
			}
		}
	}()
	return failCh
}
