//go:build corpusrace

package fixed

import (
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	tab := &Table{fast: revalidationList{interval: time.Second}}
	done := make(chan struct{})
	go func() { // doRefresh
		tab.nodeAdded("enode-1", time.Now())
		close(done)
	}()
	time.Sleep(5 * time.Millisecond)
	tab.run(time.Now()) // Table.loop
	<-done
}
