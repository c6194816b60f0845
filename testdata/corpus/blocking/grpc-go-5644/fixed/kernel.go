// Package bug models the client side of an HTTP/2 transport: a control
// buffer of frames for the writer goroutine, and the transport's stream table.
package fixed

import (
	"errors"
	"sync"
)

type cbItem interface{}

type headerFrame struct{ streamID uint32 }

type cleanupStream struct{ streamID uint32 }

// controlBuffer queues frames for the loopy writer.
type controlBuffer struct {
	mu   sync.Mutex
	list []cbItem
}

// executeAndPut runs f with c.mu held and queues it only if f returns true.
func (c *controlBuffer) executeAndPut(f func(it cbItem) bool, it cbItem) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if f != nil && !f(it) {
		return false
	}
	c.list = append(c.list, it)
	return true
}

type Stream struct{ id uint32 }

type http2Client struct {
	// Do not access controlBuf with mu held.
	mu            sync.Mutex
	activeStreams map[uint32]*Stream
	draining      bool
	nextID        uint32
	controlBuf    *controlBuffer
	onGoAway      func(reason string)
}

var errStreamDrain = errors.New("transport is draining")

func (t *http2Client) NewStream() (*Stream, error) {
	s := &Stream{}
	ok := t.controlBuf.executeAndPut(func(it cbItem) bool {
		t.mu.Lock()
		defer t.mu.Unlock()
		if t.draining {
			return false
		}
		t.nextID += 2
		s.id = t.nextID
		it.(*headerFrame).streamID = s.id
		t.activeStreams[s.id] = s
		return true
	}, &headerFrame{})
	if !ok {
		return nil, errStreamDrain
	}
	return s, nil
}

func (t *http2Client) closeStream(s *Stream) {
	t.controlBuf.executeAndPut(nil, &cleanupStream{streamID: s.id})
}

// handleGoAway closes the refused streams after releasing t.mu: closeStream
// goes through the control buffer, whose lock is held while NewStream takes t.mu.
func (t *http2Client) handleGoAway(lastStreamID uint32, reason string) {
	var refused []*Stream
	t.mu.Lock()
	t.draining = true
	t.onGoAway(reason)
	for id, s := range t.activeStreams {
		if id > lastStreamID {
			delete(t.activeStreams, id)
			refused = append(refused, s)
		}
	}
	t.mu.Unlock()
	for _, s := range refused {
		t.closeStream(s)
	}
}
