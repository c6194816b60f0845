package pool

import "sync"

type Pool struct {
	mu    sync.Mutex
	quit  chan struct{}
	ticks int
}

func newPool() *Pool {
	p := &Pool{quit: make(chan struct{})}
	go p.worker()
	return p
}

func (p *Pool) tick() { p.ticks++ }

func (p *Pool) worker() {
	for {
		p.mu.Lock()
		p.tick()
		p.mu.Unlock()
		<-p.quit
		return
	}
}

func (p *Pool) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.quit <- struct{}{} // want `GT429 lock-held-blocks-partner: send on .p\.quit. waits while .p\.mu. is held, and its partner in .worker.`
}

// WaitGroup.Wait under the lock the counted goroutines need.
type Batch struct {
	mu      sync.Mutex
	wg      sync.WaitGroup
	results []int
}

func (b *Batch) run(n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for i := 0; i < n; i++ {
		b.wg.Add(1)
		go b.work(i)
	}
	b.wg.Wait() // want `GT429 lock-held-blocks-partner: Wait on .b\.wg. waits while .b\.mu. is held`
}

func (b *Batch) work(i int) {
	b.mu.Lock()
	b.results = append(b.results, i)
	b.mu.Unlock()
	b.wg.Done()
}
