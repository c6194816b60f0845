package fixtures

import (
	"context"
	"encoding/json"
	"errors"
	"log"
	"net/http"
	"time"
)

func compute(ctx context.Context) int { return 42 }

// The timeout case answers 504 and falls off the end of the handler: nobody receives
// `result` afterwards, so the computing goroutine blocks forever.
func handleCompute(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	result := make(chan int)
	go func() { result <- compute(ctx) }() // want `send on unbuffered .result. blocks forever once the receiving select has taken another case`
	select {
	case v := <-result:
		json.NewEncoder(w).Encode(v)
	case <-ctx.Done():
		w.WriteHeader(http.StatusGatewayTimeout)
	}
}

type job struct {
	err error
}

// The timer case only records an error; the function then returns.
func (j *job) runWithDeadline(step func() error, d time.Duration) {
	errc := make(chan error)
	go func() {
		errc <- step() // want `send on unbuffered .errc. blocks forever once the receiving select has taken another case`
	}()
	select {
	case err := <-errc:
		j.err = err
	case <-time.After(d):
		j.err = errors.New("step timed out")
	}
	log.Printf("step finished: %v", j.err)
}

// Nobody ever receives from `ack`: the send blocks forever.
func notifyStarted(start func()) {
	ack := make(chan bool)
	go func() {
		start()
		ack <- true // want `send on unbuffered .ack. blocks forever: nothing receives from it`
	}()
	log.Print("start requested")
}

// The select runs in a loop that reuses `updates`: a timeout tick does not abandon the
// sender, the next iteration receives again.
func watchUpdates(poll func() string, every time.Duration) {
	updates := make(chan string)
	go func() {
		for {
			updates <- poll()
		}
	}()
	for {
		select {
		case u := <-updates:
			log.Print(u)
		case <-time.After(every):
			log.Print("no update yet")
		}
	}
}

// A fresh channel per attempt, received at most once per attempt: the timeout case
// abandons that attempt's sender.
func retryFetch(fetch func() error, attempts int) error {
	for i := 0; i < attempts; i++ {
		done := make(chan error)
		go func() { done <- fetch() }() // want `send on unbuffered .done. blocks forever once the receiving select`
		select {
		case err := <-done:
			if err == nil {
				return nil
			}
		case <-time.After(time.Second):
			log.Printf("attempt %d timed out", i)
		}
	}
	return errors.New("all attempts failed")
}

// The channel is returned: the caller receives.
func startCompute(ctx context.Context) <-chan int {
	out := make(chan int)
	go func() { out <- compute(ctx) }()
	return out
}

// Received after the goroutine is started, on the only path.
func computeNow(ctx context.Context) int {
	res := make(chan int)
	go func() { res <- compute(ctx) }()
	return <-res
}

// The goroutine sends on exactly one of the two channels: when the error case wins it
// has already returned and will never send on `res`.
func lookup(ctx context.Context, find func() (int, error)) (int, error) {
	res := make(chan int)
	errc := make(chan error)
	go func() {
		v, err := find()
		if err != nil {
			errc <- err
			return
		}
		res <- v
	}()
	select {
	case v := <-res:
		return v, nil
	case err := <-errc:
		log.Printf("lookup failed: %v", err)
	}
	return 0, errors.New("lookup failed")
}
