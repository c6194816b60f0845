package fetch

import (
	"context"
	"errors"
	"time"
)

func compute() int { return 42 }

// The worker's result is sent after the caller may have given up.
func fetch(ctx context.Context) (int, error) {
	ch := make(chan int)
	go func() {
		ch <- compute() // want `GT503 send-after-receiver-left: send on unbuffered .ch. blocks forever once its only receiver, a select in .fetch.`
	}()
	select {
	case v := <-ch:
		return v, nil
	case <-ctx.Done():
		return 0, ctx.Err()
	}
}

// A request loop that returns on stop; a later submit sends on its field channel.
type Server struct {
	reqs chan string
	stop chan struct{}
}

func newServer() *Server {
	s := &Server{reqs: make(chan string), stop: make(chan struct{})}
	go s.loop()
	return s
}

func (s *Server) loop() {
	for {
		select {
		case r := <-s.reqs:
			_ = r
		case <-s.stop:
			return
		}
	}
}

func (s *Server) submit(r string) {
	s.reqs <- r // want `GT503 send-after-receiver-left: send on unbuffered .s\.reqs. blocks forever once its only receiver, a select in .loop.`
}

func (s *Server) shutdown() { s.stop <- struct{}{} }

// A timer-raced error channel.
func withTimeout(d time.Duration, f func() error) error {
	errc := make(chan error)
	go func() { errc <- f() }() // want `GT503 send-after-receiver-left: send on unbuffered .errc. blocks forever`
	select {
	case err := <-errc:
		return err
	case <-time.After(d):
		return errors.New("timeout")
	}
}
