package ownrecv

import (
	"context"
	"time"
)

// ---- positive: the index goroutine re-queues through its own Submit ----

type Doc struct {
	ID     string
	Parent string
}

type Indexer struct {
	docs    chan Doc
	stop    chan struct{}
	pending []Doc
	indexed map[string]bool
}

func NewIndexer() *Indexer {
	ix := &Indexer{docs: make(chan Doc), stop: make(chan struct{}), indexed: map[string]bool{}}
	go ix.serve()
	return ix
}

// Submit hands a document to the index goroutine.
func (ix *Indexer) Submit(d Doc) {
	ix.docs <- d // want `GT404 send-to-own-receiver: send on .ix\.docs. blocks forever: it runs inside the loop of .serve., the only goroutine receiving from that unbuffered channel`
}

func (ix *Indexer) serve() {
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case d := <-ix.docs:
			ix.pending = append(ix.pending, d)
		case <-tick.C:
			ix.flush()
		case <-ix.stop:
			return
		}
	}
}

func (ix *Indexer) flush() {
	var keep []Doc
	for _, d := range ix.pending {
		if d.Parent != "" && !ix.indexed[d.Parent] {
			// The parent must be indexed first: ask for it.
			ix.Submit(Doc{ID: d.Parent})
			keep = append(keep, d)
			continue
		}
		ix.indexed[d.ID] = true
	}
	ix.pending = keep
}

func (ix *Indexer) Close() { close(ix.stop) }

// ---- positive: a callback the loop runs may call Publish back ----

type Update struct{ Topic, Body string }

// Listener is told about every update the hub delivered.
type Listener func(u Update)

type Hub struct {
	updates  chan Update
	done     chan struct{}
	listener Listener
	last     map[string]string
}

func NewHub(l Listener) *Hub {
	h := &Hub{updates: make(chan Update), done: make(chan struct{}), listener: l, last: map[string]string{}}
	go h.deliver()
	return h
}

// Publish waits for the delivery loop to take the update.
func (h *Hub) Publish(ctx context.Context, u Update) error {
	select {
	case h.updates <- u:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (h *Hub) deliver() {
	for {
		select {
		case u := <-h.updates:
			h.last[u.Topic] = u.Body
			h.listener(u) // want `GT404 send-to-own-receiver: .h\.listener\(u\). runs a callback supplied by callers inside the only loop receiving from .h\.updates.: a callback that calls .Publish.`
		case <-h.done:
			return
		}
	}
}

func (h *Hub) Stop() { close(h.done) }
