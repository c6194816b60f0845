package fixtures

import (
	"context"
	"log"
)

type Event struct{ Kind string }

type Tailer struct {
	events chan Event
	quit   chan struct{}
}

// follow leaves through a flag: the quit case sets `stopping`, and the check after the
// select returns.
func (t *Tailer) follow(ctx context.Context, handle func(context.Context, Event)) {
	for {
		stopping := false
		select {
		case ev := <-t.events:
			handle(ctx, ev)
		case <-t.quit:
			stopping = true
		}
		if stopping {
			log.Print("tailer stopped")
			return
		}
	}
}

// pump ends when the quit case clears the loop condition.
func (t *Tailer) pump(ctx context.Context, handle func(context.Context, Event)) {
	running := true
	for running {
		select {
		case ev := <-t.events:
			handle(ctx, ev)
		case <-t.quit:
			running = false
		}
	}
}

// watch selects on an alias of ctx.Done().
func (t *Tailer) watch(ctx context.Context, handle func(context.Context, Event)) {
	done := ctx.Done()
	for {
		select {
		case ev := <-t.events:
			handle(ctx, ev)
		case <-done:
			return
		}
	}
}

// count sets a flag that nothing tests: cancelling ctx does not stop it.
func (t *Tailer) count(ctx context.Context, handle func(context.Context, Event)) {
	quitting := false
	for {
		select { // want `this select waits in a loop without .<-ctx.Done\(\)`
		case ev := <-t.events:
			handle(ctx, ev)
		case <-t.quit:
			quitting = true
			log.Printf("quit requested (already quitting: %v)", quitting)
		}
	}
}

// relay's `done` is reassigned to a channel that is not the context's.
func (t *Tailer) relay(ctx context.Context, handle func(context.Context, Event), finished chan struct{}) {
	done := ctx.Done()
	if finished != nil {
		done = finished
	}
	for {
		select { // want `this select waits in a loop without .<-ctx.Done\(\)`
		case ev := <-t.events:
			handle(ctx, ev)
		case <-done:
			log.Print("relay: done signalled")
		}
	}
}
