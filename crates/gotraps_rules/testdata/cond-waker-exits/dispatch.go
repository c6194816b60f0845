package dispatch

import (
	"log"
	"sync"
)

// Dispatcher runs jobs queued by Submit. A supervisor goroutine watches for stop
// and fatal errors; the dispatch goroutine waits on a Cond for work or shutdown.
type Dispatcher struct {
	mu     sync.Mutex
	work   *sync.Cond
	queue  []func()
	closed bool

	stop  chan struct{}
	fatal chan error
	done  chan struct{}
}

func New() *Dispatcher {
	d := &Dispatcher{stop: make(chan struct{}), fatal: make(chan error, 1), done: make(chan struct{})}
	d.work = sync.NewCond(&d.mu)
	go d.supervise()
	go d.dispatch()
	return d
}

func (d *Dispatcher) Submit(job func()) {
	d.mu.Lock()
	d.queue = append(d.queue, job)
	d.mu.Unlock()
	d.work.Signal()
}

func (d *Dispatcher) supervise() {
	for {
		select {
		case <-d.stop:
			d.mu.Lock()
			d.closed = true
			d.work.Broadcast()
			d.mu.Unlock()
			return
		case err := <-d.fatal:
			log.Printf("dispatcher: %v", err)
			return // want `GT440 cond-waker-exits: goroutine .supervise. returns here without setting .closed. and waking .d\.work.: it is the only code that sets .closed.`
		}
	}
}

func (d *Dispatcher) dispatch() {
	defer close(d.done)
	d.mu.Lock()
	defer d.mu.Unlock()
	for {
		for len(d.queue) == 0 && !d.closed {
			d.work.Wait()
		}
		if d.closed {
			return
		}
		job := d.queue[0]
		d.queue = d.queue[1:]
		d.mu.Unlock()
		job()
		d.mu.Lock()
	}
}

func (d *Dispatcher) Close() {
	close(d.stop)
	<-d.done
}
