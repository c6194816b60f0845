package fixtures

import (
	"context"
	"net/http"
)

// The health probe in the early return builds its own `req` with a context; the `req`
// sent below is another variable of the same name, built without one.
func fetchFirst(ctx context.Context, health string, urls []string) (*http.Response, error) {
	if len(urls) == 0 {
		req, err := http.NewRequestWithContext(ctx, http.MethodHead, health, nil)
		if err != nil {
			return nil, err
		}
		return http.DefaultClient.Do(req)
	}
	req, err := http.NewRequest(http.MethodGet, urls[0], nil)
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req) // want "`http.DefaultClient` has no timeout"
}

// Same shape with `WithContext`: only the inner `req` gets a context.
func fetchMirror(ctx context.Context, primary, mirror string) (*http.Response, error) {
	if primary != "" {
		req, err := http.NewRequest(http.MethodGet, primary, nil)
		if err != nil {
			return nil, err
		}
		req = req.WithContext(ctx)
		return http.DefaultClient.Do(req)
	}
	req, err := http.NewRequest(http.MethodGet, mirror, nil)
	if err != nil {
		return nil, err
	}
	return http.DefaultClient.Do(req) // want "`http.DefaultClient` has no timeout"
}
