package bug

import (
	"context"
	"sync"
	"time"
)

type SingularityStore struct {
	wg      sync.WaitGroup
	closing chan struct{}
	workers int
}

func NewSingularityStore(workers int) *SingularityStore {
	return &SingularityStore{closing: make(chan struct{}), workers: workers}
}

func (s *SingularityStore) Start(ctx context.Context) {
	for i := 0; i < s.workers; i++ {
		go s.runPreparationJobs(ctx) // corpus:race-frame
	}
}

func (s *SingularityStore) runPreparationJobs(ctx context.Context) {
	s.wg.Add(1) // corpus:race
	defer s.wg.Done()
	select {
	case <-ctx.Done():
	case <-s.closing:
	}
	s.checkpoint()
}

// checkpoint persists how far the preparation jobs got (a store write).
func (s *SingularityStore) checkpoint() {
	time.Sleep(10 * time.Millisecond)
}

func (s *SingularityStore) Shutdown(ctx context.Context) error {
	close(s.closing)
	done := make(chan struct{})
	go func() { // corpus:race-frame
		s.wg.Wait() // corpus:race
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
