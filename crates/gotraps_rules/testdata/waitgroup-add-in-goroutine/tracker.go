package crawler

import "sync"

// tracker is shaped like a WaitGroup (Add, Done, Wait) but counts with a condition
// variable of its own: its Add inside a goroutine is not the WaitGroup trap.
type tracker struct {
	mu      sync.Mutex
	cond    *sync.Cond
	pending int
}

func newTracker() *tracker {
	t := &tracker{}
	t.cond = sync.NewCond(&t.mu)
	return t
}

func (t *tracker) Add(n int) {
	t.mu.Lock()
	t.pending += n
	t.mu.Unlock()
}

func (t *tracker) Done() {
	t.mu.Lock()
	t.pending--
	t.cond.Broadcast()
	t.mu.Unlock()
}

func (t *tracker) Wait() {
	t.mu.Lock()
	for t.pending > 0 {
		t.cond.Wait()
	}
	t.mu.Unlock()
}

func visitAll(urls []string, visit func(string)) {
	t := newTracker()
	for _, u := range urls {
		go func() {
			t.Add(1)
			defer t.Done()
			visit(u)
		}()
	}
	t.Wait()
}
