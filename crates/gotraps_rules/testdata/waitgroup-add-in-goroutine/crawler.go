package crawler

import (
	"log"
	"net/http"
	"sync"
)

type Result struct {
	URL    string
	Status int
}

// Crawler fetches pages on goroutines and collects the results.
type Crawler struct {
	client  *http.Client
	wg      sync.WaitGroup
	mu      sync.Mutex
	results []Result
}

func (c *Crawler) Crawl(urls []string) []Result {
	for _, u := range urls {
		go func() {
			c.wg.Add(1) // want `GT026 waitgroup-add-in-goroutine: .c\.wg\.Add. inside the goroutine it counts`
			defer c.wg.Done()
			c.fetch(u)
		}()
	}
	c.wg.Wait()
	return c.results
}

func (c *Crawler) fetch(u string) {
	resp, err := c.client.Get(u)
	if err != nil {
		log.Printf("fetch %s: %v", u, err)
		return
	}
	resp.Body.Close()
	c.mu.Lock()
	c.results = append(c.results, Result{URL: u, Status: resp.StatusCode})
	c.mu.Unlock()
}

// Retry counts the goroutine only after logging: still too late.
func Retry(jobs []func() error) {
	var wg sync.WaitGroup
	for _, job := range jobs {
		go func() {
			log.Printf("starting job")
			wg.Add(1) // want `wg\.Add. inside the goroutine it counts`
			defer wg.Done()
			if err := job(); err != nil {
				log.Printf("job: %v", err)
			}
		}()
	}
	wg.Wait()
}

var flushers sync.WaitGroup

func FlushAsync(batches [][]byte, write func([]byte)) {
	for _, b := range batches {
		go func(n int) {
			flushers.Add(n) // want `flushers\.Add. inside the goroutine`
			for i := 0; i < n; i++ {
				write(b)
				flushers.Done()
			}
		}(len(b))
	}
	flushers.Wait()
}
