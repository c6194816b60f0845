package fetch

import (
	"context"
	"sync"
	"time"
)

// runAll runs job(i) for i in [0, n) on `workers` goroutines.
func runAll(n, workers int, job func(i int)) {
	var wg sync.WaitGroup
	idx := make(chan int)
	go func() {
		defer close(idx)
		for i := 0; i < n; i++ {
			idx <- i
		}
	}()
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range idx {
				job(i)
			}
		}()
	}
	wg.Wait()
}

// squares collects job results until ctx ends. The results channel is closed
// by the goroutine that runs the jobs, after they all returned: that close
// cannot free a job blocked in its send once the collector has returned.
func squares(ctx context.Context, xs []int) ([]int, error) {
	out := make(chan [2]int)
	go func() {
		runAll(len(xs), 4, func(i int) {
			out <- [2]int{i, xs[i] * xs[i]} // want `GT503 send-after-receiver-left: send on unbuffered .out. blocks forever once its only receiver, a select in .squares.`
		})
		close(out)
	}()
	res := make([]int, len(xs))
	for range xs {
		select {
		case r := <-out:
			res[r[0]] = r[1]
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return res, nil
}

// Hub serves subscriptions until its caller's context ends; the deliveries it
// starts report back to its loop. Shutdown is the caller's: not reported.
type Hub struct {
	acks chan int
}

func newHub() *Hub { return &Hub{acks: make(chan int)} }

func (h *Hub) serve(ctx context.Context, jobs []int) {
	for _, j := range jobs {
		go h.deliver(j)
	}
	for {
		select {
		case id := <-h.acks:
			_ = id
		case <-ctx.Done():
			return
		}
	}
}

func (h *Hub) deliver(id int) {
	h.acks <- id
}

// Ledger's loop has a quit case, but nothing ever sends on or closes quit: the
// loop never stops receiving, so its senders are never stranded.
type Ledger struct {
	entries chan string
	quit    chan struct{}
	lines   []string
}

func newLedger() *Ledger {
	l := &Ledger{entries: make(chan string), quit: make(chan struct{})}
	go l.loop()
	return l
}

func (l *Ledger) loop() {
	for {
		select {
		case e := <-l.entries:
			l.lines = append(l.lines, e)
		case <-l.quit:
			return
		}
	}
}

func (l *Ledger) record(e string) { l.entries <- e }

// Registry answers lookups from one goroutine, on a reply channel each caller
// passes in its request; a caller that timed out no longer receives it.
type lookup struct {
	Reply chan<- int
	Key   string
}

type Registry struct {
	reqs chan lookup
}

func NewRegistry() *Registry {
	r := &Registry{reqs: make(chan lookup)}
	go r.serve()
	return r
}

func (r *Registry) serve() {
	for q := range r.reqs {
		q.Reply <- len(q.Key) // want `GT503 send-after-receiver-left: send on unbuffered .q\.Reply. blocks forever once its only receiver, a select in .Lookup.`
	}
}

func (r *Registry) Lookup(key string, timeout time.Duration) (int, bool) {
	reply := make(chan int)
	r.reqs <- lookup{Reply: reply, Key: key}
	select {
	case n := <-reply:
		return n, true
	case <-time.After(timeout):
		return 0, false
	}
}

// Stream decodes records in a goroutine and hands them out through Results;
// Stop closes done. The error report does not watch done: once the consumer
// stopped reading and called Stop, the goroutine waits in that send forever.
type Stream struct {
	mu      sync.Mutex
	results chan string
	done    chan struct{}
	stopped bool
	next    func() (string, error)
}

func NewStream(next func() (string, error)) *Stream {
	s := &Stream{results: make(chan string), done: make(chan struct{}), next: next}
	go s.pump()
	return s
}

func (s *Stream) Results() <-chan string { return s.results }

func (s *Stream) Stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.stopped {
		s.stopped = true
		close(s.done)
	}
}

func (s *Stream) pump() {
	defer close(s.results)
	for {
		rec, err := s.next()
		if err != nil {
			s.results <- "error: " + err.Error() // want `GT503 send-after-receiver-left: send on unbuffered .s\.results. can block forever: only code outside the package receives from it, and once that code stops receiving and .Stop. closes .s\.done. \(pipeline\.go:\d+\), nothing ends this send`
			return
		}
		select {
		case s.results <- rec:
		case <-s.done:
			return
		}
	}
}

// Feed is the same stream with every send watching done.
type Feed struct {
	items chan string
	done  chan struct{}
	next  func() (string, error)
}

func NewFeed(next func() (string, error)) *Feed {
	f := &Feed{items: make(chan string), done: make(chan struct{}), next: next}
	go f.pump()
	return f
}

func (f *Feed) Items() <-chan string { return f.items }

func (f *Feed) Stop() { close(f.done) }

func (f *Feed) pump() {
	defer close(f.items)
	for {
		rec, err := f.next()
		if err != nil {
			rec = "error: " + err.Error()
		}
		select {
		case f.items <- rec:
		case <-f.done:
			return
		}
		if err != nil {
			return
		}
	}
}
