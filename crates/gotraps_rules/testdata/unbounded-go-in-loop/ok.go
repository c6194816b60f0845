package fixtures

import (
	"context"
	"net"
	"sync"

	"golang.org/x/sync/semaphore"
)

// A semaphore channel bounds the handlers.
func serveBounded(l net.Listener, max int) error {
	sem := make(chan struct{}, max)
	for {
		c, err := l.Accept()
		if err != nil {
			return err
		}
		sem <- struct{}{}
		go func() {
			defer func() { <-sem }()
			handle(c)
		}()
	}
}

// A weighted semaphore.
func dispatchBounded(ctx context.Context, events <-chan Event, notify func(Event)) error {
	sem := semaphore.NewWeighted(8)
	for ev := range events {
		if err := sem.Acquire(ctx, 1); err != nil {
			return err
		}
		go func() {
			defer sem.Release(1)
			notify(ev)
		}()
	}
	return nil
}

// Fan-out over a slice: the data's size.
func notifyAll(events []Event, notify func(Event)) {
	var wg sync.WaitGroup
	for _, ev := range events {
		wg.Add(1)
		go func() {
			defer wg.Done()
			notify(ev)
		}()
	}
	wg.Wait()
}

// A fixed pool.
func startWorkers(n int, work <-chan Event, process func(Event)) {
	for i := 0; i < n; i++ {
		go func() {
			for ev := range work {
				process(ev)
			}
		}()
	}
}
