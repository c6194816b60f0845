package bug

import (
	"context"
	"errors"
	"sync"
)

type StepVector struct{ T int64 }

// VectorOperator is one node of the physical plan; Next returns nil at the
// end of the data.
type VectorOperator interface {
	Next(ctx context.Context) ([]StepVector, error)
}

// concurrencyOperator prefetches its child's batches in a goroutine.
type concurrencyOperator struct {
	next   VectorOperator
	buffer chan []StepVector
	once   sync.Once
}

func newConcurrent(next VectorOperator, bufferSize int) *concurrencyOperator {
	return &concurrencyOperator{next: next, buffer: make(chan []StepVector, bufferSize)}
}

func (c *concurrencyOperator) Next(ctx context.Context) ([]StepVector, error) {
	c.once.Do(func() { go c.pull(ctx) })
	return <-c.buffer, nil
}

func (c *concurrencyOperator) pull(ctx context.Context) {
	defer close(c.buffer)
	for {
		r, err := c.next.Next(ctx)
		if err != nil || r == nil {
			return
		}
		select { // corpus:blocks
		case <-ctx.Done():
			return
		case c.buffer <- r:
		}
	}
}

// binaryOperator evaluates lhs and rhs step by step.
type binaryOperator struct{ lhs, rhs VectorOperator }

func (b *binaryOperator) Next(ctx context.Context) ([]StepVector, error) {
	l, err := b.lhs.Next(ctx)
	if err != nil {
		return nil, err
	}
	r, err := b.rhs.Next(ctx)
	if err != nil {
		return nil, err
	}
	if l == nil || r == nil {
		return nil, nil
	}
	return append(l, r...), nil
}

type compatibleQuery struct{ root VectorOperator }

// Exec drains the plan. Operators below may run goroutines tied to ctx.
func (q *compatibleQuery) Exec(ctx context.Context) (int, error) {
	steps := 0 // corpus:culprit
	for {
		v, err := q.root.Next(ctx)
		if err != nil {
			return steps, err
		}
		if v == nil {
			return steps, nil
		}
		steps += len(v)
	}
}

var errSeriesLimit = errors.New("query hit the series limit")
