package billing

import (
	"io"
	"log"
	"net/http"
)

// The goroutine closes its own `resp`, another variable: the primary response's body is
// read but never closed.
func fetchMirrored(c *http.Client, primary, mirror string) ([]byte, error) {
	resp, err := c.Get(primary) // want `body of response .resp. is never closed`
	if err != nil {
		return nil, err
	}
	go func() {
		resp, err := c.Get(mirror)
		if err != nil {
			log.Print(err)
			return
		}
		resp.Body.Close()
	}()
	return io.ReadAll(resp.Body)
}

// A deferred callback whose text merely contains the name (`respond`) does not take the
// response over.
func relay(c *http.Client, url string, respond func(int)) (int, error) {
	resp, err := c.Get(url) // want `body of response .resp. is never closed`
	if err != nil {
		return 0, err
	}
	code := resp.StatusCode
	defer func() { respond(code) }()
	return code, nil
}
