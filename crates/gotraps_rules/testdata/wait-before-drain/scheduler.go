package waitdrain

import (
	"log"
	"sync"
)

type result struct {
	job string
	err error
}

type command struct {
	flush bool
	jobs  []string
}

// Scheduler runs jobs in goroutines; its loop is the only reader of results.
type Scheduler struct {
	commands chan command
	results  chan result
	running  sync.WaitGroup
	failed   int
}

func NewScheduler() *Scheduler {
	return &Scheduler{commands: make(chan command), results: make(chan result)}
}

func (s *Scheduler) loop(run func(string) error) {
	for {
		select {
		case c := <-s.commands:
			s.handle(c, run)
		case r := <-s.results:
			if r.err != nil {
				s.failed++
			}
		}
	}
}

func (s *Scheduler) handle(c command, run func(string) error) {
	for _, j := range c.jobs {
		s.running.Add(1)
		go s.runJob(j, run)
	}
	if c.flush {
		s.running.Wait() // want `s\.running\.Wait\(\). runs inside the loop that is the only receiver of .s\.results.`
		log.Printf("flushed, %d failed", s.failed)
	}
}

func (s *Scheduler) runJob(job string, run func(string) error) {
	defer s.running.Done()
	s.results <- result{job: job, err: run(job)}
}
