package fixtures

import (
	"context"
	"net/http"
)

// The retry branch gives its own `req` the caller's context; the first `req` is another
// variable and is sent without one.
func download(ctx context.Context, c *http.Client, url string, retry bool) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil) // want "`http.NewRequest` ignores `ctx`"
	if err != nil {
		return nil, err
	}
	if retry {
		req, err := http.NewRequest(http.MethodGet, url+"?retry=1", nil)
		if err != nil {
			return nil, err
		}
		return c.Do(req.WithContext(ctx))
	}
	return c.Do(req)
}

// The request goes to a helper together with a local `ctx` of an inner scope that is not
// the caller's context: only the outer `ctx` counts.
func upload(ctx context.Context, c *http.Client, url string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodPut, url, nil) // want "`http.NewRequest` ignores `ctx`"
	if err != nil {
		return nil, err
	}
	{
		ctx := "upload"
		logRequest(req, ctx)
	}
	return c.Do(req)
}

func logRequest(req *http.Request, tag string) {
	_ = tag
	_ = req.URL
}
