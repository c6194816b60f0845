package fixed

import (
	"testing"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		q := NewQueue("root.default", 10)
		if err := q.IncAllocated(4); err != nil {
			panic(err)
		}
		// Over the maximum: the error message formats the queue.
		_ = q.IncAllocated(8)
	})
}
