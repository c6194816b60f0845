package slots

import "sync"

// Table lets goroutines reserve rows; Reserve(row) waits while its row is taken.
type Table struct {
	mu    sync.Mutex
	freed *sync.Cond
	taken map[int]bool
}

func NewTable() *Table {
	t := &Table{taken: map[int]bool{}}
	t.freed = sync.NewCond(&t.mu)
	return t
}

func (t *Table) isTaken(row int) bool { return t.taken[row] }

func (t *Table) Reserve(row int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	for t.isTaken(row) {
		t.freed.Wait()
	}
	t.taken[row] = true
}

func (t *Table) Free(row int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.taken, row)
	t.freed.Signal() // want `GT428 cond-signal-wrong-waiter: .t\.freed\.Signal\(\). wakes one arbitrary waiter, but each caller of .Reserve. waits for its own .row.`
}

// Ring is a bounded queue whose producers and consumers share one Cond.
type Ring struct {
	mu      sync.Mutex
	changed *sync.Cond
	items   []string
	limit   int
}

func NewRing(limit int) *Ring {
	r := &Ring{limit: limit}
	r.changed = sync.NewCond(&r.mu)
	return r
}

func (r *Ring) Put(s string) {
	r.mu.Lock()
	for len(r.items) >= r.limit {
		r.changed.Wait()
	}
	r.items = append(r.items, s)
	r.changed.Signal() // want `GT428 cond-signal-wrong-waiter: .r\.changed\.Signal\(\). wakes one arbitrary waiter, but waiters wait for different conditions`
	r.mu.Unlock()
}

func (r *Ring) Get() string {
	r.mu.Lock()
	for len(r.items) == 0 {
		r.changed.Wait()
	}
	s := r.items[0]
	r.items = r.items[1:]
	r.changed.Signal() // want `GT428 cond-signal-wrong-waiter: .r\.changed\.Signal\(\). wakes one arbitrary waiter`
	r.mu.Unlock()
	return s
}
