package billing

import (
	"fmt"
	"net/http"
	"time"
)

// A client the syntax does not spell out: it comes from a constructor and a package
// variable set from http.DefaultClient. Only its type says it makes requests.
var fallbackClient = http.DefaultClient

func newPricingClient() (*http.Client, error) {
	return &http.Client{Timeout: 5 * time.Second}, nil
}

func FetchPrices(url string) (int, error) {
	client, err := newPricingClient()
	if err != nil {
		return 0, err
	}
	resp, err := client.Get(url) // want `body of response .resp. is never closed`
	if err != nil {
		return 0, err
	}
	return resp.StatusCode, nil
}

func PingPricing(url string) error {
	resp, err := fallbackClient.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("ping %s: %s", url, resp.Status)
	}
	return nil
}

// fetchEither tries https first. The closure's named result carries the response out
// on its bare return: the caller closes it, not the closure.
func fetchEither(host string) (*http.Response, error) {
	fetch := func(scheme string) (res *http.Response, err error) {
		res, err = fallbackClient.Get(scheme + "://" + host)
		return
	}
	res, err := fetch("https")
	if err != nil {
		return fetch("http")
	}
	return res, nil
}
