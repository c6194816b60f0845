package fixed

import (
	"context"
	"errors"
	"sync"
)

// weighted is a minimal stand-in for golang.org/x/sync/semaphore.Weighted
// with unit weights.
type weighted struct{ slots chan struct{} }

func newWeighted(n int) *weighted { return &weighted{slots: make(chan struct{}, n)} }

func (s *weighted) Acquire(ctx context.Context) error {
	select {
	case s.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *weighted) Release() { <-s.slots }

type Sequence struct {
	prompt string
	slot   int
}

// Server runs up to `parallel` generation sequences at once; seqsSem counts
// the sequences in flight.
type Server struct {
	mu      sync.Mutex
	seqsSem *weighted
	seqs    []*Sequence
}

func NewServer(parallel int) *Server {
	return &Server{seqsSem: newWeighted(parallel), seqs: make([]*Sequence, parallel)}
}

var errPromptTooLong = errors.New("input exceeds the context window")

func (s *Server) newSequence(prompt string) (*Sequence, error) {
	if len(prompt) > 32 {
		return nil, errPromptTooLong
	}
	return &Sequence{prompt: prompt}, nil
}

// completion handles one request.
func (s *Server) completion(ctx context.Context, prompt string) error {
	if err := s.seqsSem.Acquire(ctx); err != nil {
		return err
	}
	seq, err := s.newSequence(prompt)
	if err != nil {
		s.seqsSem.Release()
		return err
	}
	s.mu.Lock()
	for i, sq := range s.seqs {
		if sq == nil {
			seq.slot = i
			s.seqs[i] = seq
			break
		}
	}
	s.mu.Unlock()

	// ... generate tokens, then free the slot ...
	s.mu.Lock()
	s.seqs[seq.slot] = nil
	s.mu.Unlock()
	s.seqsSem.Release()
	return nil
}
