package fixtures

import (
	"bytes"
	"context"
	"net/http"
	"time"
)

// The request is built first and given the caller's context before it is sent.
func pushMetrics(ctx context.Context, c *http.Client, url string, body []byte) error {
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/octet-stream")
	req = req.WithContext(ctx)
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// Older code cancels through the request's Cancel channel.
func probe(ctx context.Context, c *http.Client, url string) error {
	req, err := http.NewRequest(http.MethodHead, url, nil)
	if err != nil {
		return err
	}
	req.Cancel = ctx.Done()
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// The helper receives the request together with the context and sends it under ctx.
func upgrade(ctx context.Context, c *http.Client, url string) (*http.Response, error) {
	req, err := http.NewRequest(http.MethodPost, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Connection", "Upgrade")
	return sendWithin(ctx, req, c)
}

func sendWithin(ctx context.Context, req *http.Request, c *http.Client) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	return c.Do(req.WithContext(ctx))
}
