//go:build corpusrace

package bug

import (
	"sync"
	"testing"
)

func TestKernel(t *testing.T) {
	var wg sync.WaitGroup
	for _, payload := range []string{"GET /index.html HTTP/1.1", "POST /login HTTP/1.1"} {
		wg.Add(1)
		go func(payload string) { // one event worker per connection
			defer wg.Done()
			if NewParser([]byte(payload)) == nil {
				t.Errorf("no parser for %q", payload)
			}
		}(payload)
	}
	wg.Wait()
}
