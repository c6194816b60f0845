package bug

import (
	"context"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

type quickStep struct{}

func (quickStep) Do(context.Context) error { return nil }

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		// Logging the tick takes a moment; the step finishes meanwhile.
		logf := func(string, ...any) { time.Sleep(10 * time.Millisecond) }
		New(logf, quickStep{}).Do(context.Background())
	})
}
