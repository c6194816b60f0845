package fixtures

import (
	"log"
	"sync"
)

type Job func() error

// Pool's jobs channel is never closed: Close waits forever.
type Pool struct {
	jobs chan Job
	wg   sync.WaitGroup
}

func NewPool(n int) *Pool {
	p := &Pool{jobs: make(chan Job, n)}
	for i := 0; i < n; i++ {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for j := range p.jobs { // want `range over .p.jobs., which nothing closes`
				if err := j(); err != nil {
					log.Print(err)
				}
			}
		}()
	}
	return p
}

func (p *Pool) Submit(j Job) { p.jobs <- j }

func (p *Pool) Close() { p.wg.Wait() }

// collect ranges over a local channel its producers never close.
func collect(sources []func() string) []string {
	results := make(chan string)
	for _, src := range sources {
		go func(src func() string) {
			results <- src()
		}(src)
	}
	var out []string
	for r := range results { // want `range over .results., which nothing closes`
		out = append(out, r)
	}
	return out
}
