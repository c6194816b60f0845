package bug

import "sync/atomic"

type LogEntry struct {
	Message string
}

type logStream struct {
	ch     chan *LogEntry
	closed atomic.Bool
}

func newLogStream() *logStream {
	return &logStream{ch: make(chan *LogEntry, 16)}
}

// pump forwards server messages until the stream is closed; recv blocks on the network.
func (s *logStream) pump(recv func() (*LogEntry, error)) {
	for !s.closed.Load() {
		e, err := recv()
		if err != nil {
			return
		}
		s.ch <- e // corpus:panics
	}
}

func (s *logStream) Close() {
	s.closed.Store(true)
	close(s.ch) // corpus:culprit
}
