package fixtures

import (
	"context"
	"time"
)

func (w *Worker) RunUntilDone(ctx context.Context) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case j := <-w.jobs:
			w.do(ctx, j)
		}
	}
}

// Another stop signal leaves the loop.
func (w *Worker) RunUntilQuit(ctx context.Context, quit <-chan struct{}) {
	for {
		select {
		case <-quit:
			return
		case j := <-w.jobs:
			w.do(ctx, j)
		}
	}
}

// A closed input ends the loop.
func forward(ctx context.Context, in <-chan Job, out chan<- Job) {
	for {
		select {
		case j, ok := <-in:
			if !ok {
				return
			}
			out <- j
		case <-time.After(time.Second):
		}
	}
}

// Non-blocking poll.
func (w *Worker) poll(ctx context.Context) {
	for i := 0; i < 10; i++ {
		select {
		case j := <-w.jobs:
			w.do(ctx, j)
		default:
		}
	}
}

// No context in scope.
func pump(in <-chan Job, out chan<- Job) {
	for {
		select {
		case j := <-in:
			out <- j
		}
	}
}

// Each item gets a bounded wait and the loop ends with its items: cancelling
// ctx cannot leave this loop waiting.
func (w *Worker) probeAll(ctx context.Context, jobs []Job) []Job {
	var slow []Job
	for _, j := range jobs {
		done := make(chan struct{}, 1)
		go func(j Job) {
			w.do(ctx, j)
			done <- struct{}{}
		}(j)
		select {
		case <-done:
		case <-time.After(time.Second):
			slow = append(slow, j)
		}
	}
	return slow
}

// The same bounded wait with a timer that is stopped after each item.
func (w *Worker) warmAll(ctx context.Context, jobs []Job, limit time.Duration) (warmed int) {
	for _, j := range jobs {
		done := make(chan struct{}, 1)
		go func(j Job) {
			w.do(ctx, j)
			done <- struct{}{}
		}(j)
		timer := time.NewTimer(limit)
		select {
		case <-done:
			warmed++
		case <-timer.C:
		}
		timer.Stop()
	}
	return warmed
}
