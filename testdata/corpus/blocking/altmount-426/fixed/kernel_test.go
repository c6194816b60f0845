package fixed

import (
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		b := NewUsenetReader(2, 5*time.Millisecond)
		time.Sleep(2 * time.Millisecond) // the prefetch window fills; nobody reads
		b.Close()
	})
}
