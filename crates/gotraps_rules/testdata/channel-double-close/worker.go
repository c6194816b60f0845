package worker

import (
	"context"
	"errors"
)

type Task struct{ ID int }

type Worker struct {
	tasks   chan Task
	done    chan struct{}
	results chan error
	failed  bool
}

func (w *Worker) Stop() error {
	defer close(w.done)
	if w.failed {
		close(w.done) // want `GT027 channel-double-close: .w\.done. is closed here and again by the deferred close`
		return errors.New("worker failed")
	}
	return nil
}

func (w *Worker) Run(ctx context.Context, tasks []Task) {
	for _, t := range tasks {
		if ctx.Err() != nil {
			close(w.tasks) // want `.w\.tasks. closed again on a path where it is already closed`
			continue
		}
		w.tasks <- t // want `send on .w\.tasks. after it was closed on this path`
	}
}

func produce(out chan<- int, n int) {
	for i := 0; i < n; i++ {
		out <- i
	}
	close(out)
	select {
	case out <- -1: // want `send on .out. after it was closed`
	default:
	}
}
