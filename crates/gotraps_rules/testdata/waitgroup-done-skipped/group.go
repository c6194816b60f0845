package donesskipped

import (
	"context"
	"errors"
	"sync"
)

type Sem struct{ slots chan struct{} }

func (s *Sem) Acquire(ctx context.Context) error {
	select {
	case s.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (s *Sem) Release() { <-s.slots }

type Group struct {
	ctx  context.Context
	sem  *Sem
	wg   sync.WaitGroup
	mu   sync.Mutex
	errs []error
}

// The failed Acquire returns with the count still up.
func (g *Group) Go(f func() error) error {
	g.wg.Add(1)
	if err := g.sem.Acquire(g.ctx); err != nil {
		return err // want `GT431 waitgroup-done-skipped: this exit leaves .g\.wg\.Add. \(at group\.go:\d+\) without its .Done.: no goroutine is started and nothing calls .g\.wg\.Done\(\). on this path, so .g\.wg\.Wait\(\). in .Wait. never returns`
	}
	go func() {
		defer g.sem.Release()
		defer g.wg.Done()
		if err := f(); err != nil {
			g.mu.Lock()
			g.errs = append(g.errs, err)
			g.mu.Unlock()
		}
	}()
	return nil
}

func (g *Group) Wait() error {
	g.wg.Wait()
	return errors.Join(g.errs...)
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
