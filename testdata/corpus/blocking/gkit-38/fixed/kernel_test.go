package fixed

import (
	"testing"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		release := make(chan struct{})
		g := NewGroup(1, 1)
		started := make(chan struct{})
		g.AddTask(func() { close(started); <-release })
		<-started
		g.AddTask(func() {}) // fills the queue
		if g.AddTask(func() {}) {
			t.Error("a task was queued beyond capacity")
		}
		close(release)
		g.Wait()
	})
}
