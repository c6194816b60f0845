//go:build corpusrace

package fixed

import (
	"sync"
	"testing"
)

func TestKernel(t *testing.T) {
	w := &Writer{Balancer: &RoundRobin{}}
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.WriteMessages(Message{Value: []byte("event")})
		}()
	}
	wg.Wait()
}
