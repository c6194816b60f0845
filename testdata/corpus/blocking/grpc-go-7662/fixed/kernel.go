// Package bug models the shutdown of an HTTP/2 client transport: Close
// queues a GOAWAY frame for the writer goroutine, waits a bounded time for
// the writer to exit, then reads the last GOAWAY reason for its error.
package fixed

import (
	"fmt"
	"net"
	"sync"
	"time"
)

type goAway struct {
	code      uint32
	debugData []byte
}

type http2Client struct {
	mu                 sync.Mutex
	goAwayDebugMessage string
	conn               net.Conn
	controlBuf         chan *goAway
	writerDone         chan struct{}
	loopyTimeout       time.Duration
}

func newHTTP2Client(conn net.Conn, loopyTimeout time.Duration) *http2Client {
	t := &http2Client{
		conn:         conn,
		controlBuf:   make(chan *goAway, 1),
		writerDone:   make(chan struct{}),
		loopyTimeout: loopyTimeout,
	}
	go t.loopyWriter()
	return t
}

func (t *http2Client) loopyWriter() {
	defer close(t.writerDone)
	for g := range t.controlBuf {
		if err := t.outgoingGoAwayHandler(g); err != nil {
			return
		}
	}
}

// outgoingGoAwayHandler writes without holding t.mu: the write can hang
// with the network, and Close takes t.mu after its bounded wait.
func (t *http2Client) outgoingGoAwayHandler(g *goAway) error {
	frame := fmt.Sprintf("GOAWAY code=%d debug=%s", g.code, g.debugData)
	_, err := t.conn.Write([]byte(frame))
	return err
}

func (t *http2Client) GetGoAwayReason() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.goAwayDebugMessage
}

// Close must finish even when the network hangs: it waits for the writer
// only up to loopyTimeout.
func (t *http2Client) Close(reason error) error {
	t.controlBuf <- &goAway{code: 0, debugData: []byte("client transport shutdown")}
	timer := time.NewTimer(t.loopyTimeout)
	select {
	case <-t.writerDone:
		timer.Stop()
	case <-timer.C:
	}
	msg := t.GetGoAwayReason()
	t.conn.Close()
	return fmt.Errorf("%v (last GOAWAY: %q)", reason, msg)
}
