//go:build corpusrace

package bug

import (
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	c := &conn{flags: dynDialedConn}
	srv := &Server{peers: map[string]*conn{"node-1": c}}
	d := &dialScheduler{peers: map[string]struct{}{}}
	done := make(chan struct{})
	go func() { // server loop
		srv.markTrusted("node-1")
		close(done)
	}()
	time.Sleep(5 * time.Millisecond)
	d.peerAdded("node-1", c) // dial scheduler loop
	<-done
}
