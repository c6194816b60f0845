package wgaddraceswait

import (
	"context"
	"sync"
	"time"
)

// Store runs preparation workers that register themselves with the WaitGroup.
type Store struct {
	wg      sync.WaitGroup
	closing chan struct{}
	workers int
}

func (s *Store) Start(ctx context.Context) {
	for i := 0; i < s.workers; i++ {
		go s.prepare(ctx)
	}
}

func (s *Store) prepare(ctx context.Context) {
	s.wg.Add(1) // want "`s.wg.Add` runs inside the goroutine it counts \(started at store.go:18\); `s.wg.Wait` at store.go:34 can run first"
	defer s.wg.Done()
	select {
	case <-ctx.Done():
	case <-s.closing:
	}
	time.Sleep(time.Millisecond)
}

func (s *Store) Shutdown() {
	close(s.closing)
	s.wg.Wait()
}

var pollers sync.WaitGroup

func StartPolling(urls []string) {
	for _, u := range urls {
		go poll(u)
	}
}

func poll(url string) {
	pollers.Add(1) // want "`pollers.Add` runs inside the goroutine it counts"
	defer pollers.Done()
	_ = url
}

func StopPolling() { pollers.Wait() }
