package jobs

import (
	"sync"
	"sync/atomic"
)

func Count(jobs []Job) int64 {
	var n atomic.Int64
	var wg sync.WaitGroup
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if handle(j) == nil {
				n.Add(1)
			}
		}()
	}
	wg.Wait()
	return n.Load()
}

// Fetch waits for the goroutine before reading its result.
func Fetch(load func() ([]byte, error)) ([]byte, error) {
	var data []byte
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		data, err = load()
	}()
	<-done
	return data, err
}

func Sum(parts [][]int) int {
	var mu sync.Mutex
	total := 0
	var wg sync.WaitGroup
	for _, p := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := 0
			for _, v := range p {
				s += v
			}
			mu.Lock()
			total += s
			mu.Unlock()
		}()
	}
	wg.Wait()
	return total
}

// Each goroutine writes only its own slot.
func Squares(n int) []int {
	out := make([]int, n)
	var wg sync.WaitGroup
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i] = i * i
		}()
	}
	wg.Wait()
	return out
}
