package pool

import (
	"context"
	"sync"
)

// A peer book announces each added peer to a watcher through a call chain; the
// watcher takes the book's lock at the top of each round before it receives
// again, so the second announcement, made with the lock held, never completes.
type Peer struct{ Addr string }

type announcer struct {
	out chan *Peer
}

func (a *announcer) announce(p *Peer) {
	a.out <- p
}

type Book struct {
	mu    sync.Mutex
	peers map[string]*Peer
	ann   announcer
}

func NewBook() *Book {
	return &Book{peers: map[string]*Peer{}, ann: announcer{out: make(chan *Peer)}}
}

func (b *Book) AddAll(peers []*Peer) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range peers {
		b.add(p)
	}
}

func (b *Book) add(p *Peer) {
	if _, ok := b.peers[p.Addr]; ok {
		return
	}
	b.peers[p.Addr] = p
	b.ann.announce(p) // want `GT429 lock-held-blocks-partner: .b\.ann\.announce\(p\). blocks in a send \(at announce\.go:\d+\): the send on .a\.out. waits while .b\.mu. is held, and its partner in .WaitFor.`
}

// WaitFor returns once the book holds n peers.
func (b *Book) WaitFor(ctx context.Context, n int) error {
	for {
		b.mu.Lock()
		have := len(b.peers)
		b.mu.Unlock()
		if have >= n {
			return nil
		}
		select {
		case <-b.ann.out:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
