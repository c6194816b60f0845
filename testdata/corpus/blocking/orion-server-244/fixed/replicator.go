package fixed

import (
	"errors"
	"sync"
)

type Block struct{ Number uint64 }

// BlockReplicator feeds proposed blocks to raft. The propose loop sleeps on
// proposeCond until a block is queued or the replicator stops; the raft event
// loop reports stops to it.
type BlockReplicator struct {
	mu          sync.Mutex
	proposeCond *sync.Cond
	pending     []*Block
	stopped     bool

	stopCh        chan struct{}
	raftErrCh     chan error
	doneProposeCh chan struct{}
	doneEventCh   chan struct{}
	proposed      []uint64
}

func NewBlockReplicator() *BlockReplicator {
	br := &BlockReplicator{
		stopCh:        make(chan struct{}),
		raftErrCh:     make(chan error, 1),
		doneProposeCh: make(chan struct{}),
		doneEventCh:   make(chan struct{}),
	}
	br.proposeCond = sync.NewCond(&br.mu)
	return br
}

func (br *BlockReplicator) Start() {
	go br.runRaftEventLoop()
	go br.runProposeLoop()
}

func (br *BlockReplicator) runRaftEventLoop() {
	defer close(br.doneEventCh)
	// However the loop ends, the propose loop must hear about it.
	defer func() {
		br.mu.Lock()
		br.stopped = true
		br.proposeCond.Broadcast()
		br.mu.Unlock()
	}()
	for {
		select {
		case <-br.stopCh:
			return
		case err := <-br.raftErrCh:
			// The node was removed from the cluster or raft failed: stop
			// serving.
			_ = err
			return
		}
	}
}

func (br *BlockReplicator) runProposeLoop() {
	defer close(br.doneProposeCh)
	br.mu.Lock()
	defer br.mu.Unlock()
	for {
		for len(br.pending) == 0 && !br.stopped {
			br.proposeCond.Wait()
		}
		if br.stopped {
			return
		}
		br.proposed = append(br.proposed, br.pending[0].Number)
		br.pending = br.pending[1:]
	}
}

// Close stops both loops and waits for them.
func (br *BlockReplicator) Close() {
	close(br.stopCh)
	<-br.doneEventCh
	<-br.doneProposeCh
}

var errRemoved = errors.New("node removed from the cluster")
