// Package bug models the discovery table of a p2p node: added nodes are
// announced on a feed whose Send waits until every subscriber has taken
// the value, like go-ethereum's event.FeedOf.
package bug

import (
	"context"
	"sync"
)

type Node struct{ ID string }

// FeedOf delivers each sent value to all subscribed channels.
type FeedOf struct {
	mu   sync.Mutex
	subs []*Subscription
}

type Subscription struct {
	ch   chan<- *Node
	quit chan struct{}
	once sync.Once
}

// Unsubscribe stops delivery; a Send in progress skips this subscriber.
func (s *Subscription) Unsubscribe() { s.once.Do(func() { close(s.quit) }) }

func (f *FeedOf) Subscribe(ch chan<- *Node) *Subscription {
	sub := &Subscription{ch: ch, quit: make(chan struct{})}
	f.mu.Lock()
	f.subs = append(f.subs, sub)
	f.mu.Unlock()
	return sub
}

// Send blocks until every live subscriber has received n.
func (f *FeedOf) Send(n *Node) (nsent int) {
	f.mu.Lock()
	subs := append([]*Subscription(nil), f.subs...)
	f.mu.Unlock()
	for _, sub := range subs {
		select { // corpus:blocks
		case sub.ch <- n:
			nsent++
		case <-sub.quit:
		}
	}
	return nsent
}

type Table struct {
	mutex    sync.Mutex
	nodes    map[string]*Node
	nodeFeed FeedOf
}

func newTable() *Table { return &Table{nodes: map[string]*Node{}} }

func (tab *Table) loadSeedNodes(seeds []*Node) {
	tab.mutex.Lock()
	defer tab.mutex.Unlock()
	for _, n := range seeds {
		tab.handleAddNode(n)
	}
}

func (tab *Table) handleAddNode(n *Node) bool {
	if _, ok := tab.nodes[n.ID]; ok {
		return false
	}
	tab.nodes[n.ID] = n
	tab.nodeAdded(n)
	return true
}

func (tab *Table) nodeAdded(n *Node) {
	tab.nodeFeed.Send(n) // corpus:culprit
}

// waitForNodes blocks until the table holds at least n nodes.
func (tab *Table) waitForNodes(ctx context.Context, n int) error {
	ch := make(chan *Node)
	sub := tab.nodeFeed.Subscribe(ch)
	defer sub.Unsubscribe()
	for {
		tab.mutex.Lock() // corpus:blocks
		if len(tab.nodes) >= n {
			tab.mutex.Unlock()
			return nil
		}
		tab.mutex.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
