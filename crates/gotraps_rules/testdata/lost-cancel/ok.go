package fixtures

import (
	"context"
	"log"
	"net/http"
	"time"
)

func fetch(ctx context.Context, c *http.Client, url string) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	return c.Do(req)
}

func deferredClosure(parent context.Context) error {
	ctx, cancel := context.WithCancel(parent)
	defer func() {
		log.Print("done")
		cancel()
	}()
	if err := submitA(ctx); err != nil {
		return err
	}
	return nil
}

// The caller owns the cancel func.
func withBudget(parent context.Context) (context.Context, context.CancelFunc) {
	ctx, cancel := context.WithTimeout(parent, time.Second)
	return ctx, cancel
}

// A goroutine cancels when the work signals completion.
func watch(parent context.Context, done <-chan struct{}) context.Context {
	ctx, cancel := context.WithCancel(parent)
	go func() {
		<-done
		cancel()
	}()
	return ctx
}

// Handed to a timer.
func expireLater(parent context.Context) context.Context {
	ctx, cancel := context.WithCancel(parent)
	time.AfterFunc(time.Minute, cancel)
	return ctx
}

// Stored in a field that Close calls.
type Session struct {
	ctx  context.Context
	stop context.CancelFunc
}

func Open(parent context.Context) *Session {
	s := &Session{}
	s.ctx, s.stop = context.WithCancel(parent)
	return s
}

func (s *Session) Close() { s.stop() }

// Every path calls it by hand, including the exit path.
func everyPath(ctx context.Context, mode int) error {
	ctx, cancel := context.WithTimeout(ctx, time.Second)
	switch mode {
	case 0:
		cancel()
		return nil
	default:
		err := submitA(ctx)
		cancel()
		if err != nil {
			log.Fatal(err)
		}
	}
	return nil
}

// The loop leaves only through the break after cancel.
func drain(parent context.Context, next func(context.Context) bool) {
	ctx, cancel := context.WithCancel(parent)
	for {
		if !next(ctx) {
			cancel()
			break
		}
	}
}

// Not a context constructor.
type limiter struct{}

func (limiter) WithTimeout(ctx context.Context, d time.Duration) (context.Context, func()) {
	return ctx, func() {}
}

func useLimiter(ctx context.Context) {
	var l limiter
	ctx, release := l.WithTimeout(ctx, time.Second)
	if ctx == nil {
		return
	}
	release()
}
