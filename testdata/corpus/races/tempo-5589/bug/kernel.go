package bug

import (
	"sync"
	"time"
)

type instance struct {
	mu     sync.Mutex
	traces map[string]string
}

func (i *instance) FindTraceByID(id string) (string, error) {
	time.Sleep(40 * time.Millisecond) // searches the WAL blocks
	i.mu.Lock()
	defer i.mu.Unlock()
	return i.traces[id], nil
}

func (i *instance) PushBytes(id, span string) {
	time.Sleep(20 * time.Millisecond) // appends to the WAL
	i.mu.Lock()
	defer i.mu.Unlock()
	i.traces[id] = span
}

// searchWhileIngesting queries from several goroutines while the caller keeps ingesting,
// then waits for the queries.
func searchWhileIngesting(inst *instance, ids []string) {
	var wg sync.WaitGroup
	for _, id := range ids {
		go func(id string) { // corpus:race-frame
			wg.Add(1) // corpus:race
			defer wg.Done()
			_, _ = inst.FindTraceByID(id)
		}(id)
	}
	inst.PushBytes("trace-2", "span")
	wg.Wait() // corpus:race
}

func runSearchTest(inst *instance) {
	searchWhileIngesting(inst, []string{"trace-1"}) // corpus:race-frame
}
