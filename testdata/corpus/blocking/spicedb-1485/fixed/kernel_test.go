package fixed

import (
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		b := &BDD{
			varnum: 2,
			nodes: []huddnode{
				{level: 2}, {level: 2}, // terminals 0 and 1
				{level: 1, low: 0, high: 1, refcount: 1},
				{level: 0, low: 2, high: 1, refcount: 1},
			},
		}
		// A garbage collection frees a Node handle while the statistics are
		// being logged; its finalizer releases the reference.
		b.logStat = func(string, ...any) {
			go b.delref(2)
			time.Sleep(20 * time.Millisecond)
		}
		b.Satcount(3)
	})
}
