//go:build corpusrace

package bug

import (
	"sync"
	"testing"
)

func TestKernel(t *testing.T) {
	var wg sync.WaitGroup
	for i := 0; i < 2; i++ { // two interpreters solving concurrently
		wg.Add(1)
		go func() {
			defer wg.Done()
			Renamed("append", 3)
		}()
	}
	wg.Wait()
}
