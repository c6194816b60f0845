package fixed

import (
	"fmt"
	"hash/fnv"
	"sync"
	"sync/atomic"
	"testing"

	"gotraps.test/corpus/internal/prove"
)

type fnvHasher struct{}

func (fnvHasher) Sum64(b []byte) uint64 {
	h := fnv.New64a()
	h.Write(b)
	return h.Sum64()
}

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		c := New(fnvHasher{}, 71)
		for i := 0; i < 4; i++ {
			c.Add(Member(fmt.Sprintf("node-%d", i)))
		}
		var stop atomic.Bool
		var wg sync.WaitGroup
		// Lookups for replication run continuously...
		for r := 0; r < 3; r++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; !stop.Load(); i++ {
					c.GetClosestN([]byte(fmt.Sprintf("key-%d", i)), 2)
				}
			}()
		}
		// ...while a member flaps.
		for i := 0; i < 10000; i++ {
			c.Add("node-9")
			c.Remove("node-9")
		}
		stop.Store(true)
		wg.Wait()
	})
}
