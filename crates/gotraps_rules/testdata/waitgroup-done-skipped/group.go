package donesskipped

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"
)

// Limiter hands out one token per tick; Wait fails when the context ends first.
type Limiter struct{ tokens <-chan time.Time }

func (l *Limiter) Wait(ctx context.Context) error {
	select {
	case <-l.tokens:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("rate limit: %w", ctx.Err())
	}
}

type Uploader struct {
	limiter *Limiter
	pending sync.WaitGroup
	mu      sync.Mutex
	failed  []string
}

// Upload counts the upload before it has a token: when the wait for a token fails,
// the count stays up and Flush never returns.
func (u *Uploader) Upload(ctx context.Context, name string, send func(string) error) error {
	u.pending.Add(1)
	if err := u.limiter.Wait(ctx); err != nil {
		return err // want `GT431 waitgroup-done-skipped: this exit leaves .u\.pending\.Add. \(at group\.go:\d+\) without its .Done.: no goroutine is started and nothing calls .u\.pending\.Done\(\). on this path, so .u\.pending\.Wait\(\). in .Flush. never returns`
	}
	go func() {
		defer u.pending.Done()
		if send(name) != nil {
			u.mu.Lock()
			u.failed = append(u.failed, name)
			u.mu.Unlock()
		}
	}()
	return nil
}

// Flush waits for every upload started so far and returns the names that failed.
func (u *Uploader) Flush() []string {
	u.pending.Wait()
	u.mu.Lock()
	defer u.mu.Unlock()
	return append([]string(nil), u.failed...)
}

// A task queue: a rejected task is counted but never run.
type Queue struct {
	wg    sync.WaitGroup
	tasks chan func()
}

func (q *Queue) worker() {
	for t := range q.tasks {
		t()
		q.wg.Done()
	}
}

func (q *Queue) TrySubmit(t func()) bool {
	q.wg.Add(1)
	select {
	case q.tasks <- t:
		return true
	default:
		return false // want `GT431 waitgroup-done-skipped: this exit leaves .q\.wg\.Add.`
	}
}

func (q *Queue) Drain() {
	q.wg.Wait()
	close(q.tasks)
}

func NewQueue(n int) *Queue {
	q := &Queue{tasks: make(chan func(), n)}
	go q.worker()
	return q
}

type Part struct{ Name string }

func fetchPart(p Part) ([]byte, error) {
	if p.Name == "" {
		return nil, errors.New("no name")
	}
	return []byte(p.Name), nil
}

// The early return skips the Done at the end of the goroutine.
func fetchAll(parts []Part) [][]byte {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var out [][]byte
	for _, p := range parts {
		wg.Add(1)
		go func(p Part) {
			b, err := fetchPart(p)
			if err != nil {
				return // want `GT431 waitgroup-done-skipped: this return skips .wg\.Done\(\). \(at group\.go:\d+\) of a counted goroutine, so .wg\.Wait\(\). in .fetchAll. never returns`
			}
			mu.Lock()
			out = append(out, b)
			mu.Unlock()
			wg.Done()
		}(p)
	}
	wg.Wait()
	return out
}

// A `continue` between the Add and the go statement.
func startValid(parts []Part, run func(Part)) {
	var wg sync.WaitGroup
	for _, p := range parts {
		wg.Add(1)
		if p.Name == "" {
			continue // want `GT431 waitgroup-done-skipped: this exit leaves .wg\.Add.`
		}
		go func(p Part) {
			defer wg.Done()
			run(p)
		}(p)
	}
	wg.Wait()
}
