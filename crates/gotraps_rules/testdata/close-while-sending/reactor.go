package closewhilesending

import (
	"sync"
	"sync/atomic"
)

type Envelope struct {
	To      string
	Message string
}

// Reactor routes peer messages: one goroutine reads the inbox, another turns peer
// updates into status requests on the outbox.
type Reactor struct {
	inbox   chan Envelope
	outbox  chan Envelope
	peers   chan string
	closeCh chan struct{}
	wg      sync.WaitGroup
}

func (r *Reactor) Start() {
	r.wg.Add(2)
	go r.readInbox()
	go r.forwardPeers()
}

func (r *Reactor) readInbox() {
	defer r.wg.Done()
	defer close(r.outbox) // want "`Reactor.outbox` is closed here \(the goroutine started at reactor.go:25\) while the goroutine started at reactor.go:26 may still send on it at reactor.go:42 \(holding no lock\)"
	for {
		select {
		case <-r.inbox:
		case <-r.closeCh:
			return
		}
	}
}

func (r *Reactor) askStatus(peer string) {
	r.outbox <- Envelope{To: peer, Message: "status"}
}

func (r *Reactor) forwardPeers() {
	defer r.wg.Done()
	for p := range r.peers {
		r.askStatus(p)
	}
}

// LogStream forwards server messages until it is closed; the closed flag is checked
// before each send, but not atomically with it.
type LogStream struct {
	ch     chan string
	closed atomic.Bool
}

func (s *LogStream) Pump(recv func() (string, error)) {
	for !s.closed.Load() {
		m, err := recv()
		if err != nil {
			return
		}
		s.ch <- m
	}
}

func (s *LogStream) Close() {
	s.closed.Store(true)
	close(s.ch) // want "`LogStream.ch` is closed here \(callers of `\(\*LogStream\).Close`\) while callers of `\(\*LogStream\).Pump` may still send"
}

var events = make(chan string, 16)

func Publish(e string) {
	go func() {
		events <- e
	}()
}

func StopEvents() {
	close(events) // want "`events` is closed here"
}
