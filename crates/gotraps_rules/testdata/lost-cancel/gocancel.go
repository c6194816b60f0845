package fixtures

import (
	"context"
	"log"
	"time"
)

type supervisor struct {
	restarts chan string
}

// restart stops the old worker from another goroutine (cancel may block on a slow
// AfterFunc callback): `go cancel()` calls it on every path.
func (s *supervisor) restart(ctx context.Context, name string, run func(context.Context) error) error {
	wctx, cancel := context.WithCancel(ctx)
	err := run(wctx)
	if err != nil {
		log.Printf("%s failed: %v", name, err)
		go cancel()
		return err
	}
	go cancel()
	s.restarts <- name
	return nil
}

// probeOnce: the early return skips both the call and the `go cancel()` below it.
func probeOnce(ctx context.Context, check func(context.Context) bool) bool {
	pctx, cancel := context.WithTimeout(ctx, time.Second) // want `.cancel. from .context.WithTimeout. is not called on every path \(not before the return at line 32\)`
	if ctx.Err() != nil {
		return false
	}
	ok := check(pctx)
	go cancel()
	return ok
}
