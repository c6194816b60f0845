//go:build corpusrace

package fixed

import (
	"sync"
	"testing"
)

func TestKernel(t *testing.T) {
	c := newDeltaCollector()
	var wg sync.WaitGroup
	runInformer(c, "Pod", []string{"default/web-1", "default/web-2"}, &wg)
	runInformer(c, "Node", []string{"node-a", "node-b"}, &wg)
	wg.Wait()
	if c.Len() == 0 {
		t.Fatal("no deltas collected")
	}
}
