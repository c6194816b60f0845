//go:build corpusrace

package fixed

import "testing"

func TestKernel(t *testing.T) {
	if n := syncRun(nil, true); n != 0 {
		t.Fatalf("copied %d files", n)
	}
}
