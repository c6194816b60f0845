package bug

import (
	"errors"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

// brokenStream yields one event, then fails; failing is closed as it does.
type brokenStream struct {
	sent    bool
	failing chan struct{}
}

func (s *brokenStream) Decode() (string, string, error) {
	if !s.sent {
		s.sent = true
		return "ADDED", "pod/a", nil
	}
	close(s.failing)
	return "", "", errors.New("unexpected EOF in chunked body")
}
func (s *brokenStream) Close() {}

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		stream := &brokenStream{failing: make(chan struct{})}
		sw := NewStreamWatcher(stream)
		// The reflector's watch handler reads one event and returns; it
		// stops the watcher in a defer, after the stream has failed.
		<-sw.ResultChan()
		<-stream.failing
		time.Sleep(20 * time.Millisecond)
		sw.Stop()
	})
}
