package bug

import (
	"context"
	"errors"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		// The second attempt succeeds; the controller's loop still wants to
		// offer a third.
		ctx, cancel := context.WithCancel(context.Background())
		attempts := 0
		err := Retry(ctx, func() error {
			attempts++
			if attempts < 2 {
				return errors.New("not yet")
			}
			return nil
		})
		if err != nil {
			t.Error(err)
		}
		// The request that retried ends a little later.
		time.Sleep(10 * time.Millisecond)
		cancel()
	})
}
