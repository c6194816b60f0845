package semleak

import (
	"context"
	"os"
)

// Shapes that always give the slot back, or are not semaphores.

// Released by defer right after the acquire.
func (t *Transcoder) Probe(ctx context.Context, path string) error {
	if err := t.limit.acquire(ctx); err != nil {
		return err
	}
	defer t.limit.release()
	if _, err := os.Stat(path); err != nil {
		return err
	}
	return nil
}

// Released by a deferred function literal.
func (s *Store) Scan(path string) ([]byte, error) {
	s.sem <- struct{}{}
	defer func() { <-s.sem }()
	return os.ReadFile(path)
}

// The slot is handed to the goroutine, which gives it back.
func (s *Store) CopyAll(paths []string, dst string) {
	for _, p := range paths {
		s.sem <- struct{}{}
		go func() {
			defer func() { <-s.sem }()
			if b, err := os.ReadFile(p); err == nil {
				_ = os.WriteFile(dst, b, 0o644)
			}
		}()
	}
}

// An error channel sized to its workers: its receives read the values (not a
// semaphore).
func checkAll(paths []string) error {
	errc := make(chan error, len(paths))
	for _, p := range paths {
		go func() {
			_, err := os.Stat(p)
			errc <- err
		}()
	}
	for range paths {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// A non-blocking try: the failure path never held a slot.
func (s *Store) TryWarm(path string) bool {
	select {
	case s.sem <- struct{}{}:
	default:
		return false
	}
	_, err := os.Stat(path)
	<-s.sem
	return err == nil
}

// Every path gives the slot back before returning.
func (s *Store) Touch(path string) error {
	s.sem <- struct{}{}
	f, err := os.Create(path)
	if err != nil {
		<-s.sem
		return err
	}
	<-s.sem
	return f.Close()
}

// The slot travels with the returned value, which gives it back when closed.
type lease struct {
	path    string
	release func()
}

func (s *Store) giveBack() { <-s.sem }

func (s *Store) Open(path string) (*lease, error) {
	s.sem <- struct{}{}
	if _, err := os.Stat(path); err != nil {
		s.giveBack()
		return nil, err
	}
	return &lease{path: path, release: s.giveBack}, nil
}

// A handshake, not a semaphore: whoever comes second takes the value.
func (s *Store) Race(ctx context.Context) func() {
	met := make(chan struct{}, 1)
	go func() {
		select {
		case <-ctx.Done():
			select {
			case met <- struct{}{}:
			default:
			}
		case <-met:
		}
	}()
	return func() {
		select {
		case <-met:
			_ = os.Remove(s.dir)
		case met <- struct{}{}:
		}
	}
}

func (s *Store) Query(ctx context.Context, path string) error {
	done := s.Race(ctx)
	if _, err := os.Stat(path); err != nil {
		return err
	}
	done()
	return nil
}
