//go:build corpusrace

package fixed

import (
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	s := newStream()
	a := &csAttempt{s: s}
	done := make(chan struct{})
	go func() { // the transport reader
		defer close(done)
		time.Sleep(5 * time.Millisecond)
		s.operateHeaders(&headersFrame{grpcEncoding: "gzip"})
	}()
	a.recvMsg()
	<-done
}
