package fixtures

import (
	"context"
	"time"
)

// The only competitor ends the loop: each timer fires or is the last one.
func periodic(ctx context.Context, every time.Duration, work func()) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
			work()
		}
	}
}

// A single reusable timer.
func (c *Consumer) RunWithTimer(ctx context.Context) {
	idle := time.NewTimer(c.timeout)
	defer idle.Stop()
	for {
		select {
		case m := <-c.msgs:
			c.handle(m)
			idle.Reset(c.timeout)
		case <-idle.C:
			idle.Reset(c.timeout)
		case <-ctx.Done():
			return
		}
	}
}

// time.After outside any loop.
func waitOnce(done <-chan struct{}) bool {
	select {
	case <-done:
		return true
	case <-time.After(time.Second):
		return false
	}
}

// Plain sleep-like wait in a loop: the timer always fires before the next iteration.
func backoff(op func() error) {
	for op() != nil {
		<-time.After(time.Second)
	}
}

// One ticker for the life of the process.
func reportForever() {
	for range time.Tick(time.Minute) {
		periodic(context.Background(), time.Second, func() {})
	}
}
