package unsync

import (
	"errors"
	"sync"
	"time"
)

// Server records when its serve goroutine started; Uptime reads it from any caller.
type Server struct {
	started time.Time
	reqs    chan string
}

func (s *Server) Start() {
	go s.serve()
}

func (s *Server) serve() {
	s.started = time.Now() // want "data race on `Server.started`: written holding no lock here, read holding no lock at server.go:27; they run in the goroutine started at server.go:16 and in callers of `\(\*Server\).Uptime`"
	for r := range s.reqs {
		_ = r
	}
}

func (s *Server) Uptime() time.Duration {
	return time.Since(s.started)
}

// Pool's workers all record the last error they saw.
type Pool struct {
	lastErr error
	wg      sync.WaitGroup
}

func (p *Pool) Run(jobs []func() error) error {
	for _, j := range jobs {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			if err := j(); err != nil {
				p.lastErr = err // want "data race on `Pool.lastErr`: written holding no lock here, written holding no lock at server.go:42; they run in goroutines started at server.go:39"
			}
		}()
	}
	p.wg.Wait()
	return p.lastErr
}

// Limiter has a mutex, so its methods are meant to be called concurrently, but Reset
// and Allow touch its budget without it.
type Limiter struct {
	mu     sync.Mutex
	budget int
	name   string
}

func (l *Limiter) Reset(n int) {
	l.budget = n // want "data race on `Limiter.budget`: written holding no lock here"
}

func (l *Limiter) Allow() error {
	if l.budget <= 0 {
		return errors.New(l.name + ": over budget")
	}
	return nil
}
