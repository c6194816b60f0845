package fixtures

import (
	"context"
	"errors"
	"net"
	"time"
)

type Order struct{ ID string }

type Pool struct {
	jobs chan Order
}

func (p *Pool) process(o Order) error { return nil }

// Submit gives up on the request's deadline; the goroutine then blocks forever.
func (p *Pool) Submit(ctx context.Context, o Order) error {
	done := make(chan error)
	go func() {
		p.jobs <- o
		done <- p.process(o) // want `send on unbuffered .done. blocks forever`
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

var errTimeout = errors.New("dial timeout")

type result struct {
	conn net.Conn
	err  error
}

// dialWithTimeout races a dial against a timer.
func dialWithTimeout(addr string, d time.Duration) (net.Conn, error) {
	ch := make(chan result)
	go func() {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			ch <- result{err: err} // want `send on unbuffered .ch. blocks forever`
			return
		}
		ch <- result{conn: c} // want `send on unbuffered .ch. blocks forever`
	}()
	select {
	case r := <-ch:
		return r.conn, r.err
	case <-time.After(d):
		return nil, errTimeout
	}
}

// Streaming results: the loop of sends blocks once the reader leaves.
func firstMatch(ctx context.Context, items []string, match func(string) bool) (string, error) {
	found := make(chan string)
	go func() {
		for _, it := range items {
			if match(it) {
				found <- it // want `send on unbuffered .found. blocks forever`
			}
		}
	}()
	select {
	case it := <-found:
		return it, nil
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
