package queue

import (
	"errors"
	"sync"
)

var errClosed = errors.New("pool closed")

type slot struct{ id int }

// WriterPool hands out a slot while holding the writer lock; Release gives it back.
type WriterPool struct {
	writer sync.Mutex
	state  sync.Mutex
	closed bool
	free   []*slot
}

// acquireWriter takes p.writer and keeps it when it succeeds: the caller releases it
// with releaseWriter. On failure the lock is released here.
func (p *WriterPool) acquireWriter() error {
	p.writer.Lock()
	p.state.Lock()
	closed := p.closed
	p.state.Unlock()
	if closed {
		p.writer.Unlock()
		return errClosed
	}
	return nil
}

func (p *WriterPool) releaseWriter() { p.writer.Unlock() }

// Begin returns a slot whose holder owns p.writer until End.
func (p *WriterPool) Begin() (*slot, error) {
	p.writer.Lock()
	if p.closed {
		p.writer.Unlock()
		return nil, errClosed
	}
	s := &slot{id: len(p.free)}
	return s, nil
}

func (p *WriterPool) End(s *slot) {
	p.free = append(p.free, s)
	p.writer.Unlock()
}
