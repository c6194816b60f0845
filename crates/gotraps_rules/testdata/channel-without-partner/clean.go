package worker

import (
	"context"
	"sync"
	"time"
)

// Pool: the done channel is closed by the loop on every exit path.
type Pool struct {
	tasks chan int
	done  chan struct{}
}

func newPool() *Pool {
	p := &Pool{tasks: make(chan int, 8), done: make(chan struct{})}
	go p.run()
	return p
}

func (p *Pool) run() {
	defer close(p.done)
	for t := range p.tasks { // a queue whose consumer ends on close
		_ = t
	}
}

func (p *Pool) shutdown() {
	close(p.tasks)
	<-p.done
}

// An error channel sized to its workers, read by the caller.
func fanOut(n int) error {
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		go func() { errs <- nil }()
	}
	for i := 0; i < n; i++ {
		if err := <-errs; err != nil {
			return err
		}
	}
	return nil
}

// A Cond with Broadcast.
type Gate struct {
	mu   sync.Mutex
	cond *sync.Cond
	open bool
}

func newGate() *Gate {
	g := &Gate{}
	g.cond = sync.NewCond(&g.mu)
	return g
}

func (g *Gate) wait() {
	g.mu.Lock()
	for !g.open {
		g.cond.Wait()
	}
	g.mu.Unlock()
}

func (g *Gate) release() {
	g.mu.Lock()
	g.open = true
	g.mu.Unlock()
	g.cond.Broadcast()
}

// Contexts that end: cancelled by another goroutine, or by a timeout.
func cancelled() {
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		time.Sleep(time.Millisecond)
		cancel()
	}()
	<-ctx.Done()
}

func timed() {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	<-ctx.Done()
}

// A channel handed to other code may be served there.
func external(sink func(chan int)) int {
	c := make(chan int)
	sink(c)
	return <-c
}

// Channels passed through a parameter and served by a goroutine of the package.
func pipeline() int {
	in := make(chan int)
	go feed(in)
	return <-in
}

func feed(out chan<- int) { out <- 1 }

// A signal channel stored in a struct field and closed through a method value.
type Closer struct {
	stop chan struct{}
}

func (c *Closer) closeIt() { close(c.stop) }

func useCloser() {
	c := &Closer{stop: make(chan struct{})}
	f := c.closeIt
	go f()
	<-c.stop
}
