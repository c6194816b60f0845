//go:build corpusrace

package bug

import (
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	c := NewLRUCache(16)
	done := make(chan struct{})
	go func() { // the connection-tracking goroutine
		c.Add(42, "10.0.0.1:8080")
		close(done)
	}()
	time.Sleep(5 * time.Millisecond)
	c.Get(7) // the event analyser goroutine
	<-done
}
