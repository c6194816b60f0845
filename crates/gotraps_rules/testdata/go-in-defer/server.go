package fixtures

import (
	"log"
	"net"
	"sync"
)

type metrics struct{ mu sync.Mutex }

func (m *metrics) Flush() {}

type Server struct {
	metrics *metrics
	wg      sync.WaitGroup
}

func (s *Server) handle(conn net.Conn) {
	defer func() {
		go s.metrics.Flush() // want `goroutine started inside a deferred function`
		conn.Close()
	}()
	buf := make([]byte, 512)
	conn.Read(buf)
}

func notifyPeers(peers []string) {
	for _, p := range peers {
		go func(addr string) { log.Println("bye", addr) }(p)
	}
}

func (s *Server) shutdown(peers []string) {
	defer notifyPeers(peers) // want `deferred .notifyPeers. starts a goroutine`
	s.wg.Wait()
}

func (s *Server) announceLeave() {
	go s.metrics.Flush()
}

// A method deferred through the receiver: the model resolves it.
func (s *Server) stop() {
	defer s.announceLeave() // want `deferred .Server.announceLeave. starts a goroutine`
	s.wg.Wait()
}
