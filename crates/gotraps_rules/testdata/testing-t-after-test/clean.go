package testingafter

import (
	"sync"
	"testing"
)

// ReadEventsJoined registers a cleanup that waits for the reader.
func ReadEventsJoined(t *testing.T, s *EventStream) <-chan string {
	out := make(chan string, 64)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for msg := range s.C {
			t.Logf("received: %s", msg)
			out <- msg
		}
	}()
	t.Cleanup(func() { s.Close(); <-done })
	return out
}

// RunParallel waits for every worker before returning.
func RunParallel(t *testing.T, inputs []int, check func(int) error) {
	var wg sync.WaitGroup
	for _, in := range inputs {
		wg.Add(1)
		go func(v int) {
			defer wg.Done()
			if err := check(v); err != nil {
				t.Errorf("input %d: %v", v, err)
			}
		}(in)
	}
	wg.Wait()
}

// Background goroutines that do not touch t are not this rule's business.
func StartTicker(t *testing.T, stop <-chan struct{}, tick func()) {
	t.Helper()
	go func() {
		for {
			select {
			case <-stop:
				return
			default:
				tick()
			}
		}
	}()
}
