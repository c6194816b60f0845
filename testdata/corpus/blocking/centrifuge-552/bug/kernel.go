// Package bug models the per-connection writer of a real-time messaging
// server: a goroutine waits for queued messages and writes them out in
// batches, collecting for writeDelay first.
package bug

import (
	"sync"
	"time"
)

// queue is an unbounded FIFO of outgoing frames.
type queue struct {
	mu     sync.Mutex
	cond   *sync.Cond
	items  [][]byte
	closed bool
}

func newQueue() *queue {
	q := &queue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *queue) Add(b []byte) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return false
	}
	q.items = append(q.items, b)
	q.cond.Signal()
	return true
}

// Wait blocks until an item is queued; false once closed and drained.
func (q *queue) Wait() bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 && !q.closed {
		q.cond.Wait()
	}
	return len(q.items) > 0
}

func (q *queue) RemoveMany(max int) ([][]byte, bool) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.items) == 0 {
		return nil, false
	}
	n := min(max, len(q.items))
	out := q.items[:n]
	q.items = q.items[n:]
	return out, true
}

func (q *queue) CloseRemaining() [][]byte {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	out := q.items
	q.items = nil
	q.cond.Broadcast()
	return out
}

func (q *queue) Closed() bool { q.mu.Lock(); defer q.mu.Unlock(); return q.closed }

type writer struct {
	mu         sync.Mutex
	messages   *queue
	writeMany  func(frames ...[]byte) error
	writeDelay time.Duration
	closed     bool
}

func (w *writer) waitSendMessage(maxMessagesInFrame int) bool {
	if !w.messages.Wait() {
		return false
	}
	time.Sleep(w.writeDelay) // collect more messages into one frame
	w.mu.Lock()
	items, ok := w.messages.RemoveMany(maxMessagesInFrame)
	if !ok {
		return !w.messages.Closed() // corpus:culprit
	}
	err := w.writeMany(items...)
	w.mu.Unlock()
	return err == nil
}

// run is the connection's writer goroutine.
func (w *writer) run(maxMessagesInFrame int) {
	for w.waitSendMessage(maxMessagesInFrame) {
	}
}

func (w *writer) close(flushRemaining bool) {
	w.mu.Lock() // corpus:blocks
	defer w.mu.Unlock()
	if w.closed {
		return
	}
	w.closed = true
	remaining := w.messages.CloseRemaining()
	if flushRemaining && len(remaining) > 0 {
		w.writeMany(remaining...)
	}
}
