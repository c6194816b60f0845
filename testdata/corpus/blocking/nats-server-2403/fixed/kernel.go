// Package bug models a JetStream stream with interest retention and its
// consumers: when the store removes a message, the stream tells each
// consumer, and a consumer that had the message pending acks it back.
package fixed

import (
	"fmt"
	"io"
	"sync"
)

type RetentionPolicy int

const (
	LimitsPolicy RetentionPolicy = iota
	InterestPolicy
)

type StreamConfig struct {
	Name      string
	Retention RetentionPolicy
	MaxMsgs   int
}

type stream struct {
	mu        sync.RWMutex
	cfg       StreamConfig
	consumers []*consumer
	msgs      map[uint64][]byte
}

type consumer struct {
	mu      sync.Mutex
	name    string
	mset    *stream
	pending map[uint64]struct{}
}

// removeMsg is the store's removal path; storeUpdates is its callback.
func (mset *stream) removeMsg(seq uint64) {
	mset.mu.Lock()
	delete(mset.msgs, seq)
	mset.mu.Unlock()
	mset.storeUpdates(-1, seq)
}

func (mset *stream) storeUpdates(md int64, seq uint64) {
	if md == -1 {
		// Consumers may call back into the stream (ackMsg takes mset.mu),
		// so they are called without the stream lock.
		mset.mu.RLock()
		consumers := append([]*consumer(nil), mset.consumers...)
		mset.mu.RUnlock()
		for _, o := range consumers {
			o.decStreamPending(seq)
		}
	}
}

func (o *consumer) decStreamPending(seq uint64) {
	o.mu.Lock()
	_, wasPending := o.pending[seq]
	o.mu.Unlock()
	if wasPending {
		o.processAckMsg(seq)
	}
}

func (o *consumer) processAckMsg(seq uint64) {
	o.mu.Lock()
	delete(o.pending, seq)
	mset := o.mset
	o.mu.Unlock()
	if mset != nil {
		mset.ackMsg(o, seq)
	}
}

// ackMsg removes seq once no consumer is interested in it any more (with
// interest retention).
func (mset *stream) ackMsg(o *consumer, seq uint64) bool {
	mset.mu.RLock()
	if mset.cfg.Retention != InterestPolicy {
		mset.mu.RUnlock()
		return false
	}
	_, ok := mset.msgs[seq]
	mset.mu.RUnlock()
	return ok
}

func (mset *stream) updateConfig(cfg StreamConfig) {
	mset.mu.Lock()
	mset.cfg = cfg
	mset.mu.Unlock()
}

// deliverMsg writes a message to the client and tracks it until acked.
func (o *consumer) deliverMsg(w io.Writer, seq uint64, msg []byte) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.pending[seq] = struct{}{}
	fmt.Fprintf(w, "MSG %s %d %s\r\n", o.name, seq, msg)
}
