package ownrecv

import "time"

// Shapes where the receive loop never waits for itself.

// ---- negative: the re-queue runs in a new goroutine ----

type Crawler struct {
	urls chan string
	seen map[string]bool
}

func NewCrawler() *Crawler {
	c := &Crawler{urls: make(chan string), seen: map[string]bool{}}
	go c.run()
	return c
}

func (c *Crawler) Enqueue(u string) { c.urls <- u }

func (c *Crawler) run() {
	for u := range c.urls {
		if c.seen[u] {
			continue
		}
		c.seen[u] = true
		for _, next := range links(u) {
			// From another goroutine: this one is the only receiver of Enqueue.
			go c.Enqueue(next)
		}
	}
}

func links(u string) []string { return []string{u + "/a", u + "/b"} }

// ---- negative: the loop appends to its own queue instead of sending ----

type Retrier struct {
	jobs  chan string
	queue []string
}

func NewRetrier() *Retrier {
	r := &Retrier{jobs: make(chan string)}
	go r.loop()
	return r
}

func (r *Retrier) Add(j string) { r.jobs <- j }

func (r *Retrier) loop() {
	for j := range r.jobs {
		r.queue = append(r.queue, j)
		r.drain()
	}
}

func (r *Retrier) drain() {
	for len(r.queue) > 0 {
		j := r.queue[0]
		r.queue = r.queue[1:]
		if !try(j) {
			r.queue = append(r.queue, j)
			return
		}
	}
}

func try(j string) bool { return len(j)%2 == 0 }

// ---- negative: a queue whose consumer ends on close; the producer is another goroutine ----

func sum(xs []int) int {
	q := make(chan int)
	go func() {
		defer close(q)
		for _, x := range xs {
			q <- x
		}
	}()
	total := 0
	for x := range q {
		total += x
	}
	return total
}

// ---- negative: the callback runs in its own goroutine ----

type Bus struct {
	events  chan string
	handler func(string)
}

func NewBus(handler func(string)) *Bus {
	b := &Bus{events: make(chan string), handler: handler}
	go b.dispatch()
	return b
}

func (b *Bus) Emit(e string) { b.events <- e }

func (b *Bus) dispatch() {
	for e := range b.events {
		go b.handler(e)
	}
}

// ---- negative: a stage forwards to the next stage's channel (another instance) ----

type Stage struct {
	in   chan string
	next *Stage
	out  []string
}

func NewPipeline(n int) *Stage {
	var head *Stage
	for i := 0; i < n; i++ {
		head = &Stage{in: make(chan string), next: head}
	}
	for s := head; s != nil; s = s.next {
		go s.work()
	}
	return head
}

func (s *Stage) Put(v string) { s.in <- v }

func (s *Stage) work() {
	for v := range s.in {
		if s.next != nil {
			s.next.Put(v + ">")
			continue
		}
		s.out = append(s.out, v)
	}
}

// ---- negative: the loop uses a callback's result (a clock), not a notification ----

type Limiter struct {
	reqs chan chan bool
	now  func() time.Time
	last time.Time
	gap  time.Duration
}

func NewLimiter(now func() time.Time, gap time.Duration) *Limiter {
	l := &Limiter{reqs: make(chan chan bool), now: now, gap: gap}
	go l.admit()
	return l
}

// Allow asks the admission loop whether a request may go now.
func (l *Limiter) Allow() bool {
	reply := make(chan bool, 1)
	l.reqs <- reply
	return <-reply
}

func (l *Limiter) admit() {
	for reply := range l.reqs {
		t := l.now()
		ok := t.Sub(l.last) >= l.gap
		if ok {
			l.last = t
		}
		reply <- ok
	}
}
