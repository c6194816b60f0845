// Package bug models a data node's flowgraph manager: one flowgraph per
// virtual channel, each with a lock that blocks its pipeline, and a
// BlockAll/UnblockAll pair used by periodic whole-node operations.
package fixed

import (
	"sort"
	"sync"
)

type dataSyncService struct {
	vchannel   string
	blockMutex sync.Mutex
	checkpoint uint64
}

// Block pauses the channel's pipeline.
func (s *dataSyncService) Block() {
	s.blockMutex.Lock()
}

func (s *dataSyncService) Unblock() {
	s.blockMutex.Unlock()
}

// process handles one message of the channel's pipeline under blockMutex,
// which is what Block waits for.
func (s *dataSyncService) process(ts uint64, operate func()) {
	s.blockMutex.Lock()
	defer s.blockMutex.Unlock()
	operate()
	s.checkpoint = ts
}

type flowgraphManager struct {
	mu         sync.RWMutex
	flowgraphs map[string]*dataSyncService
}

// BlockAll blocks every channel and returns them for UnblockAll. Channels
// are blocked in name order, so that concurrent callers agree on the order.
func (fm *flowgraphManager) BlockAll() []*dataSyncService {
	fm.mu.RLock()
	defer fm.mu.RUnlock()
	names := make([]string, 0, len(fm.flowgraphs))
	for name := range fm.flowgraphs {
		names = append(names, name)
	}
	sort.Strings(names)
	blocked := make([]*dataSyncService, 0, len(names))
	for _, name := range names {
		fg := fm.flowgraphs[name]
		fg.Block()
		blocked = append(blocked, fg)
	}
	return blocked
}

func (fm *flowgraphManager) UnblockAll(blocked []*dataSyncService) {
	for _, fg := range blocked {
		fg.Unblock()
	}
}
