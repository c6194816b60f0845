//go:build corpusrace

package fixed

import (
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	done := make(chan struct{})
	go func() { // a second operation on the same volume arrives a little later
		time.Sleep(5 * time.Millisecond)
		unlock := Lock("pool/vol-a")
		unlock()
		close(done)
	}()
	unlock := Lock("pool/vol-a")
	time.Sleep(50 * time.Millisecond) // the first operation runs
	unlock()
	<-done
}
