package fixed

import (
	"context"
	"strings"
	"testing"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		s := NewServer(2)
		long := strings.Repeat("token ", 10)
		for i := 0; i < 2; i++ {
			if err := s.completion(context.Background(), long); err != errPromptTooLong {
				t.Errorf("completion = %v", err)
			}
		}
		s.completion(context.Background(), "why is the sky blue?")
	})
}
