package bug

import (
	"context"
	"testing"

	"gotraps.test/corpus/internal/prove"
)

// selector yields n batches.
type selector struct{ n int }

func (s *selector) Next(context.Context) ([]StepVector, error) {
	if s.n == 0 {
		return nil, nil
	}
	s.n--
	return []StepVector{{T: int64(s.n)}}, nil
}

// failing errors on its first call.
type failing struct{}

func (failing) Next(context.Context) ([]StepVector, error) { return nil, errSeriesLimit }

func TestKernel(t *testing.T) {
	prove.Blocks(t, func() {
		q := &compatibleQuery{root: &binaryOperator{lhs: newConcurrent(&selector{n: 10}, 1), rhs: failing{}}}
		if _, err := q.Exec(context.Background()); err != errSeriesLimit {
			t.Errorf("Exec = %v", err)
		}
	})
}
