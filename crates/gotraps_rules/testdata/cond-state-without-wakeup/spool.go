package spool

import (
	"errors"
	"sync"
)

var errClosed = errors.New("spool closed")

// Spool buffers log records for an uploader goroutine. The uploader waits until
// records arrive or the spool is shut down.
type Spool struct {
	mu       sync.Mutex
	ready    *sync.Cond
	records  [][]byte
	shutdown bool
	failure  error
}

func NewSpool() *Spool {
	s := &Spool{}
	s.ready = sync.NewCond(&s.mu)
	// Filling in a value nobody waits on yet needs no wakeup.
	s.shutdown = false
	return s
}

// Next blocks until a record is available or the spool is shut down.
func (s *Spool) Next() ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for len(s.records) == 0 && !s.shutdown && s.failure == nil {
		s.ready.Wait()
	}
	if s.failure != nil {
		return nil, s.failure
	}
	if len(s.records) == 0 {
		return nil, errClosed
	}
	r := s.records[0]
	s.records = s.records[1:]
	return r, nil
}

// Append wakes the uploader after each record.
func (s *Spool) Append(rec []byte) {
	s.mu.Lock()
	s.records = append(s.records, rec)
	s.mu.Unlock()
	s.ready.Signal()
}

// Shutdown sets the flag through a helper and broadcasts afterwards.
func (s *Spool) Shutdown() {
	s.mu.Lock()
	s.markShutdown()
	s.ready.Broadcast()
	s.mu.Unlock()
}

func (s *Spool) markShutdown() { s.shutdown = true }

// Fail records a disk error but forgets to wake the uploader.
func (s *Spool) Fail(err error) {
	s.mu.Lock()
	s.failure = err // want `GT427 cond-state-without-wakeup: .s\.failure. changes .failure., which the waiter's condition .len\(s\.records\) == 0 && !s\.shutdown && s\.failure == nil. reads \(in .Next., at spool.go:33\), but no .s\.ready\.Broadcast\(\). or .Signal\(\). follows`
	s.mu.Unlock()
}
