package fixtures

import (
	"context"
	"log"
	"os"
	"sync"

	"golang.org/x/sync/errgroup"
)

type Shard struct{ ID int }

func (s *Shard) Flush() error { return nil }

func flushAll(shards []*Shard) {
	var wg sync.WaitGroup
	for _, s := range shards {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := s.Flush(); err != nil { // want `loop variable .s. captured by a goroutine`
				log.Print(err)
			}
		}()
		log.Printf("started shard")
	}
	wg.Wait()
}

func openAll(paths []string) error {
	for i, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer func() {
			log.Printf("closing %d: %s", i, p) // want `loop variable .i. captured by a deferred call` `loop variable .p. captured by a deferred call`
			f.Close()
		}()
	}
	return nil
}

func syncAll(ctx context.Context, shards []*Shard) error {
	g, ctx := errgroup.WithContext(ctx)
	for i := 0; i < len(shards); i++ {
		g.Go(func() error {
			return shards[i].Flush() // want `loop variable .i. captured by a goroutine`
		})
	}
	return g.Wait()
}
