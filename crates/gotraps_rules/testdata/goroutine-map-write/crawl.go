package crawl

import (
	"net/http"
	"sync"
)

func Check(urls []string) map[string]int {
	status := make(map[string]int)
	var wg sync.WaitGroup
	for _, u := range urls {
		wg.Add(1)
		go func() {
			defer wg.Done()
			resp, err := http.Head(u)
			if err != nil {
				status[u] = -1 // want `GT021 goroutine-map-write: map .status. is written by goroutines started in a loop without a lock`
				return
			}
			resp.Body.Close()
			status[u] = resp.StatusCode // want `map .status. is written by goroutines started in a loop`
		}()
	}
	wg.Wait()
	return status
}

type Index map[string][]int

func Build(docs []string, tokenize func(string) []string) Index {
	idx := Index{}
	go func() {
		for i, d := range docs {
			for _, t := range tokenize(d) {
				idx[t] = append(idx[t], i) // want `map .idx. is written by this goroutine while the parent uses it`
			}
		}
	}()
	delete(idx, "")
	return idx
}
