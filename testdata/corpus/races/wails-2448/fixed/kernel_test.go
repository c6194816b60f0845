//go:build corpusrace

package fixed

import (
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	e := NewEvents()
	done := make(chan struct{})
	go func() { // the frontend subscribes over IPC
		e.On("app:ready", func(...any) {})
		close(done)
	}()
	time.Sleep(5 * time.Millisecond)
	e.Emit("broker:status", "connected") // the backend emits
	<-done
}
