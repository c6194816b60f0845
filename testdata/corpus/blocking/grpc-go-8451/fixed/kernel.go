// Package bug models the server side of an HTTP/2 transport handling the
// HEADERS frame that opens a stream.
package fixed

import (
	"sync"
	"time"
)

type headersFrame struct {
	streamID uint32
	timeout  time.Duration // from the grpc-timeout header; 0 means none
}

type rstStream struct{ streamID uint32 }

type ServerStream struct {
	id       uint32
	deadline time.Time
}

type http2Server struct {
	mu            sync.Mutex
	state         string
	activeStreams map[uint32]*ServerStream
	maxStreamID   uint32
	controlBuf    chan interface{}
}

func (t *http2Server) operateHeaders(frame *headersFrame, handle func(*ServerStream)) {
	s := &ServerStream{id: frame.streamID}
	if frame.timeout != 0 {
		s.deadline = time.Now().Add(frame.timeout)
	}
	t.mu.Lock()
	if t.state != "reachable" {
		t.mu.Unlock()
		return
	}
	if frame.streamID <= t.maxStreamID {
		t.mu.Unlock()
		t.controlBuf <- &rstStream{streamID: frame.streamID}
		return
	}
	t.maxStreamID = frame.streamID
	if !s.deadline.IsZero() && time.Until(s.deadline) <= 0 {
		// The deadline expired before the stream started: refuse it.
		t.mu.Unlock()
		t.controlBuf <- &rstStream{streamID: frame.streamID}
		return
	}
	t.activeStreams[s.id] = s
	t.mu.Unlock()
	handle(s)
}
