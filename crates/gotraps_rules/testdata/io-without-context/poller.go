package fixtures

import (
	"context"
	"net/http"
	"time"
)

// poller builds its request once; each poll sends it under the poll's context.
type poller struct {
	client *http.Client
	req    *http.Request
	every  time.Duration
}

func newPoller(ctx context.Context, c *http.Client, url string) (*poller, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	return &poller{client: c, req: req, every: time.Second}, nil
}

func (p *poller) poll(ctx context.Context) (int, error) {
	resp, err := p.client.Do(p.req.WithContext(ctx))
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	return resp.StatusCode, nil
}

// A template request assigned to a field and cloned with the caller's context.
type healthCheck struct {
	client   *http.Client
	template *http.Request
}

func (h *healthCheck) prepare(ctx context.Context, url string) error {
	req, err := http.NewRequest(http.MethodHead, url, nil)
	if err != nil {
		return err
	}
	h.template = req
	return nil
}

func (h *healthCheck) run(ctx context.Context) error {
	resp, err := h.client.Do(h.template.WithContext(ctx))
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// The stored request is sent as is: its context is Background.
type beacon struct {
	client *http.Client
	req    *http.Request
}

func newBeacon(ctx context.Context, c *http.Client, url string) (*beacon, error) {
	req, err := http.NewRequest(http.MethodPost, url, nil) // want `.http.NewRequest. ignores .ctx.`
	if err != nil {
		return nil, err
	}
	return &beacon{client: c, req: req}, nil
}

func (b *beacon) send() error {
	resp, err := b.client.Do(b.req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}
