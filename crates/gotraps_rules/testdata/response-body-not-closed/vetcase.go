package billing

import "net/http"

// Health defers the close before checking the error: on error resp is nil and the
// deferred call panics. go vet's httpresponse reports this; the body itself is closed.
func Health(url string) int {
	resp, err := http.Get(url)
	defer resp.Body.Close()
	if err != nil {
		return 0
	}
	return resp.StatusCode
}
