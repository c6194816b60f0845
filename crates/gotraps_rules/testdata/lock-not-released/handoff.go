package queue

import (
	"errors"
	"sync"
)

var errStale = errors.New("stale entry")

type entry struct {
	val     string
	version int
}

// Cache refreshes entries from a loader under c.mu.
type Cache struct {
	mu      sync.Mutex
	entries map[string]entry
	load    func(string) (string, error)
}

// Refresh releases the lock on both error paths but forgets it on success: the next
// caller of any Cache method hangs.
func (c *Cache) Refresh(key string) error {
	c.mu.Lock()
	v, err := c.load(key)
	if err != nil {
		c.mu.Unlock()
		return err
	}
	old, ok := c.entries[key]
	if ok && old.val == v {
		c.mu.Unlock()
		return errStale
	}
	c.entries[key] = entry{val: v, version: old.version + 1}
	return nil // want `returns with .c\.mu. still locked`
}

// Ledger hands its lock to the caller on success: callers pair beginWrite with
// endWrite, which releases it.
type Ledger struct {
	mu     sync.Mutex
	sealed bool
	lines  []string
}

func (l *Ledger) beginWrite() error {
	l.mu.Lock()
	if l.sealed {
		l.mu.Unlock()
		return errStale
	}
	return nil
}

func (l *Ledger) endWrite() { l.mu.Unlock() }

func (l *Ledger) Append(s string) error {
	if err := l.beginWrite(); err != nil {
		return err
	}
	defer l.endWrite()
	l.lines = append(l.lines, s)
	return nil
}

// Journal's callers unlock directly after a successful lockOpen.
type Journal struct {
	mu   sync.Mutex
	open bool
	n    int
}

func (j *Journal) lockOpen() error {
	j.mu.Lock()
	if !j.open {
		j.mu.Unlock()
		return errStale
	}
	return nil
}

func (j *Journal) Bump() error {
	if err := j.lockOpen(); err != nil {
		return err
	}
	j.n++
	j.mu.Unlock()
	return nil
}
