package fixed

import "context"

// Evaluable is a compiled expression.
type Evaluable func(c context.Context, parameter any) (any, error)

// EvalWithContext evaluates e, returning early with ctx's error when ctx ends
// first. The evaluation runs in its own goroutine so a slow custom function
// cannot hold the caller past its deadline.
func (e Evaluable) EvalWithContext(ctx context.Context, parameter any) (any, error) {
	var value any
	errCh := make(chan error, 1)
	go func() {
		var err error
		value, err = e(ctx, parameter)
		errCh <- err
	}()
	select {
	case <-ctx.Done():
		return nil, ctx.Err()
	case err := <-errCh:
		return value, err
	}
}
