package fixtures

import (
	"context"
	"log"
	"net/http"
	"time"
)

// No context in scope: a root context is right.
func rootContext() {
	ctx := context.Background()
	_ = ctx
}

// Cleanup that must run after the request's context ended, with its own deadline.
func (a *API) cleanup(ctx context.Context, o Order) {
	<-ctx.Done()
	log.Print("request done, releasing reservation")
	_ = a.billing(context.Background(), o)
}

func (a *API) withBudget(ctx context.Context, o Order) error {
	bg, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return a.billing(bg, o)
}

func (a *API) release(w http.ResponseWriter, r *http.Request) {
	defer func() {
		_ = a.billing(context.Background(), Order{})
	}()
	w.WriteHeader(http.StatusOK)
}

func stopServer(ctx context.Context, srv *http.Server) error {
	return srv.Shutdown(context.Background())
}

// A parameter named `_` is no context to use.
func ignoreCtx(_ context.Context) context.Context {
	return context.Background()
}
