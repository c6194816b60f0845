//go:build corpusrace

package bug

import (
	"testing"
	"time"
)

// slowConn stands in for the websocket the pipe writes to.
type slowConn struct{ n int }

func (c *slowConn) Write(p []byte) (int, error) {
	time.Sleep(20 * time.Millisecond)
	c.n += len(p)
	return len(p), nil
}

func TestKernel(t *testing.T) {
	p := NewPipeWriter(&slowConn{})
	done := make(chan struct{})
	go func() { // the device session streaming terminal output
		p.Write([]byte("$ ls\n"))
		close(done)
	}()
	time.Sleep(5 * time.Millisecond)
	p.Close() // the user closes the session mid-write
	<-done
}
