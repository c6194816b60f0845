package bug

import (
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		w := NewWatcher()
		go w.poll(&view{name: "kv.get(service/config)"}, time.Hour)
		waited := make(chan error, 1)
		go func() { waited <- w.Wait(0) }() // a template runner waiting for changes
		time.Sleep(5 * time.Millisecond)
		w.Stop() // the runner shuts down
		time.Sleep(5 * time.Millisecond)
	})
}
