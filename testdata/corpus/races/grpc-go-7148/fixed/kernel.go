package fixed

import "sync"

type Stream struct {
	id uint32
}

type goAwayFrame struct {
	lastStreamID uint32
}

type http2Client struct {
	mu            sync.Mutex
	nextID        uint32
	activeStreams map[uint32]*Stream
	goAwayErr     bool
}

func newHTTP2Client() *http2Client {
	return &http2Client{nextID: 1, activeStreams: map[uint32]*Stream{}}
}

// NewStream runs on the goroutine of the RPC being started.
func (t *http2Client) NewStream() *Stream {
	t.mu.Lock()
	defer t.mu.Unlock()
	s := &Stream{id: t.nextID}
	t.nextID += 2
	t.activeStreams[s.id] = s
	return s
}

// handleGoAway runs on the reader goroutine.
func (t *http2Client) handleGoAway(f *goAwayFrame) {
	t.mu.Lock()
	invalid := f.lastStreamID > 0 && f.lastStreamID >= t.nextID
	defer t.mu.Unlock()
	if invalid {
		t.goAwayErr = true
	}
}

func (t *http2Client) reader(frames <-chan *goAwayFrame, done chan<- struct{}) {
	defer close(done)
	for f := range frames {
		t.handleGoAway(f)
	}
}
