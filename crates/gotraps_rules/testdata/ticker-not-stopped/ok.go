package fixtures

import (
	"context"
	"log"
	"time"
)

func heartbeat(ctx context.Context, beat func()) {
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			beat()
		}
	}
}

// Stopped in a deferred closure.
func flushLoop(ctx context.Context, flush func() error) error {
	ticker := time.NewTicker(5 * time.Second)
	defer func() {
		ticker.Stop()
		log.Print("flusher stopped")
	}()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-ticker.C:
			if err := flush(); err != nil {
				return err
			}
		}
	}
}

// The caller owns the ticker.
func newPacer(d time.Duration) *time.Ticker {
	t := time.NewTicker(d)
	return t
}

// Handed to a goroutine that stops it.
func watch(done <-chan struct{}, check func()) {
	t := time.NewTicker(time.Minute)
	go func() {
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				check()
			}
		}
	}()
}

// A process-lifetime loop never returns: nothing to stop.
func reportForever(report func()) {
	t := time.NewTicker(time.Minute)
	for range t.C {
		report()
	}
}

// Field stopped in Close.
type Syncer struct {
	every *time.Ticker
}

func NewSyncer() *Syncer {
	s := &Syncer{}
	s.every = time.NewTicker(time.Hour)
	return s
}

func (s *Syncer) Close() { s.every.Stop() }

// A timer, not a ticker.
func timeout(d time.Duration) <-chan time.Time {
	t := time.NewTimer(d)
	return t.C
}
