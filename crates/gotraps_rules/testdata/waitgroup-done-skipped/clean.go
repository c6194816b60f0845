package donesskipped

import (
	"sync"
)

// The Done is deferred first thing: every return pays it.
func fetchAllDeferred(parts []Part) [][]byte {
	var wg sync.WaitGroup
	var mu sync.Mutex
	var out [][]byte
	for _, p := range parts {
		wg.Add(1)
		go func(p Part) {
			defer wg.Done()
			b, err := fetchPart(p)
			if err != nil {
				return
			}
			mu.Lock()
			out = append(out, b)
			mu.Unlock()
		}(p)
	}
	wg.Wait()
	return out
}

// The failure path gives the count back.
func (q *Queue) TrySubmitPaid(t func()) bool {
	q.wg.Add(1)
	select {
	case q.tasks <- t:
		return true
	default:
		q.wg.Done()
		return false
	}
}

// Add just before the go statement: the skip happens before counting.
func startValidLate(parts []Part, run func(Part)) {
	var wg sync.WaitGroup
	for _, p := range parts {
		if p.Name == "" {
			continue
		}
		wg.Add(1)
		go func(p Part) {
			defer wg.Done()
			run(p)
		}(p)
	}
	wg.Wait()
}

// Add(n) once for a loop of goroutines, then the wait.
func runN(parts []Part, run func(Part)) error {
	var wg sync.WaitGroup
	wg.Add(len(parts))
	for _, p := range parts {
		go func(p Part) {
			defer wg.Done()
			run(p)
		}(p)
	}
	wg.Wait()
	return nil
}

// The goroutine's early return comes after its Done.
func fetchAllDoneFirst(parts []Part) int {
	var wg sync.WaitGroup
	var mu sync.Mutex
	n := 0
	for _, p := range parts {
		wg.Add(1)
		go func(p Part) {
			_, err := fetchPart(p)
			wg.Done()
			if err != nil {
				return
			}
			mu.Lock()
			n++
			mu.Unlock()
		}(p)
	}
	wg.Wait()
	return n
}
