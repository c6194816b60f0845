//go:build corpusrace

package fixed

import (
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	s := newLogStream()
	closed := make(chan struct{})
	done := make(chan struct{})
	go func() {
		s.pump(func() (*LogEntry, error) {
			<-closed // the next log line arrives only after the user hit Ctrl-C
			return &LogEntry{Message: "deployment ready"}, nil
		})
		close(done)
	}()
	time.Sleep(5 * time.Millisecond) // pump is blocked receiving
	s.Close()                        // the user hits Ctrl-C
	close(closed)
	<-done
}
