//go:build corpusrace

package bug

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
