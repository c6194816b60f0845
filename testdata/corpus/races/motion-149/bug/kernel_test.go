//go:build corpusrace

package bug

import (
	"context"
	"testing"
	"time"
)

func TestKernel(t *testing.T) {
	s := NewSingularityStore(1)
	s.Start(context.Background())
	time.Sleep(5 * time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	if err := s.Shutdown(ctx); err != nil {
		t.Fatal(err)
	}
}
