package bug

import (
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		announced := make(chan struct{}, 10)
		h := &Heartbeat{
			interval: 2 * time.Millisecond,
			forceC:   make(chan struct{}),
			closeC:   make(chan struct{}),
			announce: func() { announced <- struct{}{} },
		}
		go h.run()
		<-announced // the timer fired once
		time.Sleep(5 * time.Millisecond)
		close(h.closeC)
	})
}
