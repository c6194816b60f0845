package resize

import "context"

// The collecting loop also watches the context.
func ShrinkAllWatching(ctx context.Context, ims []image, workers int) ([]image, error) {
	slots := make(chan struct{}, workers)
	outcomes := make(chan outcome)
	go func() {
		for _, im := range ims {
			select {
			case <-ctx.Done():
				return
			case slots <- struct{}{}:
				go func(im image) {
					defer func() { <-slots }()
					r, err := shrink(ctx, im)
					select {
					case outcomes <- outcome{r, err}:
					case <-ctx.Done():
					}
				}(im)
			}
		}
	}()
	out := make([]image, 0, len(ims))
	for range ims {
		select {
		case o := <-outcomes:
			if o.err != nil {
				return nil, o.err
			}
			out = append(out, o.im)
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	return out, nil
}

// The dispatcher's cancel path closes the result channel after the started workers
// finish: the collecting loop sees the close.
func ShrinkAllClosing(ctx context.Context, ims []image) []image {
	outcomes := make(chan outcome)
	go func() {
		done := make(chan struct{}, len(ims))
		started := 0
		defer func() {
			for i := 0; i < started; i++ {
				<-done
			}
			close(outcomes)
		}()
		for _, im := range ims {
			select {
			case <-ctx.Done():
				return
			default:
			}
			started++
			go func(im image) {
				r, _ := shrink(ctx, im)
				outcomes <- outcome{r, nil}
				done <- struct{}{}
			}(im)
		}
	}()
	var out []image
	for range ims {
		o, ok := <-outcomes
		if !ok {
			break
		}
		out = append(out, o.im)
	}
	return out
}

// The dispatcher cannot stop early: every worker is started.
func ShrinkEach(ctx context.Context, ims []image) []image {
	outcomes := make(chan outcome)
	go func() {
		for _, im := range ims {
			go func(im image) {
				r, err := shrink(ctx, im)
				outcomes <- outcome{r, err}
			}(im)
		}
	}()
	out := make([]image, 0, len(ims))
	for range ims {
		o := <-outcomes
		out = append(out, o.im)
	}
	return out
}

// The receiving function dispatches itself, so an early return also ends the loop.
func shrinkInline(ctx context.Context, ims []image) int {
	outcomes := make(chan outcome, len(ims))
	n := 0
	for _, im := range ims {
		select {
		case <-ctx.Done():
			return n
		default:
		}
		go func(im image) {
			r, err := shrink(ctx, im)
			outcomes <- outcome{r, err}
		}(im)
		n++
	}
	for i := 0; i < n; i++ {
		<-outcomes
	}
	return n
}
