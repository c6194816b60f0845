package bug

import (
	"context"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		h := &Health{checks: []Config{
			{Name: "postgres", Timeout: 2 * time.Millisecond, Check: func(context.Context) error {
				time.Sleep(50 * time.Millisecond) // a slow database ping
				return nil
			}},
			{Name: "redis", Timeout: time.Second, Check: func(context.Context) error { return nil }},
		}}
		if f := h.Measure(context.Background()); len(f) != 1 {
			t.Errorf("failures = %v", f)
		}
	})
}
