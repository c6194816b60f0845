package fixed

import (
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		g := &Guardian{out: make(chan FileEvent, 10)}
		pw := NewWatcher()
		g.wg.Add(1)
		go g.forwardEvents(pw)
		pw.fsEvents <- "project/.env"
		<-g.out
		pw.Stop() // the project is removed at runtime
		time.Sleep(5 * time.Millisecond)
	})
}
