package fetch

import (
	"context"
	"time"
)

// Buffered for the one send: the worker never blocks.
func fetchBuffered(ctx context.Context) (int, error) {
	ch := make(chan int, 1)
	go func() { ch <- compute() }()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// The sender also watches the receiver's stop signal.
type Loop struct {
	in   chan int
	quit chan struct{}
}

func (l *Loop) run() {
	for {
		select {
		case v := <-l.in:
			_ = v
		case <-l.quit:
			return
		}
	}
}

func (l *Loop) put(v int) {
	select {
	case l.in <- v:
	case <-l.quit:
	}
}

// A queue whose consumer ends on close: only the close stops the receiving.
type Queue struct {
	items chan int
	tick  *time.Ticker
}

func (q *Queue) consume() {
	for {
		select {
		case v, ok := <-q.items:
			if !ok {
				return
			}
			_ = v
		case <-q.tick.C:
		}
	}
}

func (q *Queue) add(v int) { q.items <- v }

func (q *Queue) stop() { close(q.items) }

func newQueue() *Queue {
	q := &Queue{items: make(chan int), tick: time.NewTicker(time.Second)}
	go q.consume()
	return q
}

// The receiver's other case never ends its loop.
type Ticker struct {
	events chan string
}

func (t *Ticker) serve(tick <-chan time.Time) {
	for {
		select {
		case e := <-t.events:
			_ = e
		case <-tick:
		}
	}
}

func (t *Ticker) emit(e string) { t.events <- e }

func newTicker() *Ticker { return &Ticker{events: make(chan string)} }
