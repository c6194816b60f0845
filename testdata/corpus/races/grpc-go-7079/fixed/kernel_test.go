//go:build corpusrace

package fixed

import (
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	done := make(chan struct{})
	go func() { // the application dials
		RegisterChannel("dns:///backend:443")
		close(done)
	}()
	time.Sleep(5 * time.Millisecond)
	GetChannel(1) // a channelz client asks
	<-done
}
