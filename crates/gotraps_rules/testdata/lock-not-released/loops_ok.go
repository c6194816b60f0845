package queue

import (
	"sync"
	"time"
)

// Mailbox is polled by its owner; all loops below release what they take.
type Mailbox struct {
	mu      sync.Mutex
	pending []string
	done    bool
}

// Next polls until a message arrives and breaks out holding the lock on purpose:
// the lock is released right after the loop.
func (m *Mailbox) Next() string {
	for {
		m.mu.Lock()
		if len(m.pending) > 0 {
			break
		}
		m.mu.Unlock()
		time.Sleep(10 * time.Millisecond)
	}
	msg := m.pending[0]
	m.pending = m.pending[1:]
	m.mu.Unlock()
	return msg
}

// Flush unlocks before every continue, break and return.
func (m *Mailbox) Flush(send func(string) error) error {
	for {
		m.mu.Lock()
		if m.done {
			m.mu.Unlock()
			return nil
		}
		if len(m.pending) == 0 {
			m.mu.Unlock()
			break
		}
		msg := m.pending[0]
		m.pending = m.pending[1:]
		m.mu.Unlock()
		if msg == "" {
			continue
		}
		if err := send(msg); err != nil {
			return err
		}
	}
	return nil
}

// Wait keeps the lock across iterations and drops it only around the sleep.
func (m *Mailbox) Wait() {
	m.mu.Lock()
	for len(m.pending) == 0 && !m.done {
		m.mu.Unlock()
		time.Sleep(time.Millisecond)
		m.mu.Lock()
	}
	m.mu.Unlock()
}

// Each iteration has its own critical section through a closure with defer.
func (m *Mailbox) Count(ids []string) int {
	n := 0
	for range ids {
		func() {
			m.mu.Lock()
			defer m.mu.Unlock()
			n += len(m.pending)
		}()
	}
	return n
}

// Retry runs with m.mu held between attempts and drops it only around the send; a
// `continue` after re-locking keeps the invariant "held at the top of the loop".
func (m *Mailbox) Retry(send func(string) error) error {
	m.mu.Lock()
	for {
		if len(m.pending) == 0 {
			m.mu.Unlock()
			return nil
		}
		msg := m.pending[0]
		m.mu.Unlock()
		err := send(msg)
		m.mu.Lock()
		if err != nil {
			continue
		}
		m.pending = m.pending[1:]
	}
}
