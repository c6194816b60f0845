package fixed

import (
	"context"
	"sync"
	"time"
)

// readGroup stands in for the group of segments being prefetched.
type readGroup struct{ segments []int }

func (g *readGroup) Clear() { g.segments = nil }

// UsenetReader streams a file from Usenet segments; the download manager
// prefetches up to maxAhead segments ahead of the reader.
type UsenetReader struct {
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu           sync.Mutex
	downloadCond *sync.Cond
	rg           *readGroup
	ahead        int
	maxAhead     int
	closeTimeout time.Duration
}

func NewUsenetReader(maxAhead int, closeTimeout time.Duration) *UsenetReader {
	ctx, cancel := context.WithCancel(context.Background())
	b := &UsenetReader{ctx: ctx, cancel: cancel, rg: &readGroup{}, maxAhead: maxAhead, closeTimeout: closeTimeout}
	b.downloadCond = sync.NewCond(&b.mu)
	b.wg.Add(1)
	go b.downloadManager()
	// Wake the manager when the reader is cancelled.
	go func() {
		<-ctx.Done()
		b.downloadCond.Broadcast()
	}()
	return b
}

func (b *UsenetReader) downloadManager() {
	defer b.wg.Done()
	for {
		b.mu.Lock()
		// Wait while the prefetch window is full and there is still a group
		// to download for.
		for b.rg != nil && b.ahead >= b.maxAhead {
			b.downloadCond.Wait()
		}
		if b.rg == nil {
			b.mu.Unlock()
			return
		}
		b.ahead++
		b.rg.segments = append(b.rg.segments, b.ahead)
		b.mu.Unlock()
	}
}

// Close cancels downloads and waits for the manager, giving up after
// closeTimeout and releasing the segments itself.
func (b *UsenetReader) Close() error {
	b.cancel()
	done := make(chan struct{})
	go func() {
		b.wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(b.closeTimeout):
		b.mu.Lock()
		if b.rg != nil {
			b.rg.Clear()
			b.rg = nil
		}
		b.mu.Unlock()
		// The manager may be back in Wait after the cancel wakeup.
		b.downloadCond.Broadcast()
	}
	return nil
}
