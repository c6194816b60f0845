//go:build corpusrace

package bug

import (
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	stop := make(chan struct{})
	done := make(chan struct{})
	w := NewLogWriter(stop, done)
	w.WriteRecord([]byte("first"))
	time.Sleep(5 * time.Millisecond)
	w.WriteRecord([]byte("second"))
	time.Sleep(5 * time.Millisecond)
	close(stop)
	<-done
}
