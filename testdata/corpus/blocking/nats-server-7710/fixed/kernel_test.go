package fixed

import (
	"sync"
	"testing"
	"time"

	"gotraps.test/corpus/internal/prove"
)

type fileStore struct{}

func (fileStore) Stop() {}

func TestKernel(t *testing.T) {
	prove.Completes(t, func() {
		js := &jetStream{accounts: map[string]*jsAccount{}}
		jsa := &jsAccount{
			js:      js,
			streams: map[string]*stream{},
			// Creating the file store takes a moment (directories, files).
			newStore: func(StreamConfig) (store, error) { time.Sleep(20 * time.Millisecond); return fileStore{}, nil },
		}
		js.accounts["$G"] = jsa
		var wg sync.WaitGroup
		wg.Add(2)
		go func() {
			defer wg.Done()
			sa := &streamAssignment{Config: StreamConfig{Name: "ORDERS"}, Created: time.Now()}
			jsa.addStreamWithAssignment(sa.Config, sa)
		}()
		time.Sleep(5 * time.Millisecond)
		go func() { defer wg.Done(); js.shutdown() }()
		wg.Wait()
	})
}
