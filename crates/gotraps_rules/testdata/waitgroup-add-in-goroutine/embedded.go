package crawler

import (
	"log"
	"sync"
)

// pool embeds its WaitGroup: p.Add, p.Done and p.Wait are the WaitGroup's methods.
type pool struct {
	sync.WaitGroup
	name string
}

func (p *pool) runAll(tasks []func()) {
	for _, t := range tasks {
		go func() {
			p.Add(1) // want `GT026 waitgroup-add-in-goroutine: .p\.Add. inside the goroutine it counts`
			defer p.Done()
			t()
		}()
	}
	p.Wait()
	log.Printf("%s: all tasks done", p.name)
}

// fetchCodes declares a local whose text merely contains the receiver's name; the
// WaitGroup is still the crawler's.
func (c *Crawler) fetchCodes(urls []string) []int {
	var codes []int
	for _, u := range urls {
		go func() {
			var code int
			c.wg.Add(1) // want `GT026 waitgroup-add-in-goroutine: .c\.wg\.Add. inside the goroutine it counts`
			defer c.wg.Done()
			resp, err := c.client.Get(u)
			if err == nil {
				code = resp.StatusCode
				resp.Body.Close()
			}
			c.mu.Lock()
			codes = append(codes, code)
			c.mu.Unlock()
		}()
	}
	c.wg.Wait()
	return codes
}
