package closewhilesending

import "sync"

// Pool closes its results channel only after every worker returned.
type Pool struct {
	results chan int
	wg      sync.WaitGroup
}

func (p *Pool) Run(jobs []int) {
	for _, j := range jobs {
		p.wg.Add(1)
		go p.work(j)
	}
	go func() {
		p.wg.Wait()
		close(p.results)
	}()
}

func (p *Pool) work(j int) {
	defer p.wg.Done()
	p.results <- j * 2
}

// Producer closes the channel it alone sends on, after its last send.
type Producer struct {
	out chan string
}

func (p *Producer) Start(lines []string) {
	go func() {
		defer close(p.out)
		for _, l := range lines {
			p.out <- l
		}
	}()
}

// Queue guards the close and the sends with one mutex and a closed flag.
type Queue struct {
	mu     sync.Mutex
	closed bool
	items  chan int
}

func (q *Queue) Push(v int) bool {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		return false
	}
	q.items <- v
	return true
}

func (q *Queue) Close() {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.closed = true
	close(q.items)
}

// Server's loop stops through quit, which nobody sends on.
type Server struct {
	quit chan struct{}
	reqs chan string
}

func (s *Server) Serve() {
	go func() {
		for {
			select {
			case <-s.quit:
				return
			case r := <-s.reqs:
				_ = r
			}
		}
	}()
}

func (s *Server) Stop() { close(s.quit) }

// Batcher waits for the flusher to report it has stopped before closing its input.
type Batcher struct {
	in      chan int
	stopped chan struct{}
}

func (b *Batcher) Start(src []int) {
	go func() {
		for _, v := range src {
			b.in <- v
		}
		b.stopped <- struct{}{}
	}()
}

func (b *Batcher) Close() {
	<-b.stopped
	close(b.in)
}
