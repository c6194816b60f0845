package fixed

import (
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		d := NewDispatcher()
		d.slowNext = 50 * time.Millisecond // the first registration is slow
		go d.run()
		if _, err := d.RegisterBlockEvent(2 * time.Millisecond); err != errTimeout {
			t.Errorf("first registration: %v", err)
		}
		time.Sleep(80 * time.Millisecond)
		if _, err := d.RegisterBlockEvent(time.Second); err != nil {
			t.Error(err)
		}
		d.Close()
	})
}
