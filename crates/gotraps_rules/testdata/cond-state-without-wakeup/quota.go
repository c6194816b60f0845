package spool

import "sync"

// Quota hands out tokens; Acquire waits while none are left.
type Quota struct {
	mu      sync.Mutex
	cond    *sync.Cond
	free    int
	granted map[string]int
	// stats is written under the lock but no waiter's condition reads it.
	stats int
}

func NewQuota(n int) *Quota {
	q := &Quota{free: n, granted: map[string]int{}}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *Quota) Acquire(owner string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	for q.free == 0 {
		q.cond.Wait()
	}
	q.free--
	q.granted[owner]++
}

// Release returns a token; the deferred Broadcast runs after the change.
func (q *Quota) Release(owner string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	defer q.cond.Broadcast()
	q.free++
	q.granted[owner]--
}

func (q *Quota) Record() {
	q.mu.Lock()
	q.stats++
	q.mu.Unlock()
}

// Resize raises the limit but wakes nobody: a waiter stays asleep although tokens
// are free now. The finding spans the write to the Unlock that publishes it.
func (q *Quota) Resize(extra int) {
	q.mu.Lock()
	if extra > 0 {
		q.free += extra // want `GT427 cond-state-without-wakeup: .q\.free. changes .free., which the waiter's condition .q\.free == 0. reads`
	}
	q.mu.Unlock()
}
