package dispatch

import (
	"log"
	"sync"
)

// Runner: the event goroutine sets closed and broadcasts in a deferred function, so
// every way out wakes the worker.
type Runner struct {
	mu     sync.Mutex
	cond   *sync.Cond
	tasks  []int
	closed bool
	stop   chan struct{}
	errs   chan error
}

func NewRunner() *Runner {
	r := &Runner{stop: make(chan struct{}), errs: make(chan error, 1)}
	r.cond = sync.NewCond(&r.mu)
	go r.events()
	go r.work()
	return r
}

func (r *Runner) events() {
	defer func() {
		r.mu.Lock()
		r.closed = true
		r.cond.Broadcast()
		r.mu.Unlock()
	}()
	for {
		select {
		case <-r.stop:
			return
		case err := <-r.errs:
			log.Print(err)
			return
		}
	}
}

func (r *Runner) work() {
	r.mu.Lock()
	defer r.mu.Unlock()
	for !r.closed {
		for len(r.tasks) == 0 && !r.closed {
			r.cond.Wait()
		}
		if len(r.tasks) > 0 {
			r.tasks = r.tasks[1:]
		}
	}
}

// Follower: the waiter checks quit under the Cond's lock before each Wait, and the
// one-shot wakeup is made under that lock, so it cannot be missed.
type Follower struct {
	mu    sync.Mutex
	cond  *sync.Cond
	count int
}

func NewFollower() *Follower {
	f := &Follower{}
	f.cond = sync.NewCond(&f.mu)
	return f
}

func (f *Follower) Follow(quit <-chan struct{}, seen func(int)) {
	go func() {
		for {
			f.mu.Lock()
			select {
			case <-quit:
				f.mu.Unlock()
				return
			default:
			}
			f.cond.Wait()
			n := f.count
			f.mu.Unlock()
			seen(n)
		}
	}()
	go func() {
		<-quit
		f.mu.Lock()
		f.cond.Broadcast()
		f.mu.Unlock()
	}()
}

func (f *Follower) Bump() {
	f.mu.Lock()
	f.count++
	f.mu.Unlock()
	f.cond.Broadcast()
}
