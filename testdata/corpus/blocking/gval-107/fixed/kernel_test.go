package fixed

import (
	"context"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		// A custom function that does not watch the context.
		slowLookup := Evaluable(func(context.Context, any) (any, error) {
			time.Sleep(50 * time.Millisecond)
			return 42, nil
		})
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Millisecond)
		defer cancel()
		if _, err := slowLookup.EvalWithContext(ctx, nil); err != context.DeadlineExceeded {
			t.Errorf("want the deadline, got %v", err)
		}
	})
}
