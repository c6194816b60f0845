package semleak

import (
	"context"
	"errors"
	"os"
)

// slots is a counting semaphore: a send takes a slot, a receive gives it back.
type slots struct{ ch chan struct{} }

func newSlots(n int) *slots { return &slots{ch: make(chan struct{}, n)} }

func (s *slots) acquire(ctx context.Context) error {
	select {
	case s.ch <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *slots) release() { <-s.ch }

type Transcoder struct {
	limit *slots
	out   string
}

func NewTranscoder(parallel int, out string) *Transcoder {
	return &Transcoder{limit: newSlots(parallel), out: out}
}

var errEmpty = errors.New("empty input")

// Transcode runs at most `parallel` jobs at once.
func (t *Transcoder) Transcode(ctx context.Context, in []byte) error {
	if err := t.limit.acquire(ctx); err != nil {
		return err
	}
	if len(in) == 0 {
		return errEmpty // want `GT435 semaphore-slot-leaked: this return keeps the slot of semaphore .s\.ch. taken at lint\.go:\d+: other paths give it back, this one never does`
	}
	err := os.WriteFile(t.out, in, 0o644)
	t.limit.release()
	return err
}

// A plain channel semaphore taken with a send statement.
type Store struct {
	sem chan struct{}
	dir string
}

func NewStore(dir string, parallel int) *Store {
	return &Store{sem: make(chan struct{}, parallel), dir: dir}
}

func (s *Store) Upload(path string) error {
	s.sem <- struct{}{}
	data, err := os.ReadFile(path)
	if err != nil {
		return err // want `GT435 semaphore-slot-leaked: this return keeps the slot of semaphore .s\.sem. taken at lint\.go:\d+`
	}
	_ = data
	<-s.sem
	return nil
}
