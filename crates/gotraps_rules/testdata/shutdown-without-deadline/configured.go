package main

import (
	"context"
	"log"
	"net/http"
	"time"
)

type config struct {
	ShutdownGrace time.Duration
}

// drain waits for in-flight requests, bounded by the configured grace period when one
// is set: ctx is reassigned from WithTimeout on that path.
func drain(srv *http.Server, cfg config) error {
	ctx := context.Background()
	if cfg.ShutdownGrace > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.ShutdownGrace)
		defer cancel()
	}
	return srv.Shutdown(ctx)
}

// drainUntil: the deadline comes from WithDeadline on the configured path.
func drainUntil(srv *http.Server, deadline time.Time) {
	ctx := context.Background()
	if !deadline.IsZero() {
		var cancel context.CancelFunc
		ctx, cancel = context.WithDeadline(ctx, deadline)
		defer cancel()
	}
	if err := srv.Shutdown(ctx); err != nil {
		log.Printf("shutdown: %v", err)
	}
}

// stopAdmin: a different variable of the same name was given a timeout elsewhere; this
// ctx is still Background.
func stopAdmin(admin *http.Server, grace time.Duration) {
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), grace)
		defer cancel()
		<-ctx.Done()
	}()
	ctx := context.Background()
	admin.Shutdown(ctx) // want `.Shutdown\(ctx\). has no deadline`
}
