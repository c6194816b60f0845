//go:build corpusrace

package bug

import (
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	c := &client{cid: 1}
	s := &Server{clients: map[uint64]*client{1: c}}
	done := make(chan struct{})
	go func() { // the connection's read loop
		c.registerWithAccount(&Account{Name: "APP"})
		close(done)
	}()
	time.Sleep(5 * time.Millisecond)
	s.connz() // the monitoring endpoint
	<-done
}
