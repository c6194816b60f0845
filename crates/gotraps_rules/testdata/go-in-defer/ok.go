package fixtures

import (
	"net"
	"sync"
)

func closeAll(conns []net.Conn) {
	for _, c := range conns {
		c.Close()
	}
}

// Synchronous cleanup in the deferred call, and a goroutine that is waited for.
func (s *Server) serveOnce(conns []net.Conn) {
	defer closeAll(conns)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		s.metrics.Flush()
	}()
	wg.Wait()
}

// A goroutine whose own body defers: not a go statement inside a deferred call.
func (s *Server) background() {
	go func() {
		defer s.metrics.Flush()
	}()
}
