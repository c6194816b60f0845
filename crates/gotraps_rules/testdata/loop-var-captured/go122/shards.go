// From Go 1.22 every iteration has its own variable.
package go122

import "log"

type Shard struct{ ID int }

func (s *Shard) Flush() error { return nil }

func flushAll(shards []*Shard) {
	for _, s := range shards {
		go func() {
			if err := s.Flush(); err != nil {
				log.Print(err)
			}
		}()
	}
}
