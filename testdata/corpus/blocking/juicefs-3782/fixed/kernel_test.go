package fixed

import (
	"sync"
	"sync/atomic"
	"testing"

	"gotraps.test/corpus/internal/prove"
)

// gapLocker runs a hook right after its first Unlock, to place the fetcher's
// completion in the window between the waiter's unlock and its receive.
type gapLocker struct {
	sync.Mutex
	hooked atomic.Bool
	hook   func()
}

func (l *gapLocker) Unlock() {
	l.Mutex.Unlock()
	if l.hooked.CompareAndSwap(false, true) {
		l.hook()
	}
}

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		l := &gapLocker{}
		p := &prefetch{mu: l, cond: NewCond(l)}
		l.hook = func() {
			done := make(chan struct{})
			go func() { p.done(); close(done) }()
			<-done
		}
		p.wait()
	})
}
