package jobs

import (
	"log"
	"sync"
)

type Job struct{ ID int }

func handle(j Job) error { return nil }

func RunAll(jobs []Job) int {
	var wg sync.WaitGroup
	processed := 0
	var lastErr error
	for _, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := handle(j); err != nil {
				lastErr = err // want `GT020 goroutine-shared-write: .lastErr. is written by goroutines started in a loop`
				return
			}
			processed++ // want `.processed. is written by goroutines started in a loop`
		}()
	}
	wg.Wait()
	if lastErr != nil {
		log.Print(lastErr)
	}
	return processed
}

func Warmup(load func() []string) []string {
	var cache []string
	go func() {
		cache = load() // want `.cache. is written by this goroutine and used by the parent afterwards`
	}()
	log.Printf("warming %d entries", len(cache))
	return cache
}
