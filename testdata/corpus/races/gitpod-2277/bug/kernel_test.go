//go:build corpusrace

package bug

import (
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	m := NewMonitor()
	done := make(chan struct{})
	go func() {
		m.initializeWorkspaceContent("ws-1")
		close(done)
	}()
	time.Sleep(5 * time.Millisecond)
	m.onPodEvent("ws-2")
	<-done
}
