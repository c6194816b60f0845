package fixed

import (
	"sync"
	"time"
)

// Logger is satisfied by *testing.T in tests.
type Logger interface {
	Logf(format string, args ...any)
}

type StorageNode struct {
	ID      int
	Address string
}

type Admin struct {
	logger Logger
	stop   chan struct{}
	wg     sync.WaitGroup
	mu     sync.Mutex
	nodes  map[int]StorageNode
}

func NewAdmin(logger Logger) *Admin {
	return &Admin{logger: logger, stop: make(chan struct{}), nodes: map[int]StorageNode{}}
}

func (a *Admin) Run() {
	a.wg.Add(1)
	go a.watchStorageNodes()
}

func (a *Admin) watchStorageNodes() {
	defer a.wg.Done()
	for {
		select {
		case <-a.stop:
			time.Sleep(50 * time.Millisecond) // flushes the metadata repository client
			a.logger.Logf("admin: stopped watching %d storage nodes", len(a.nodes))
			return
		case <-time.After(time.Millisecond):
		}
	}
}

func (a *Admin) GetStorageNode(id int) (StorageNode, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	sn, ok := a.nodes[id]
	return sn, ok
}

func (a *Admin) Close() {
	close(a.stop)
	a.wg.Wait()
}
