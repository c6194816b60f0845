//go:build corpusrace

package fixed

import (
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	r := NewReactor()
	r.Start()
	time.Sleep(5 * time.Millisecond)
	r.Stop()
}
