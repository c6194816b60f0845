//go:build corpusrace

package fixed

import "testing"

func TestKernel(t *testing.T) {
	runSearchTest(&instance{traces: map[string]string{"trace-1": "span"}})
}
