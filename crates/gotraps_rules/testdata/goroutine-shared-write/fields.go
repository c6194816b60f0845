package jobs

import (
	"log"
	"sync"
	"time"
)

// Crawler counts pages fetched by a pool of goroutines.
type Crawler struct {
	fetched int
	lastErr error
	started time.Time
	stats   crawlStats
}

type crawlStats struct {
	retries int
}

var lastRun time.Time

func (c *Crawler) Crawl(urls []string, fetch func(string) error) {
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			if err := fetch(u); err != nil {
				c.lastErr = err // want `GT020 goroutine-shared-write: .c.lastErr. is written by goroutines started in a loop`
				c.stats.retries++ // want `.c.stats.retries. is written by goroutines started in a loop`
				return
			}
			c.fetched++ // want `.c.fetched. is written by goroutines started in a loop`
		}(u)
	}
	wg.Wait()
}

// Refresh records the time of the run in a package variable from a goroutine, and the
// caller reads it right away.
func Refresh(load func() error) {
	go func() {
		if err := load(); err != nil {
			log.Print(err)
		}
		lastRun = time.Now() // want `.lastRun. is written by this goroutine and used by the parent afterwards`
	}()
	log.Printf("previous run at %v", lastRun)
}

// Start hands the crawler to its caller; the goroutine owns `started` until it is done,
// and returning the pointer reads no field.
func Start(fetch func() error) *Crawler {
	c := &Crawler{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		c.started = time.Now()
		_ = fetch()
	}()
	return c
}

// Each goroutine fills its own result object.
type result struct {
	n   int
	err error
}

func FetchAll(urls []string, fetch func(string) (int, error)) []*result {
	out := make([]*result, len(urls))
	var wg sync.WaitGroup
	for i, u := range urls {
		r := &result{}
		out[i] = r
		wg.Add(1)
		go func(u string) {
			defer wg.Done()
			r.n, r.err = fetch(u)
		}(u)
	}
	wg.Wait()
	return out
}

// The parent touches a different field than the goroutine writes.
func (c *Crawler) Warm(fetch func(string) error) {
	go func() {
		c.lastErr = fetch("/")
	}()
	c.fetched = 0
}
