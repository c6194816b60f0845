package bug

import (
	"errors"
	"sync"
)

// Extent is a time range missing from the cache.
type Extent struct{ Start, End int64 }

type origin interface {
	Fetch(e Extent) ([]float64, error)
}

// fetchExtents requests every missing extent from the origin in parallel and
// merges what came back; failed extents are skipped.
func fetchExtents(o origin, missing []Extent) []float64 {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var merged []float64
	for _, e := range missing {
		wg.Add(1)
		go func(e Extent) {
			points, err := o.Fetch(e)
			if err != nil {
				return // corpus:culprit
			}
			mu.Lock()
			merged = append(merged, points...)
			mu.Unlock()
			wg.Done()
		}(e)
	}
	wg.Wait() // corpus:blocks
	return merged
}

var errOriginDown = errors.New("origin unavailable")
