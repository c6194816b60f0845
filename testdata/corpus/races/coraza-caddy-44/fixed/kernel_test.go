//go:build corpusrace

package fixed

import (
	"sync"
	"testing"
)

func TestKernel(t *testing.T) {
	w := &WAF{rules: []*Rule{NewRule(920100, nologFn{})}}
	var wg sync.WaitGroup
	for _, id := range []string{"req-1", "req-2"} {
		wg.Add(1)
		go func(id string) { // one goroutine per HTTP request
			defer wg.Done()
			w.ProcessRequest(&Transaction{ID: id})
		}(id)
	}
	wg.Wait()
}
