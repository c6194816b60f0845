package billing

import (
	"context"
	"errors"
	"net/http"
	"time"
)

var errGone = errors.New("invoice gone")

// invoiceExists probes the archive with HEAD requests: their responses carry no body.
func invoiceExists(ctx context.Context, c *http.Client, url string) (bool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodHead, url, nil)
	if err != nil {
		return false, err
	}
	resp, err := c.Do(req)
	if err != nil {
		return false, err
	}
	if resp.StatusCode == http.StatusNotFound {
		return false, nil
	}
	return resp.StatusCode == http.StatusOK, nil
}

func mirrorUp(url string) bool {
	resp, err := http.Head(url)
	if err != nil {
		return false
	}
	return resp.StatusCode < 500
}

// fetchWithRetry retries inside a closure; the response is stored in the enclosing
// function's variable and returned to the caller, who closes it.
func fetchWithRetry(ctx context.Context, c *http.Client, url string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	var resp *http.Response
	try := func() error {
		resp, err = c.Do(req)
		if err != nil {
			return err
		}
		if resp.StatusCode == http.StatusGone {
			resp.Body.Close()
			return errGone
		}
		return nil
	}
	for i := 0; i < 3; i++ {
		if err = try(); err == nil {
			return resp, nil
		}
		time.Sleep(time.Duration(i+1) * 100 * time.Millisecond)
	}
	return nil, err
}
