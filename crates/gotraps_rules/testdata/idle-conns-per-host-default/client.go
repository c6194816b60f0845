package inventory

import (
	"net/http"
	"time"
)

// One client shared by every request handler toward the inventory service.
var inventory = &http.Client{
	Timeout: 5 * time.Second,
	Transport: &http.Transport{ // want `GT032 idle-conns-per-host-default: MaxIdleConns is 200 but MaxIdleConnsPerHost stays at the default 2`
		MaxIdleConns:    200,
		IdleConnTimeout: 90 * time.Second,
	},
}

type Config struct{ PoolSize int }

func NewPricingClient(cfg Config) *http.Client {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = cfg.PoolSize // want `MaxIdleConns is cfg.PoolSize but MaxIdleConnsPerHost stays`
	t.ResponseHeaderTimeout = 2 * time.Second
	return &http.Client{Transport: t, Timeout: 10 * time.Second}
}
