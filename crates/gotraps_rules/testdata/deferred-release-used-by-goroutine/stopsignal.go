package fixtures

import (
	"context"
	"io"
	"time"
)

type sampler struct {
	ticks  int
	events chan string
}

// The goroutines poll ctx.Err(): the deferred cancel is how they are told to stop.
func (s *sampler) burst(parent context.Context, n int) {
	ctx, cancel := context.WithCancel(parent)
	defer cancel()
	for i := 0; i < n; i++ {
		go func() {
			for ctx.Err() == nil {
				time.Sleep(time.Millisecond)
			}
		}()
	}
	time.Sleep(10 * time.Millisecond)
}

// The method watches its context parameter: cancel stops it.
func (s *sampler) run(parent context.Context, src io.Reader) error {
	watchCtx, cancel := context.WithCancel(parent)
	defer cancel()
	go s.watch(watchCtx)
	_, err := io.Copy(io.Discard, src)
	return err
}

func (s *sampler) watch(ctx context.Context) {
	for {
		select {
		case ev := <-s.events:
			_ = ev
			s.ticks++
		case <-ctx.Done():
			return
		}
	}
}

// A deferred closure waits for the goroutine before the earlier registered Close runs.
func (s *sampler) copyWithProgress(dst io.WriteCloser, src io.Reader) error {
	defer dst.Close()
	done := make(chan struct{})
	go func() {
		defer close(done)
		io.WriteString(dst, "start\n")
	}()
	defer func() {
		<-done
	}()
	_, err := io.Copy(io.Discard, src)
	return err
}
