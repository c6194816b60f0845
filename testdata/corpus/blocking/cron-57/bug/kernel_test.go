package bug

import (
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		// A slow logger keeps the scheduler busy inserting while the pending
		// timer fires.
		s := NewScheduler(func(string, ...any) { time.Sleep(40 * time.Millisecond) })
		s.entries = []*Entry{{Next: time.Now().Add(20 * time.Millisecond), Job: func() {}}}
		go s.run()
		s.add <- &Entry{Next: time.Now().Add(time.Hour), Job: func() {}}
		time.Sleep(80 * time.Millisecond)
		close(s.stop)
	})
}
