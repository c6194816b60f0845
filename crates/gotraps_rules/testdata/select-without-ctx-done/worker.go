package fixtures

import (
	"context"
	"log"
	"net/http"
	"time"
)

type Job struct{ ID string }

type Worker struct {
	jobs  chan Job
	flush *time.Ticker
}

func (w *Worker) Run(ctx context.Context) {
	for {
		select { // want `this select waits in a loop without .<-ctx.Done\(\)`
		case j := <-w.jobs:
			w.do(ctx, j)
		case <-w.flush.C:
			log.Print("flush")
		}
	}
}

func (w *Worker) do(ctx context.Context, j Job) {}

// The goroutine inherits the handler's request context and ignores it.
func (w *Worker) stream(rw http.ResponseWriter, r *http.Request) {
	updates := make(chan string)
	go func() {
		for {
			select { // want `without .<-r.Context\(\).Done\(\)`
			case u := <-updates:
				rw.Write([]byte(u))
			case <-time.After(15 * time.Second):
				rw.Write([]byte(":keepalive\n"))
			}
		}
	}()
	go produce(r.Context(), updates)
}

func produce(ctx context.Context, out chan<- string) {
	for i := 0; ; i++ {
		// A send blocked forever once the reader is gone.
		select { // want `without .<-ctx.Done\(\)`
		case out <- "tick":
		}
		time.Sleep(time.Second)
	}
}

// A range over a channel has no bound: the timeout does not end the loop.
func (w *Worker) drain(ctx context.Context, in <-chan Job, acks chan<- string) {
	for j := range in {
		select { // want `without .<-ctx.Done\(\)`
		case acks <- j.ID:
		case <-time.After(time.Second):
		}
		w.do(ctx, j)
	}
}
