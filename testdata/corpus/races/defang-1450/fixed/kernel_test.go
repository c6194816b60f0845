//go:build corpusrace

package fixed

import (
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	s := newLogStream()
	done := make(chan struct{})
	go func() {
		s.pump(func() (*LogEntry, error) {
			time.Sleep(20 * time.Millisecond) // the next log line arrives late
			return &LogEntry{Message: "deployment ready"}, nil
		})
		close(done)
	}()
	time.Sleep(5 * time.Millisecond)
	s.Close() // the user hits Ctrl-C
	<-done
}
