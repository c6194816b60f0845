package fixtures

import (
	"context"
	"time"
)

// Buffered: the send never blocks.
func (p *Pool) SubmitBuffered(ctx context.Context, o Order) error {
	done := make(chan error, 1)
	go func() { done <- p.process(o) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// The goroutine selects on the context too.
func (p *Pool) SubmitSelect(ctx context.Context, o Order) error {
	done := make(chan error)
	go func() {
		select {
		case done <- p.process(o):
		case <-ctx.Done():
		}
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// The receiver always drains.
func wait(o Order, p *Pool) error {
	done := make(chan error)
	go func() { done <- p.process(o) }()
	return <-done
}

// The timer case does not return: the select is retried until the result arrives.
func (p *Pool) SubmitPatient(o Order) error {
	done := make(chan error)
	go func() { done <- p.process(o) }()
	for {
		select {
		case err := <-done:
			return err
		case <-time.After(time.Second):
			println("still waiting")
		}
	}
}

// The channel is handed to another function that may receive.
func (p *Pool) SubmitVia(ctx context.Context, o Order, relay func(chan error)) error {
	done := make(chan error)
	go func() { done <- p.process(o) }()
	go relay(done)
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}
