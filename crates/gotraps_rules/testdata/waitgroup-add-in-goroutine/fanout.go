package crawler

import "sync"

type site struct {
	host  string
	pages []string
}

func fetchPage(host, page string) int { return len(host) + len(page) }

// CrawlAll starts one goroutine per site; each site goroutine starts one per page. The
// site goroutine is counted before it starts, so its own Adds run while the counter is
// above zero and Wait cannot return before them.
func CrawlAll(sites []site) int {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		total int
	)
	sem := make(chan struct{}, 8)
	for _, s := range sites {
		sem <- struct{}{}
		wg.Add(1)
		go func(s site) {
			defer func() { <-sem }()
			defer wg.Done()
			for _, p := range s.pages {
				wg.Add(1)
				go func(p string) {
					defer wg.Done()
					n := fetchPage(s.host, p)
					mu.Lock()
					total += n
					mu.Unlock()
				}(p)
			}
		}(s)
	}
	wg.Wait()
	return total
}
