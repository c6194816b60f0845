//go:build corpusrace

package bug

import (
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	syncFiles(&Allocation{ID: "alloc-1"}, []string{"/docs/a.txt"})
	time.Sleep(100 * time.Millisecond) // let the SDK's goroutine report
}
