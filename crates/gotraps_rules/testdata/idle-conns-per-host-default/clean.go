package inventory

import (
	"net/http"
	"time"
)

var search = &http.Client{
	Timeout: 5 * time.Second,
	Transport: &http.Transport{
		MaxIdleConns:        200,
		MaxIdleConnsPerHost: 50,
		IdleConnTimeout:     90 * time.Second,
	},
}

func NewAuditClient(perHost int) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = 100
	t.MaxIdleConnsPerHost = perHost
	return &http.Client{Transport: t}
}

// A small total is not raised above the per-host default.
var probe = &http.Transport{MaxIdleConns: 2, DisableCompression: true}
