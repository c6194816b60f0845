package tokens

import (
	"net/http"
	"sync"
	"time"
)

type Poller struct {
	mu     sync.Mutex
	last   int
	client *http.Client
}

// Poll does the request without the lock and stores the result under it.
func (p *Poller) Poll(url string) error {
	resp, err := p.client.Get(url)
	if err != nil {
		return err
	}
	resp.Body.Close()
	p.mu.Lock()
	p.last = resp.StatusCode
	p.mu.Unlock()
	return nil
}

// Backoff sleeps after releasing.
func (p *Poller) Backoff() {
	p.mu.Lock()
	d := time.Duration(p.last) * time.Millisecond
	p.mu.Unlock()
	time.Sleep(d)
}
