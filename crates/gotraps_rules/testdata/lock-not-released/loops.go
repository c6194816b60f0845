package queue

import (
	"errors"
	"io"
	"sync"
)

type conn struct {
	id     string
	closed bool
	w      io.Writer
}

// Hub fans messages out to connections; every per-connection step takes h.mu.
type Hub struct {
	mu    sync.Mutex
	conns map[string]*conn
	sent  int
}

// Broadcast skips closed connections with `continue` and forgets the lock there:
// the next iteration's Lock blocks forever.
func (h *Hub) Broadcast(ids []string, msg []byte) {
	for _, id := range ids {
		h.mu.Lock()
		c, ok := h.conns[id]
		if !ok || c.closed {
			continue // want `GT023 lock-not-released: .h\.mu. is still locked when this loop continues`
		}
		h.sent++
		h.mu.Unlock()
		c.w.Write(msg)
	}
}

// Drain stops at the first failing connection and leaves the loop holding h.mu.
func (h *Hub) Drain(ids []string) int {
	n := 0
	for _, id := range ids {
		h.mu.Lock()
		c := h.conns[id]
		if c == nil {
			break // want `.h\.mu. is still locked when this loop breaks`
		}
		delete(h.conns, id)
		h.mu.Unlock()
		n++
	}
	return n
}

var errNoConn = errors.New("no such connection")

// Close returns from inside the loop with h.mu held on the error path.
func (h *Hub) Close(ids []string) error {
	for _, id := range ids {
		h.mu.Lock()
		c, ok := h.conns[id]
		if !ok {
			return errNoConn // want `returns with .h\.mu. still locked`
		}
		c.closed = true
		h.mu.Unlock()
	}
	return nil
}
