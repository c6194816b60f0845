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
