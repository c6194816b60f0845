package queue

import (
	"errors"
	"sync"
)

var errServerClosed = errors.New("server closed")

// server forwards requests to an optional child server; each has its own lock.
type server struct {
	mu     sync.Mutex
	child  *server
	reqs   int
	closed bool
}

// handle counts the request on the child (the inner `s`, under the child's lock), then
// returns early on a closed server with its own lock still held.
func (s *server) handle() error {
	s.mu.Lock()
	if s.child != nil {
		s := s.child
		s.mu.Lock()
		s.reqs++
		s.mu.Unlock()
	}
	if s.closed {
		return errServerClosed // want `GT023 lock-not-released: returns with .s\.mu. still locked`
	}
	s.reqs++
	s.mu.Unlock()
	return nil
}
