package worker

import (
	"context"
	"sync"
)

// Worker runs jobs in a goroutine; Stop asks it to quit and waits until it has.
type Worker struct {
	jobs chan func()
	quit chan struct{}
	done chan struct{}
}

func NewWorker() *Worker {
	return &Worker{jobs: make(chan func()), quit: make(chan struct{}), done: make(chan struct{})}
}

func (w *Worker) Start() { go w.loop() }

func (w *Worker) loop() {
	for {
		select {
		case j := <-w.jobs:
			j()
		case <-w.quit:
			return // forgets to close(w.done)
		}
	}
}

func (w *Worker) Submit(j func()) { w.jobs <- j }

func (w *Worker) Stop() {
	close(w.quit)
	<-w.done // want `GT403 channel-without-partner: receive from .w\.done. blocks forever: nothing in the package sends on it or closes it`
}

// waitAll's result channel is closed only by its own defer: the range never ends.
func waitAll(n int) int {
	results := make(chan int, n)
	defer close(results)
	for i := 0; i < n; i++ {
		go func(i int) { results <- i }(i)
	}
	sum := 0
	for r := range results { // want `GT403 channel-without-partner: .range. over .results. never ends: its only close is deferred by this same function`
		sum += r
	}
	return sum
}

// Queue: a consumer notified through a Cond that nobody signals.
type Queue struct {
	mu    sync.Mutex
	cond  *sync.Cond
	items []string
}

func newQueue() *Queue {
	q := &Queue{}
	q.cond = sync.NewCond(&q.mu)
	return q
}

func (q *Queue) push(s string) {
	q.mu.Lock()
	q.items = append(q.items, s) // forgets q.cond.Signal()
	q.mu.Unlock()
}

func (q *Queue) pop() string {
	q.mu.Lock()
	defer q.mu.Unlock()
	for len(q.items) == 0 {
		q.cond.Wait() // want `GT403 channel-without-partner: .q\.cond\.Wait\(\). never wakes`
	}
	s := q.items[0]
	q.items = q.items[1:]
	return s
}

// watch waits on a context whose cancel func is only deferred by the waiter itself.
func watch(events chan<- string) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { events <- "started" }()
	<-ctx.Done() // want `GT403 channel-without-partner: .<-ctx\.Done\(\). blocks forever`
}

// reply is sent on an unbuffered channel that is handed to a helper that never reads.
func request() {
	reply := make(chan int)
	go produce(reply)
}

func produce(out chan int) {
	out <- 42 // want `GT403 channel-without-partner: send on unbuffered .out. blocks forever: nothing in the package receives from it`
}
