//go:build corpusrace

package fixed

import (
	"testing"
	"time"
)

// slowConn stands in for the websocket the pipe writes to.
type slowConn struct {
	writing chan struct{}
	n       int
}

func (c *slowConn) Write(p []byte) (int, error) {
	close(c.writing)
	time.Sleep(20 * time.Millisecond)
	c.n += len(p)
	return len(p), nil
}

func TestKernel(t *testing.T) {
	conn := &slowConn{writing: make(chan struct{})}
	p := NewPipeWriter(conn)
	done := make(chan struct{})
	go func() { // the device session streaming terminal output
		p.Write([]byte("$ ls\n"))
		close(done)
	}()
	<-conn.writing
	go p.Close() // the user closes the session mid-write
	<-done
}
