package fixtures

import (
	"context"
	"net/http"
)

const tenantKey = "tenant"

var traceKey = "trace-id"

const (
	userKey  = iota
	roleKey2 = 7
)

type Middleware struct {
	next http.Handler
}

func (m *Middleware) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := context.WithValue(r.Context(), "request-id", r.Header.Get("X-Request-Id")) // want `context key ."request-id". is a literal of a built-in type`
	ctx = context.WithValue(ctx, tenantKey, r.Header.Get("X-Tenant"))                 // want `context key .tenantKey. is declared with a built-in type`
	ctx = context.WithValue(ctx, traceKey, r.Header.Get("Traceparent"))               // want `context key .traceKey. is declared with a built-in type`
	m.next.ServeHTTP(w, r.WithContext(ctx))
}

func withRole(ctx context.Context, role string) context.Context {
	return context.WithValue(ctx, roleKey2, role) // want `context key .roleKey2. is declared with a built-in type`
}

func withAttempt(ctx context.Context, n int) context.Context {
	return context.WithValue(ctx, string("attempt"), n) // want `context key .string\("attempt"\). is a conversion to a built-in type`
}
