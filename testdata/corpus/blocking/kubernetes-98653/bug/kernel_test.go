package bug

import (
	"errors"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

// brokenStream yields one event, then fails after a delay.
type brokenStream struct {
	sent   bool
	closed chan struct{}
}

func (s *brokenStream) Decode() (string, string, error) {
	if !s.sent {
		s.sent = true
		return "ADDED", "pod/a", nil
	}
	time.Sleep(5 * time.Millisecond)
	return "", "", errors.New("unexpected EOF in chunked body")
}
func (s *brokenStream) Close() {}

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		sw := NewStreamWatcher(&brokenStream{})
		// The reflector's watch handler reads one event, returns on its
		// resync timer, and stops the watcher in a defer afterwards.
		<-sw.ResultChan()
		time.Sleep(20 * time.Millisecond)
		sw.Stop()
	})
}
