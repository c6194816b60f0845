package doublelock

import "sync"

// Ledger shows lock patterns that are correct.
type Ledger struct {
	mu       sync.RWMutex
	balances map[string]int64
	audit    *Ledger
}

func (l *Ledger) Transfer(from, to string, amount int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.moveLocked(from, to, amount)
	// Another ledger's lock is a different mutex.
	if l.audit != nil {
		l.audit.Record(from, to, amount)
	}
}

// moveLocked requires l.mu held.
func (l *Ledger) moveLocked(from, to string, amount int64) {
	l.balances[from] -= amount
	l.balances[to] += amount
}

func (l *Ledger) Record(from, to string, amount int64) {
	l.mu.Lock()
	l.balances["audit:"+from+">"+to] += amount
	l.mu.Unlock()
}

// Balance releases before calling a method that locks.
func (l *Ledger) Balance(name string) int64 {
	l.mu.RLock()
	b, ok := l.balances[name]
	l.mu.RUnlock()
	if !ok {
		l.Record(name, name, 0)
	}
	return b
}

// get locks only when the caller does not hold the lock.
func (l *Ledger) get(name string, locked bool) int64 {
	if !locked {
		l.mu.RLock()
		defer l.mu.RUnlock()
	}
	return l.balances[name]
}

func (l *Ledger) Sum(names []string) int64 {
	l.mu.RLock()
	defer l.mu.RUnlock()
	var total int64
	for _, n := range names {
		total += l.get(n, true)
	}
	return total
}

// Reset unlocks and locks again in a loop, correctly.
func (l *Ledger) Reset(names []string) {
	for _, n := range names {
		l.mu.Lock()
		delete(l.balances, n)
		l.mu.Unlock()
	}
}

// Retry drops the lock around the slow part.
func (l *Ledger) Retry(name string, fetch func(string) int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.balances[name]; !ok {
		l.mu.Unlock()
		v := fetch(name)
		l.mu.Lock()
		l.balances[name] = v
	}
}

// Two different mutexes.
type pair struct {
	a, b sync.Mutex
}

func (p *pair) both() {
	p.a.Lock()
	p.b.Lock()
	p.b.Unlock()
	p.a.Unlock()
}
