package fixed

import (
	"sync"
	"time"
)

// Wait is a WaitGroup with a bounded wait.
type Wait struct {
	wg sync.WaitGroup
}

func (w *Wait) Add(delta int) { w.wg.Add(delta) }
func (w *Wait) Done()         { w.wg.Done() }

// WaitWithTimeout blocks until the counter is zero or timeout elapses, and
// reports whether it timed out.
func (w *Wait) WaitWithTimeout(timeout time.Duration) bool {
	c := make(chan bool, 1)
	go func() {
		defer close(c)
		w.wg.Wait()
		c <- true
	}()
	select {
	case <-c:
		return false
	case <-time.After(timeout):
		return true
	}
}
