//go:build corpusrace

package bug

import (
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	w := New("app.2006-01-02-15.log")
	done := make(chan struct{})
	go func() { // the application logging
		_, _ = w.Write([]byte("request served\n"))
		close(done)
	}()
	time.Sleep(5 * time.Millisecond)
	_ = w.Path() // a log shipper asking which file is current
	<-done
}
