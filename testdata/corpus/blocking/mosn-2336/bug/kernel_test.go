package bug

import (
	"sync"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

// slowSession takes a while to probe the host.
type slowSession struct {
	once    *sync.Once
	probing chan struct{}
}

func (s slowSession) CheckHealth() bool {
	s.once.Do(func() { close(s.probing) })
	time.Sleep(20 * time.Millisecond)
	return true
}

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		s := slowSession{once: new(sync.Once), probing: make(chan struct{})}
		c := newChecker(s, 2*time.Millisecond)
		go c.Start()
		<-s.probing // a check is in flight
		c.Stop()    // the host is removed
		time.Sleep(30 * time.Millisecond)
	})
}
