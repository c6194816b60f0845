package buffersends

import (
	"errors"
	"io"
	"net"
)

type Job struct{ ID int }

func process(j Job) error {
	if j.ID < 0 {
		return errors.New("negative id")
	}
	return nil
}

// First error wins, on an unbuffered channel: after the early return every other
// worker blocks on its send.
func runAll(jobs []Job) error {
	errc := make(chan error)
	for _, j := range jobs {
		go func(j Job) {
			errc <- process(j) // want `GT430 buffer-smaller-than-sends: send on .errc. can block forever: .runAll. starts one sending goroutine per trip of a loop, it has no buffer, and its only receiver, in .runAll., can leave its loop`
		}(j)
	}
	for range jobs {
		if err := <-errc; err != nil {
			return err
		}
	}
	return nil
}

// A proxy that reads only the first of its two copy results.
func pipeBoth(a, b net.Conn) error {
	done := make(chan error)
	go func() {
		_, err := io.Copy(a, b)
		done <- err // want `GT430 buffer-smaller-than-sends: send on .done. can block forever: 2 goroutines started by .pipeBoth. each send on it, it has no buffer, and its only receiver, .pipeBoth., receives 1 time`
	}()
	go func() {
		_, err := io.Copy(b, a)
		done <- err // want `GT430 buffer-smaller-than-sends: send on .done. can block forever: 2 goroutines`
	}()
	err := <-done
	a.Close()
	b.Close()
	return err
}

const poolSize = 4

// A pool whose result buffer is sized by the worker count, not by the jobs: after
// the first failure the workers fill it and block.
func runPool(jobs []Job) error {
	queue := make(chan Job, len(jobs))
	for _, j := range jobs {
		queue <- j
	}
	close(queue)
	failures := make(chan error, poolSize)
	for i := 0; i < poolSize; i++ {
		go func() {
			for j := range queue {
				if err := process(j); err != nil {
					failures <- err // want `GT430 buffer-smaller-than-sends: send on .failures. can block forever: goroutines started by .runPool. send on it in a loop, its buffer holds 4`
				}
			}
		}()
	}
	for range jobs {
		if err := <-failures; err != nil {
			return err
		}
	}
	return nil
}

type Replica interface{ Query(q string) string }

// The first answer wins; the buffer holds one of the others only.
func first(replicas []Replica, q string) string {
	answers := make(chan string, 1)
	for _, r := range replicas {
		go func(r Replica) { answers <- r.Query(q) }(r) // want `GT430 buffer-smaller-than-sends: send on .answers. can block forever: .first. starts one sending goroutine per trip of a loop, its buffer holds 1, and its only receiver, .first., receives 1 time`
	}
	return <-answers
}
