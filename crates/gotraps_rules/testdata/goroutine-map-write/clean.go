package crawl

import "sync"

func Tally(words []string) map[string]int {
	counts := map[string]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, w := range words {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			counts[w]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	return counts
}

// Results travel over a channel; one goroutine owns the map.
func Collect(keys []string, value func(string) int) map[string]int {
	type kv struct {
		k string
		v int
	}
	ch := make(chan kv)
	for _, k := range keys {
		go func() { ch <- kv{k, value(k)} }()
	}
	out := make(map[string]int, len(keys))
	for range keys {
		r := <-ch
		out[r.k] = r.v
	}
	return out
}

// The goroutine owns a map of its own.
func Background(items []string, done chan<- map[string]bool) {
	go func() {
		seen := make(map[string]bool)
		for _, it := range items {
			seen[it] = true
		}
		done <- seen
	}()
}
