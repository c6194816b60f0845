package fixtures

import (
	"net/http"
	"time"
)

var client = &http.Client{Timeout: 10 * time.Second}

func ping(target string) error {
	resp, err := client.Get(target)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// A client configured field by field.
func newClient(t http.RoundTripper) *http.Client {
	c := &http.Client{Transport: t}
	c.Timeout = 5 * time.Second
	return c
}
