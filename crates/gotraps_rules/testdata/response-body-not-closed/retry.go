package billing

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
)

var errPermanent = errors.New("permanent failure")

func retryable(err error) bool { return !errors.Is(err, errPermanent) }

// fetchRetrying: on the `err != nil && ...` branch there is no response at all, so
// returning there leaks nothing.
func fetchRetrying(ctx context.Context, c *http.Client, url string) ([]byte, error) {
	for attempt := 0; attempt < 3; attempt++ {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		if err != nil {
			return nil, err
		}
		resp, err := c.Do(req)
		if err != nil && !retryable(err) {
			return nil, err
		}
		if err != nil {
			continue
		}
		defer resp.Body.Close()
		return io.ReadAll(resp.Body)
	}
	return nil, fmt.Errorf("%s: retries exhausted", url)
}

// probe: `err != nil || resp == nil` taken means there is no body either way.
func probe(c *http.Client, req *http.Request) (int, error) {
	resp, err := c.Do(req)
	if err != nil || resp == nil {
		return 0, fmt.Errorf("probe %s: %v", req.URL, err)
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

// status: `err == nil && ok` not taken may still hold a response (err == nil, bad
// status): the early return there leaks the body.
func status(c *http.Client, req *http.Request) error {
	resp, err := c.Do(req)
	if !(err == nil && resp.StatusCode == http.StatusOK) {
		return fmt.Errorf("status: %v", err) // want `returns with the body of .resp. still open`
	}
	defer resp.Body.Close()
	return nil
}

// checkHealth: `err != nil || bad status` taken can hold a response (the status half):
// returning there leaks it.
func checkHealth(c *http.Client, url string) error {
	resp, err := c.Get(url)
	if err != nil || resp.StatusCode != http.StatusOK {
		return fmt.Errorf("health %s: %v", url, err) // want `returns with the body of .resp. still open`
	}
	resp.Body.Close()
	return nil
}
