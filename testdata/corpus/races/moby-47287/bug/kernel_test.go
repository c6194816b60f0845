//go:build corpusrace

package bug

import (
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	exit := make(chan struct{})
	r := &remote{startProcess: func() (func(), error) { return func() { <-exit }, nil }}
	stop := make(chan struct{})
	done := make(chan struct{})
	go func() {
		r.monitorDaemon(stop)
		close(done)
	}()
	time.Sleep(20 * time.Millisecond)
	close(stop)
	<-done
	close(exit)
}
