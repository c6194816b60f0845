package waitdrain

import (
	"log"
	"sync"
)

// The flush waits in its own goroutine and reports back over the loop's channel, so the
// loop keeps receiving results while the jobs finish.
type Batcher struct {
	commands chan command
	results  chan result
	flushed  chan int
	running  sync.WaitGroup
	failed   int
}

func NewBatcher() *Batcher {
	return &Batcher{commands: make(chan command), results: make(chan result), flushed: make(chan int)}
}

func (b *Batcher) loop(run func(string) error) {
	for {
		select {
		case c := <-b.commands:
			b.handle(c, run)
		case r := <-b.results:
			if r.err != nil {
				b.failed++
			}
		case n := <-b.flushed:
			log.Printf("flushed %d jobs, %d failed", n, b.failed)
		}
	}
}

func (b *Batcher) handle(c command, run func(string) error) {
	for _, j := range c.jobs {
		b.running.Add(1)
		go b.runJob(j, run)
	}
	if c.flush {
		go func(n int) {
			b.running.Wait()
			b.flushed <- n
		}(len(c.jobs))
	}
}

func (b *Batcher) runJob(job string, run func(string) error) {
	defer b.running.Done()
	b.results <- result{job: job, err: run(job)}
}
