package fixtures

import (
	"log"
	"sync"
)

// Copied first.
func flushCopied(shards []*Shard) {
	var wg sync.WaitGroup
	for _, s := range shards {
		s := s
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.Flush()
		}()
	}
	wg.Wait()
}

// Passed as an argument.
func flushArg(shards []*Shard) {
	for _, s := range shards {
		go func(s *Shard) {
			if err := s.Flush(); err != nil {
				log.Print(err)
			}
		}(s)
	}
}

// Read by a closure that runs at once, not later.
func sum(xs []int) int {
	total := 0
	for _, x := range xs {
		func() { total += x }()
	}
	return total
}
