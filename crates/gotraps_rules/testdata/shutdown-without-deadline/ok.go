package main

import (
	"context"
	"net/http"
	"time"
)

func graceful(srv *http.Server, grace time.Duration) error {
	ctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(ctx); err != nil {
		return srv.Close()
	}
	return nil
}

// The caller's context carries the deadline.
func (s *server) Stop(ctx context.Context) error {
	return s.http.Shutdown(ctx)
}

type pool struct{}

// A Shutdown that takes no context.
func (pool) Shutdown() {}

func closePool(p pool) { p.Shutdown() }
